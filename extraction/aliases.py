"""also_known_as: formerly (known as / called), also known as, dubbed, nickname, English name,
renamed/rebranded, and "Name (Alias)" parentheticals of registry aliases."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .context import HEDGE_RE, Resolved, Sentence, Topic, as_resolved, clause_start, resolve_anaphor, subject_at
from .entities import Mention, Registry

_NAME = r"(?:[“\"‘']\s*(?P<q>[A-Z][^”\"’']{0,40}?)\s*[”\"’'],?|(?P<n>(?:[A-Z][\w.&+-]*|xAI)(?:\s+(?:[A-Z][\w.&+-]*|&))*))"
FORMERLY_RE = re.compile(r"\b(?:formerly|previously|originally|once)\s+(?:known\s+as|called|named|dubbed|branded\s+as\s+)?\s*" + _NAME)
# "Bolt was founded as Taxify", "It debuted as ViaMaker": the name it started under
FOUNDED_AS_RE = re.compile(r"\b(?:founded|launched|debuted|started|began)\s+(?:in\s+\d{4}\s+)?as\s+" + _NAME)
AKA_RE = re.compile(r"(?:,|\(|\balso)\s*(?:also\s+)?(?:known|called|dubbed|nicknamed|named|referred\s+to|branded|marketed)\s+(?:as\s+)?" + _NAME)
NICKNAME_RE = re.compile(
    r"(?P<alias>[“\"‘]\s*[A-Z][^”\"’]{0,40}?\s*[”\"’],?|(?:[A-Z][\w.&+-]*)(?:\s+[A-Z][\w.&+-]*)*,)\s+"
    r"(?P<det>the|its|the\s+app[’']s|the\s+platform[’']s|the\s+company[’']s|[A-Z][\w.-]*[’']s)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:nick)?name\b(?P<rest>[^.;]{0,60}?\bfor\s+)?")
AS_KNOWN_RE = re.compile(
    r"(?P<alias>[“\"‘]\s*[A-Z][^”\"’]{0,40}?\s*[”\"’]|(?:[A-Z][\w.&+-]*)(?:\s+[A-Z][\w.&+-]*)*),?\s+as\s+"
    r"(?P<subj>(?:[A-Z][\w.&+-]*)(?:\s+[A-Z][\w.&+-]*)*)\s+is\s+(?:also\s+|often\s+|widely\s+|commonly\s+)?"
    r"(?:known|called|dubbed|referred\s+to)\b")
# "X, which Musk rebranded from Twitter", "Gemini, which was called Bard until ...", "BGMI ... goes by"
FROM_RE = re.compile(r"\b(?:renamed|rebranded)\s+(?:it\s+|itself\s+)?from\s+" + _NAME)
UNTIL_RE = re.compile(r"\b(?:was|were)\s+(?:called|named|known\s+as|branded\s+as)\s+" + _NAME + r"\s+(?:until|before|till)\b")
GOES_BY_RE = re.compile(r"\b(?:goes|go|went|going)\s+by\s+(?:the\s+(?:name|nickname)\s+)?" + _NAME)
RENAMED_RE = re.compile(r"\b(?:renamed|rebranded)\s+(?:itself\s+)?(?:as\s+|to\s+)?" + _NAME)
_SLASH_NAME = re.compile(r"/([A-Z][\w.&+-]*)")
_STOP = {"The", "A", "An", "It", "Its", "In", "On", "This", "That"}


@dataclass(slots=True)
class AliasHit:
    subject: Resolved
    alias: str
    confidence: float
    start: int
    end: int


def _name(m: re.Match) -> str | None:
    n = m.group("q") or m.group("n")
    if not n:
        return None
    n = re.sub(r"\s+(?:Inc|Corp|Corporation|Ltd|LLC|plc|Co)\.?$", "", n.strip().rstrip(",."))
    if not n or n.split()[0] in _STOP or len(n) > 40:
        return None
    return n


def extract_aliases(text: str, sent: Sentence, topic: Topic, reg: Registry) -> list[AliasHit]:
    out: list[AliasHit] = []

    def add(subj: Resolved | None, alias: str | None, conf: float):
        if subj is None or not alias or subj.kind not in ("app", "company", "unknown"):
            return
        ent = reg.get(subj.eid)
        if ent is not None and alias == ent.name:
            # "RedNote, also known as Xiaohongshu": the name the text opened with is the alias
            surface = subj.mention.surface if subj.mention is not None else ""
            if subj.anaphoric or subj.mention.kind == "anaphor" or not surface or surface == ent.name:
                return
            alias = surface
        if any(h.subject.eid == subj.eid and h.alias == alias for h in out):
            return
        if subj.anaphoric:
            conf -= 0.15
        out.append(AliasHit(subj, alias, max(0.05, conf), sent.start, sent.end))

    def hedge(a):
        return HEDGE_RE.search(text, clause_start(sent, a), a) is not None and \
            re.search(r"\b(?:not|never|n[’']t)\b", text[clause_start(sent, a):a]) is not None

    for m in [*FORMERLY_RE.finditer(text, sent.start, sent.end), *FOUNDED_AS_RE.finditer(text, sent.start, sent.end)]:
        alias = _name(m)
        if alias is None or hedge(m.start()):
            continue
        subs, c = subject_at(text, sent, m.start(), topic)
        if subs:
            add(subs[-1], alias, min(c, 0.9))
    # "WeChat/Weixin": two names of one registered app
    for m in sent.mentions:
        sm = _SLASH_NAME.match(text, m.end, sent.end)
        if sm and m.kind == "app" and m.resolved and reg.resolve(sm.group(1)) == (m.eid, True) \
                and sm.group(1) != m.surface:
            add(Resolved(m.eid, True, m.kind, m), sm.group(1), 0.8)
    for rx in (FROM_RE, UNTIL_RE, GOES_BY_RE):
        for m in rx.finditer(text, sent.start, sent.end):
            alias = _name(m)
            if alias is None or hedge(m.start()):
                continue
            subs, c = subject_at(text, sent, m.start(), topic)
            if subs:
                eid, ok = reg.resolve(alias)
                if ok and eid != subs[-1].eid and reg.kind(eid) != "unknown":
                    continue
                add(subs[-1], alias, min(c, 0.85))
    for m in AKA_RE.finditer(text, sent.start, sent.end):
        alias = _name(m)
        if alias is None or hedge(m.start()):
            continue
        subs, c = subject_at(text, sent, m.start(), topic)
        if subs:
            eid, ok = reg.resolve(alias)
            if ok and eid != subs[-1].eid:
                continue  # "Douyin, known as TikTok outside China": another registered app, not an alias
            add(subs[-1], alias, min(c, 0.85))
    for m in NICKNAME_RE.finditer(text, sent.start, sent.end):
        alias = m.group("alias").strip().strip(",").strip("“”\"‘’ ").strip(",")
        if not alias or alias.split()[0] in _STOP:
            continue
        subj = None
        if m.group("rest"):
            subj_m = next((x for x in sent.mentions if m.end() <= x.start <= m.end() + 2), None)
            if subj_m is not None:
                subj = as_resolved(sent, subj_m, topic)
        if subj is None:
            eid, ok = reg.resolve(alias)
            if ok and reg.get(eid) and reg.get(eid).name != alias:
                subj = Resolved(eid, True, reg.kind(eid), Mention(m.start(), m.start() + len(alias), eid, reg.kind(eid), alias))
        if subj is None:
            det = m.group("det")
            if det.lower().startswith(("its", "the")):
                pron = Mention(m.start("det"), m.end("det"), "", "anaphor", det, possessive=True,
                               anaphor="company" if "company" in det else ("any" if det.lower() == "its" else "app"))
                subj = resolve_anaphor(sent, pron, topic)
            else:
                owner = next((x for x in sent.mentions if x.start == m.start("det")), None)
                if owner is not None:
                    subj = as_resolved(sent, owner, topic)
        add(subj, alias, 0.8)
    for m in AS_KNOWN_RE.finditer(text, sent.start, sent.end):
        alias = m.group("alias").strip().strip("“”\"‘’ ")
        sm = next((x for x in sent.mentions if x.start == m.start("subj")), None)
        if sm is None or not alias or alias.split()[0] in _STOP or hedge(m.start()):
            continue
        add(as_resolved(sent, sm, topic), alias, 0.8)
    for m in RENAMED_RE.finditer(text, sent.start, sent.end):
        new = _name(m)
        if new is None or hedge(m.start()):
            continue
        eid, ok = reg.resolve(new)
        before = [x for x in sent.mentions if x.end <= m.start() and x.kind != "anaphor" and not x.excluded]
        if not before:
            continue
        old = before[-1]
        if old.surface == new or (old.resolved and ok and old.eid != eid):
            continue
        add(Resolved(eid, ok, reg.kind(eid) if ok else "unknown", old), old.surface, 0.8)
    # "Xiaohongshu (RedNote)" / "RedNote (Xiaohongshu)"
    for i, x in enumerate(sent.mentions[:-1]):
        y = sent.mentions[i + 1]
        if x.kind == "anaphor" or y.kind == "anaphor" or not (x.resolved and y.resolved) or x.eid != y.eid:
            continue
        if re.fullmatch(r"\s*\(\s*(?:or\s+|aka\s+|a\.k\.a\.\s+|also\s+known\s+as\s+)?", text[x.end:y.start]) and \
                text[y.end:y.end + 1] == ")" and x.surface != y.surface:
            ent = reg.get(x.eid)
            alias = y.surface if ent and y.surface != ent.name else x.surface
            add(Resolved(x.eid, True, x.kind, x), alias, 0.8)
    return out
