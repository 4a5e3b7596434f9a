"""Calibrated confidence: the second stage of extraction.

The relation rules propose candidates, each with a rule prior; this module turns a candidate into
the probability that it is right, with a logistic regression over a few named features of the
claim and its sentence. The weights are plain numbers in `confidence_model.json`, trained by
`appfacts devset train` on the tune part of the real-text development set (plus the written-for-us
corpora) and checked on the part held back (`appfacts devset score --split test`).

Pure: no I/O beyond reading the weights file once.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from .entities import Registry
from .models import METRIC_PREDICATES, Claim

MODEL_PATH = Path(__file__).with_name("confidence_model.json")

_HEDGE = re.compile(r"\b(?:reportedly|report(?:s|ed)?\s+(?:that|say)|estimated?|estimates|could|would|may|might|"
                    r"expects?|expected|projected|forecasts?|predicts?|aims?|hopes?|plans?|targets?|likely|"
                    r"rumou?red|allegedly|claims?|claimed|according\s+to\s+(?:estimates|analysts|data\s+from))\b", re.I)
_PAST = re.compile(r"\b(?:last\s+year|in\s+(?:19|20)\d\d|back\s+in|earlier|previously|at\s+launch|since\s+launch|"
                   r"ago|was|were|had|once|initially|at\s+its\s+peak|peaked|in\s+the\s+first\s+(?:week|month|days?))\b",
                   re.I)
_CUMULATIVE = re.compile(r"\b(?:since|to\s+date|all[-\s]time|lifetime|cumulative|in\s+total|total)\b", re.I)
_CAP_WORD = re.compile(r"\b[A-Z][\w’'&.-]*")
_WORD = re.compile(r"\b[A-Za-z][\w’'&.-]*")
_NUMBER = re.compile(r"\d[\d,.]*")
_QUOTE = re.compile(r"[\"“”]")


def _title_case(t: str) -> float:
    words = _WORD.findall(t)
    return sum(1 for w in _CAP_WORD.findall(t)) / len(words) if words else 0.0


_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")


def doc_info(text: str) -> tuple[int, int, str]:
    """(end of the first line, latest year the document names, the text lower-cased): what every candidate's
    features share, computed once per document."""
    nl = text.find("\n")
    years = [int(y) for y in _YEAR.findall(text)]
    return (nl if nl != -1 else len(text)), (max(years) if years else 0), text.lower()


def _mentions(eid: str, low: str, reg: Registry) -> int:
    """How often the document (lower-cased) names the entity (any registered name): the subject's salience."""
    ent = reg.get(eid)
    names = (ent.name, *ent.aliases) if ent else (eid.replace("-", " "),)
    return sum(low.count(n.lower()) for n in names if len(n) > 2)


def features(c: Claim, text: str, reg: Registry, info: tuple[int, int, str]) -> dict[str, float]:
    """Named features of one candidate (all in [0, 1] or small counts)."""
    first_line_end, latest_year, low = info[:3]
    cache = info[3] if len(info) > 3 else {}
    if c.subject_id not in cache:
        cache[c.subject_id] = _mentions(c.subject_id, low, reg)
    sent = c.evidence_text
    years = [int(y) for y in _YEAR.findall(sent)]
    kind = reg.kind(c.subject_id) if c.subject_resolved else "unknown"
    f = {"bias": 1.0, "prior": c.confidence, f"prior:{round(c.confidence * 20) / 20:.2f}": 1.0,
         f"pred:{c.predicate}": 1.0, f"subj:{kind}": 1.0, f"{c.predicate}|{kind}": 1.0,
         "salience": min(cache[c.subject_id], 8) / 8,
         "early": float(c.evidence_start < 0.3 * len(text)),
         "headline": float(c.evidence_start < first_line_end),
         "no_end_punct": float(sent.rstrip()[-1:] not in ".!?\"”’)"),
         "title_case": _title_case(sent), "hedge": float(bool(_HEDGE.search(sent))),
         "past": float(bool(_PAST.search(sent))), "quote": float(bool(_QUOTE.search(sent))),
         "long_sentence": min(len(sent), 600) / 600, "numbers": min(len(_NUMBER.findall(sent)), 8) / 8,
         "valid_at_set": float(c.valid_at is not None), "region_set": float(c.region is not None),
         "older_year": float(bool(years) and max(years) < latest_year)}
    if c.predicate in METRIC_PREDICATES:
        f["small_value"] = float((c.value or 0) < 100_000)
        f["cumulative"] = float(bool(_CUMULATIVE.search(sent)))
        f[f"bound:{c.bound or 'none'}"] = 1.0
    elif c.predicate == "chart_rank":
        f["rank_store"] = float(c.store is not None)
        f["rank_country"] = float(c.country is not None)
        f["rank_chart"] = float(c.chart is not None)
        f["rank_over_10"] = float((c.value or 0) > 10)
    else:
        okind = reg.kind(c.object_id) if c.object_resolved else "unknown"
        f[f"obj:{okind}"] = 1.0
        f[f"{c.predicate}|obj:{okind}"] = 1.0
    return f


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> dict | None:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def probability(f: dict[str, float], weights: dict[str, float]) -> float:
    z = sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def remap(p: float, knots: list[list[float]] | None) -> float:
    """The model's probability on the confidence scale: piecewise linear through `knots` ([raw, conf] pairs,
    increasing), fitted so that the policy threshold marks where the tune split's precision reaches its target."""
    if not knots:
        return p
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if p <= x1:
            return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1
    return knots[-1][1]


