"""Entity registry (seeds/entities.csv) and fast mention finding.

Mentions are found by scanning capitalised tokens (plus a few lower-case-initial names such as
``xAI``) and looking up the registry names that start with that token, longest first: one cheap
regex pass instead of a huge alternation.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_REGISTRY_PATH = Path(__file__).resolve().parent.parent / "seeds" / "entities.csv"


def slugify(name: str) -> str:
    s = re.sub(r"[’']s\b", "", name.strip())
    s = re.sub(r"[^0-9A-Za-z]+", "-", s).strip("-").lower()
    return s or "unknown"


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str  # app | company | person
    aliases: tuple[str, ...] = ()
    as_owner: str | None = None  # the company an owner-role mention means ("Facebook-owned" -> meta)
    metrics_app: str | None = None  # the app a company's user figures are about ("Snap's DAU" -> snapchat)


@dataclass
class Registry:
    entities: dict[str, Entity] = field(default_factory=dict)
    # surface form -> entity id (case-sensitive)
    surfaces: dict[str, str] = field(default_factory=dict)
    # first token -> surface forms starting with it, longest first
    by_first: dict[str, list[str]] = field(default_factory=dict)

    def add(self, ent: Entity) -> None:
        self.entities[ent.id] = ent
        for surface in (ent.name, *ent.aliases):
            surface = surface.strip()
            if surface and surface not in self.surfaces:
                self.surfaces[surface] = ent.id
                first = re.match(r"\w+", surface)
                key = first.group(0) if first else surface
                lst = self.by_first.setdefault(key, [])
                lst.append(surface)
                lst.sort(key=len, reverse=True)

    def get(self, eid: str) -> Entity | None:
        return self.entities.get(eid)

    def kind(self, eid: str) -> str:
        e = self.entities.get(eid)
        return e.kind if e else "unknown"

    def resolve(self, name: str) -> tuple[str, bool]:
        """(entity id, resolved?) for a surface name; unknown names get a slug id."""
        name = name.strip().strip("\"'“”‘’")
        if name in self.surfaces:
            return self.surfaces[name], True
        cached = self.__dict__.get("_lower")
        if cached is None or cached[0] != len(self.surfaces):
            cached = (len(self.surfaces), {k.lower(): v for k, v in self.surfaces.items()})
            self.__dict__["_lower"] = cached
        low = cached[1]
        if name.lower() in low:
            return low[name.lower()], True
        person = self.person_by_surname(name)
        if person:
            return person, True
        return slugify(name), False

    def person_by_surname(self, name: str) -> str | None:
        """ "Mr Musk", "Ms. Yaccarino", "Musk": the one registered person of that surname, if only one."""
        m = re.fullmatch(r"(?:(?:Mr|Mrs|Ms|Dr|Mr\.|Mrs\.|Ms\.|Dr\.)\s+)?([A-Z][\w’'-]+)", name)
        if not m:
            return None
        index = self.__dict__.get("_surnames")
        if index is None or index[0] != len(self.entities):
            by = {}
            for e in self.entities.values():
                if e.kind == "person" and " " in e.name:
                    by.setdefault(e.name.split()[-1], set()).add(e.id)
            index = (len(self.entities), by)
            self.__dict__["_surnames"] = index
        ids = index[1].get(m.group(1), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def __len__(self) -> int:
        return len(self.entities)




def load_registry(path: Path | None = None) -> Registry:
    path = Path(path) if path else DEFAULT_REGISTRY_PATH
    reg = Registry()
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            eid = (row.get("id") or "").strip()
            if not eid:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            reg.add(Entity(eid, (row.get("name") or eid).strip(), (row.get("kind") or "app").strip(), aliases,
                           (row.get("as_owner") or "").strip() or None, (row.get("metrics_app") or "").strip() or None))
    return reg


@dataclass(slots=True)
class Mention:
    start: int
    end: int  # end of the name (without possessive)
    eid: str
    kind: str  # app | company | person | unknown | anaphor
    surface: str
    resolved: bool = True
    possessive: bool = False
    anaphor: str | None = None  # "it", "the app", ...
    flags: set = field(default_factory=set)  # source, modifier, appos, agent, object, possessor

    @property
    def excluded(self) -> bool:
        return bool(self.flags & {"source", "modifier", "appos", "agent", "object", "possessor"})


_SINGLE_LETTER_BAD = re.compile(r"(?:[A-Z][\w]*|[Gg]eneration|[Mm]odel|[Ss]eries|[Tt]ype|[Pp]lan|[Pp]roject)\s$")
_CAP_TOKEN = re.compile(r"(?<![\w.@/-])(?:[A-Z0-9][\w]*|xAI|i[A-Z][\w]*|eBay)")
_POSS = re.compile(r"[’']s?(?![\w])")


def find_mentions(text: str, start: int, end: int, reg: Registry) -> list[Mention]:
    """Registry mentions in text[start:end] (absolute offsets), longest match first."""
    out: list[Mention] = []
    pos = start
    by_first = reg.by_first
    for m in _CAP_TOKEN.finditer(text, start, end):
        s = m.start()
        if s < pos:
            continue
        tok = m.group(0)
        cands = by_first.get(tok)
        if cands is None:
            # tokens such as "Lemon8" / "X.AI" / "Character.AI" keep internal dots
            continue
        for surface in cands:
            e = s + len(surface)
            if e <= end and text.startswith(surface, s):
                nxt = text[e:e + 1]
                if nxt and (nxt.isalnum() or nxt == "_"):
                    continue
                if nxt == "." and text[e + 1:e + 2].isalnum():
                    continue
                if len(surface) == 1 and _SINGLE_LETTER_BAD.search(text, max(0, s - 20), s):
                    break  # "Generation X", "Model X", "Series X": not the app
                eid = reg.surfaces[surface]
                ment = Mention(s, e, eid, reg.kind(eid), surface)
                pm = _POSS.match(text, e)
                if pm and pm.group(0)[0] in "’'" and (len(pm.group(0)) == 2 or surface.endswith("s")):
                    ment.possessive = True
                out.append(ment)
                pos = e
                break
    return out
