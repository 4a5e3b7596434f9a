"""The real-text development set: excerpts of public news pages, kept as metadata + gold in git
and as text in a git-ignored cache.

Per excerpt, `seeds/realnews/docs/ID.json` holds the url, the search query that finds the page,
the sha256 of the text, its split (`tune` or `test`) and the gold facts with evidence offsets
into the text. The text itself lives in `.cache/realnews/ID.txt` (third-party text is never
committed). Pure: reads and writes only the files it is given.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .models import METRIC_PREDICATES, PREDICATES

SPLITS = ("tune", "test")
TEST_SHARE = 3  # out of 10: the part scored only when a round of rule work is finished
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ENTITY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BOUNDS = {None, "exact", "approx", "at_least", "at_most"}
STORES = {None, "app_store", "google_play"}
WORD = re.compile(r"[a-z0-9]+")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_of(doc_id: str) -> str:
    """Deterministic 70/30 split by the id's hash (never by content, so re-pulls keep it)."""
    return "test" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 10 < TEST_SHARE else "tune"


def shingles(text: str, n: int = 8) -> set[str]:
    w = WORD.findall(text.lower())
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


@dataclass
class Excerpt:
    id: str
    url: str
    query: str
    sha256: str
    split: str
    topic: str = ""
    facts: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.id}.txt"

    def as_json(self) -> dict:
        return {"id": self.id, "url": self.url, "query": self.query, "sha256": self.sha256,
                "split": self.split, "topic": self.topic, **self.extra, "facts": self.facts}


def load(path: Path) -> Excerpt:
    d = json.loads(path.read_text(encoding="utf-8"))
    known = {"id", "url", "query", "sha256", "split", "topic", "facts"}
    return Excerpt(id=d["id"], url=d["url"], query=d["query"], sha256=d["sha256"], split=d["split"],
                   topic=d.get("topic", ""), facts=d.get("facts", []),
                   extra={k: v for k, v in d.items() if k not in known})