def fit_knots(scored: list[tuple[float, int]], threshold: float, target: float) -> list[list[float]]:
    """Knots for `remap`: the smallest raw score at or above which `target` of the scored candidates are right
    maps to `threshold`; 0 and 1 stay 0 and 1. `scored` = [(raw probability, right?)] from real text."""
    ranked = sorted(scored, key=lambda t: -t[0])
    cut, right = 1.0, 0
    for i, (p, y) in enumerate(ranked, 1):
        right += y
        if right / i >= target:
            cut = p
    cut = min(max(cut, 1e-3), 1 - 1e-3)
    return [[0.0, 0.0], [cut, threshold], [1.0, 1.0]]


# A name the registry does not know is a claim for review, never a fact on its own: on the development set
# such claims were right about half the time (registered subjects and owners: 95%).
UNREGISTERED_CAP = 0.75


def _capped(c: Claim, conf: float) -> float:
    unregistered = not c.subject_resolved or (c.predicate in ("owned_by", "version_of") and c.object_resolved is False)
    # a chart rank is a fact about one country's chart: without the country it waits for review (on the
    # development set such ranks were right about half the time, ranks naming store and country 95%)
    unplaced = c.predicate == "chart_rank" and c.country is None
    return min(conf, UNREGISTERED_CAP) if unregistered or unplaced else conf


def rescore(claims: list[Claim], text: str, reg: Registry, model: dict | None = None) -> list[Claim]:
    """Each claim with its calibrated confidence (the rule prior when no model is trained); claims about
    names the registry does not know stay below the facts threshold (see UNREGISTERED_CAP)."""
    model = model if model is not None else load_model()
    if not claims:
        return claims
    if not model:
        return [c.model_copy(update={"confidence": _capped(c, c.confidence)}) for c in claims]
    info = doc_info(text)
    salience: dict[str, int] = {}
    info = (*info, salience)
    w = model["weights"]
    knots = model.get("knots")
    return [c.model_copy(update={"confidence": round(_capped(c, remap(probability(features(c, text, reg, info), w),
                                                                      knots)), 3)})
            for c in claims]


def train(rows: list[tuple[dict[str, float], int]], *, l2: float = 0.5, epochs: int = 400,
          lr: float = 0.3, sample_weights: list[float] | None = None) -> dict[str, float]:
    """Logistic regression by full-batch gradient descent with an L2 penalty (bias unpenalised)."""
    keys = sorted({k for f, _ in rows for k in f})
    w = {k: 0.0 for k in keys}
    sw = sample_weights or [1.0] * len(rows)
    n = max(sum(sw), 1.0)
    for _ in range(epochs):
        grad = {k: 0.0 for k in keys}
        for (f, y), s in zip(rows, sw):
            err = (probability(f, w) - y) * s
            for k, v in f.items():
                grad[k] += err * v
        for k in keys:
            reg_term = 0.0 if k == "bias" else l2 * w[k]
            w[k] -= lr * (grad[k] / n + reg_term / n)
    return {k: round(v, 4) for k, v in w.items() if abs(v) > 1e-6}
