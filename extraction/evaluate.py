"""Score predicted facts against a gold file with the matching rules of shared/tools/score_facts.py.

Pure: no I/O beyond reading the gold file and (optionally) the documents to check evidence offsets.

    report = evaluate(gold_path, docs_dir, {"dev01.md": [claim.contract("dev01.md"), ...]})
    print(format_report(report))
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

METRICS = {"monthly_active_users", "daily_active_users", "weekly_active_users", "user_count", "downloads"}
PREDICATES = METRICS | {"chart_rank", "owned_by", "version_of", "also_known_as"}


def norm(x) -> str:
    return re.sub(r"[^a-z0-9]", "", str(x or "").lower())


def body_of(text: str) -> str:
    """The document body: the text after a leading front-matter block (as the scorer does)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def published_at_of(text: str) -> datetime | None:
    """`published_at` from a leading YAML front-matter block, if any (tiny, dependency-free)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end == -1:
        return None
    m = re.search(r"^published_at:\s*[\"']?([0-9T:+\-. Z]+?)[\"']?\s*$", text[4:end], re.M)
    if not m:
        return None
    raw = m.group(1).strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def fact_key(f: dict) -> tuple:
    q = f.get("qualifiers") or {}
    return (norm(f.get("subject")), f.get("predicate"), f.get("value"), norm(f.get("object")),
            norm(q.get("store")), norm(q.get("country")))


def matches(p: dict, g: dict) -> bool:
    pred = g["predicate"]
    if p.get("predicate") != pred:
        return False
    ps, gs = norm(p.get("subject")), norm(g["subject"])
    po, go = norm(p.get("object")), norm(g.get("object"))
    if pred == "version_of":
        return {ps, po} == {gs, go}
    if ps != gs:
        return False
    if pred in ("owned_by", "also_known_as"):
        return po == go
    try:
        pv, gv = float(p.get("value")), float(g["value"])
    except (TypeError, ValueError):
        return False
    if pred in METRICS:
        return abs(pv - gv) <= 0.01 * abs(gv)
    if pred == "chart_rank":
        if pv != gv:
            return False
        pq, gq = p.get("qualifiers") or {}, g.get("qualifiers") or {}
        for k in ("store", "country"):
            if gq.get(k) and norm(pq.get(k)) != norm(gq[k]):
                return False
        return True
    return False


def describe(f: dict) -> str:
    q = {k: v for k, v in (f.get("qualifiers") or {}).items() if v}
    what = f.get("object") if f.get("object") is not None else f.get("value")
    return f"{f.get('subject')} {f.get('predicate')} {what}" + (f" {q}" if q else "")


@dataclass
class Report:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    by_predicate: dict = field(default_factory=lambda: defaultdict(Counter))
    misses: dict = field(default_factory=dict)  # doc -> [description]
    extras: dict = field(default_factory=dict)  # doc -> [description]
    bound_ok: int = 0
    bound_n: int = 0
    grounded: int = 0
    ungrounded: int = 0
    docs_without_gold: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def grounded_ratio(self) -> float | None:
        n = self.grounded + self.ungrounded
        return self.grounded / n if n else None

    @property
    def bound_accuracy(self) -> float | None:
        return self.bound_ok / self.bound_n if self.bound_n else None

    def predicate_scores(self) -> dict[str, dict]:
        out = {}
        for k, c in sorted(self.by_predicate.items()):
            tp, fp, fn = c["tp"], c["fp"], c["fn"]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            out[k] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
                      "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
        return out

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "neutral": self.neutral,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "bound_accuracy": None if self.bound_accuracy is None else round(self.bound_accuracy, 4),
                "grounded": None if self.grounded_ratio is None else round(self.grounded_ratio, 4),
                "by_predicate": self.predicate_scores(), "misses": self.misses, "extras": self.extras,
                "docs_without_gold": self.docs_without_gold}


def load_gold(gold_path) -> dict[str, list[dict]]:
    gold = {}
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            gold[Path(d["doc"]).name] = d["facts"]
    return gold


def evaluate(gold_path, docs_dir, predictions: dict[str, list[dict]]) -> Report:
    """Score `predictions` (doc name -> contract dicts, see `Claim.contract`) against the gold file.
    `docs_dir` (may be None) holds the documents, to check that every evidence span slices the body."""
    gold = load_gold(gold_path)
    preds: dict[str, list] = defaultdict(list)
    for doc, facts in predictions.items():
        preds[Path(str(doc)).name].extend(facts)
    rep = Report()
    for doc in sorted(gold):
        seen, plist = set(), []
        for p in preds.get(doc, []):
            if fact_key(p) not in seen:
                seen.add(fact_key(p))
                plist.append(p)
        used = [False] * len(plist)
        misses = []
        for required in (True, False):
            for g in (x for x in gold[doc] if bool(x.get("required", True)) == required):
                hit = next((i for i, p in enumerate(plist) if not used[i] and matches(p, g)), None)
                if hit is None:
                    if required:
                        rep.fn += 1
                        rep.by_predicate[g["predicate"]]["fn"] += 1
                        misses.append(describe(g))
                    continue
                used[hit] = True
                if required:
                    rep.tp += 1
                    rep.by_predicate[g["predicate"]]["tp"] += 1
                    gb = (g.get("qualifiers") or {}).get("bound")
                    if gb:
                        rep.bound_n += 1
                        rep.bound_ok += (plist[hit].get("qualifiers") or {}).get("bound") == gb
                else:
                    rep.neutral += 1
        extras = [describe(p) for i, p in enumerate(plist) if not used[i]]
        for i, p in enumerate(plist):
            if not used[i]:
                rep.fp += 1
                rep.by_predicate[p.get("predicate") if p.get("predicate") in PREDICATES else "other"]["fp"] += 1
        if docs_dir is not None:
            path = Path(docs_dir) / doc
            if path.exists():
                body = body_of(path.read_text(encoding="utf-8"))
                for p in plist:
                    ev = p.get("evidence") or {}
                    try:
                        ok = bool(ev["text"]) and body[int(ev["start"]):int(ev["end"])] == ev["text"]
                    except (KeyError, TypeError, ValueError):
                        ok = False
                    rep.grounded += ok
                    rep.ungrounded += not ok
        if misses:
            rep.misses[doc] = misses
        if extras:
            rep.extras[doc] = extras
    rep.docs_without_gold = sorted(set(preds) - set(gold))
    return rep


def format_report(report: Report) -> str:
    lines = []
    for doc in sorted(set(report.misses) | set(report.extras)):
        lines.append(f"== {doc}")
        lines += [f"  missed: {m}" for m in report.misses.get(doc, [])]
        lines += [f"  extra:  {e}" for e in report.extras.get(doc, [])]
    lines.append(f"{'predicate':<22} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for k, v in report.predicate_scores().items():
        lines.append(f"{k:<22} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}")
    if report.docs_without_gold:
        lines.append("predictions for documents without gold: " + ", ".join(report.docs_without_gold))
    g = report.grounded_ratio
    b = report.bound_accuracy
    lines.append(f"bound accuracy: {'n/a' if b is None else f'{b:.3f}'}  grounded evidence: {'n/a' if g is None else f'{g:.3f}'}")
    lines.append(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}  "
                 f"(tp {report.tp}, fp {report.fp}, fn {report.fn}, neutral {report.neutral})")
    return "\n".join(lines)


def predict_dir(docs_dir, extract_fn=None, pattern: str = "*") -> dict[str, list[dict]]:
    """Run the extractor over every document in docs_dir (front matter stripped as the scorer does)."""
    if extract_fn is None:
        from .engine import extract as extract_fn
    out = {}
    for path in sorted(Path(docs_dir).glob(pattern)):
        if not path.is_file() or path.suffix not in (".md", ".txt", ".markdown") or path.name.startswith("."):
            continue
        raw = path.read_text(encoding="utf-8")
        body = body_of(raw)
        out[path.name] = [c.contract(path.name) for c in extract_fn(body, published_at=published_at_of(raw))]
    return out


def score_sentences(cases, extract_fn, published_at: datetime | None = None):
    """Golden sentences scored with the scorer's matching rules: `cases` is [(text, gold facts)].
    Returns (tp, fp, fn, misses, extras); every prediction's evidence must slice its text."""
    tp = fp = fn = 0
    misses, extras = [], []
    for text, gold in cases:
        preds, seen = [], set()
        for c in extract_fn(text, published_at=published_at):
            assert text[c.evidence_start:c.evidence_end] == c.evidence_text
            p = c.contract("x")
            if fact_key(p) not in seen:
                seen.add(fact_key(p))
                preds.append(p)
        used = [False] * len(preds)
        for g in gold:
            hit = next((i for i, p in enumerate(preds) if not used[i] and matches(p, g)), None)
            if hit is None:
                fn += 1
                misses.append((text, g))
            else:
                used[hit] = True
                tp += 1
        for i, p in enumerate(preds):
            if not used[i]:
                fp += 1
                extras.append((text, p["subject"], p["predicate"], p["value"], p["object"]))
    return tp, fp, fn, misses, extras