def save(path: Path, ex: Excerpt) -> None:
    path.write_text(json.dumps(ex.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_all(meta_dir: Path) -> list[Excerpt]:
    return [load(p) for p in sorted(Path(meta_dir).glob("*.json"))]


def fill_span(fact: dict, text: str) -> str | None:
    """Give a fact its `evidence_span` from its `evidence_text` (the first occurrence, or the
    `occurrence`-th); return a problem or None."""
    ev = fact.get("evidence_text")
    if not ev:
        return "no evidence_text"
    starts = [m.start() for m in re.finditer(re.escape(ev), text)]
    if not starts:
        return f"evidence_text not found in the text: {ev[:60]!r}"
    k = int(fact.pop("occurrence", 1)) - 1
    if k >= len(starts):
        return f"evidence_text occurs {len(starts)} times, occurrence {k + 1} asked"
    fact["evidence_span"] = [starts[k], starts[k] + len(ev)]
    return None


def fact_problems(f: dict, text: str | None) -> list[str]:
    out = []
    pred = f.get("predicate")
    if pred not in PREDICATES:
        return [f"unknown predicate {pred!r}"]
    if not ENTITY_ID_RE.match(str(f.get("subject") or "")):
        out.append(f"subject {f.get('subject')!r} is not a lowercase-hyphen id")
    if pred in ("owned_by", "version_of"):
        if not ENTITY_ID_RE.match(str(f.get("object") or "")):
            out.append(f"object {f.get('object')!r} is not a lowercase-hyphen id")
    elif pred == "also_known_as":
        if not f.get("object"):
            out.append("also_known_as needs the alias as object")
    elif not isinstance(f.get("value"), (int, float)) or f["value"] <= 0:
        out.append(f"{pred} needs a positive numeric value")
    q = f.get("qualifiers") or {}
    if q.get("bound") not in BOUNDS:
        out.append(f"bad bound {q.get('bound')!r}")
    if q.get("store") not in STORES:
        out.append(f"bad store {q.get('store')!r}")
    if q.get("country") and not re.fullmatch(r"[A-Z]{2}", q["country"]):
        out.append(f"country {q['country']!r} is not ISO-2 upper case")
    if pred not in METRIC_PREDICATES | {"chart_rank"} and any(q.get(k) for k in ("store", "country", "chart")):
        out.append("store/country/chart qualifiers only on metrics and ranks")
    if not isinstance(f.get("required"), bool):
        out.append("required must be true or false")
    span = f.get("evidence_span")
    if not (isinstance(span, list) and len(span) == 2):
        out.append("no evidence_span")
    elif text is not None and text[span[0]:span[1]] != f.get("evidence_text"):
        out.append(f"evidence_span {span} does not slice evidence_text")
    return out


def gold_lines(excerpts: list[Excerpt]) -> list[str]:
    """Scorer-format gold (shared/tools/score_facts.py): one document per line."""
    lines = []
    for ex in excerpts:
        facts = [{k: f.get(k) for k in ("subject", "predicate", "value", "object", "qualifiers", "required",
                                         "evidence_span")} for f in ex.facts]
        lines.append(json.dumps({"doc": ex.name, "facts": facts}, ensure_ascii=False))
    return lines


def label_predictions(preds: list[dict], gold: list[dict]) -> list[str]:
    """Per prediction (after the scorer's de-duplication by fact key): 'tp', 'neutral' (matches
    an optional gold fact) or 'fp' — the scorer's greedy matching, required facts first."""
    from .evaluate import fact_key, matches

    seen, plist, labels = set(), [], []
    for p in preds:
        k = fact_key(p)
        labels.append("dup" if k in seen else None)
        if k not in seen:
            seen.add(k)
            plist.append(p)
    used: list[str | None] = [None] * len(plist)
    for required in (True, False):
        for g in (x for x in gold if bool(x.get("required", True)) == required):
            hit = next((i for i, p in enumerate(plist) if used[i] is None and matches(p, g)), None)
            if hit is not None:
                used[hit] = "tp" if required else "neutral"
    it = iter(u or "fp" for u in used)
    return [lab if lab == "dup" else next(it) for lab in labels]


BUCKETS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def reliability(pairs: list[tuple[float, str]]) -> list[dict]:
    """Confidence bucket -> share correct among judged claims (tp / (tp + fp); optional-gold
    matches and duplicates are left out, as the scorer leaves them out)."""
    rows = []
    for lo, hi in BUCKETS:
        labs = [lab for c, lab in pairs if lo <= c < hi and lab in ("tp", "fp")]
        tp = labs.count("tp")
        rows.append({"bucket": f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", "claims": len(labs),
                     "correct": tp, "share_correct": round(tp / len(labs), 3) if labs else None})
    hi_labs = [lab for c, lab in pairs if c >= 0.8 and lab in ("tp", "fp")]
    rows.append({"bucket": ">= 0.8", "claims": len(hi_labs), "correct": hi_labs.count("tp"),
                 "share_correct": round(hi_labs.count("tp") / len(hi_labs), 3) if hi_labs else None})
    return rows


def score_excerpts(excerpts: list[Excerpt], cache: Path, *, all_candidates: bool = False,
                   threshold: float | None = None, extract_fn=None) -> dict:
    """Run the extractor over the cached texts of `excerpts` and score them against their gold:
    the scorer's report, a summary and the reliability table (over every candidate)."""
    from . import engine
    from .evaluate import evaluate

    extract_fn = extract_fn or engine.extract
    cut = engine.CONFIDENCE_THRESHOLD if threshold is None else threshold
    preds, pairs, gold_path, missing = {}, [], Path(cache) / ".gold.jsonl", 0
    scored = []
    for ex in excerpts:
        path = Path(cache) / ex.name
        if not path.exists() or sha256_text(path.read_text(encoding="utf-8")) != ex.sha256:
            missing += 1
            continue
        text = path.read_text(encoding="utf-8")
        cands = [c.contract(ex.name) for c in extract_fn(text, published_at=None)]
        gold = [f for f in ex.facts]
        pairs += [(p["confidence"], lab) for p, lab in zip(cands, label_predictions(cands, gold))]
        preds[ex.name] = cands if all_candidates else [p for p in cands if p["confidence"] >= cut]
        scored.append(ex)
    gold_path.write_text("\n".join(gold_lines(scored)) + "\n", encoding="utf-8")
    report = evaluate(gold_path, Path(cache), preds)
    summary = {k: v for k, v in report.as_dict().items() if k not in ("misses", "extras", "by_predicate")}
    summary["threshold"] = None if all_candidates else cut
    return {"report": report, "summary": summary, "reliability": reliability(pairs),
            "scored": len(scored), "missing": missing}


def training_rows(docs: list[tuple[str, str, list[dict]]], reg=None) -> list[tuple[dict, int]]:
    """(features, 1 if right else 0) for every candidate of `docs` = [(name, body, gold facts)];
    candidates matching optional gold facts, and duplicates, are left out."""
    from . import engine
    from .confidence import doc_info, features

    reg = reg or engine.default_registry()
    rows = []
    for name, body, gold in docs:
        info = doc_info(body)
        cands = engine.extract(body, registry=reg, calibrate=False)
        labels = label_predictions([c.contract(name) for c in cands], gold)
        rows += [(features(c, body, reg, info), int(lab == "tp")) for c, lab in zip(cands, labels)
                 if lab in ("tp", "fp")]
    return rows


def corpus_docs(gold_path: Path, docs_dir: Path) -> list[tuple[str, str, list[dict]]]:
    """A scorer-format gold file and its documents as (name, body, gold facts)."""
    from .evaluate import body_of, load_gold

    out = []
    for name, facts in sorted(load_gold(gold_path).items()):
        path = Path(docs_dir) / name
        if path.exists():
            out.append((name, body_of(path.read_text(encoding="utf-8")), facts))
    return out


def excerpt_docs(excerpts: list[Excerpt], cache: Path) -> list[tuple[str, str, list[dict]]]:
    out = []
    for ex in excerpts:
        path = Path(cache) / ex.name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if sha256_text(text) == ex.sha256:
                out.append((ex.name, text, ex.facts))
    return out
