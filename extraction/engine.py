"""The extraction pipeline: sentences -> cheap trigger prefilter -> per-sentence analysis ->
relation modules -> grounded `Claim`s."""
from __future__ import annotations

import re
from datetime import datetime

from .aliases import extract_aliases
from .context import StoreContext, Topic, analyze, update_topic
from .entities import Registry, find_mentions, load_registry
from .metrics import extract_metrics
from .models import Claim
from .ownership import extract_ownership
from .ranks import extract_ranks
from .sentences import iter_sentences_with_paragraph
from .versions import extract_versions

EXTRACTOR_VERSION = "extractor-v1"

# Cheap prefilter: only sentences with one of these go through the relation patterns.
TRIGGER_RE = re.compile(
    r"\d(?:[\d,.]*\d)?\s?(?:[mb]n?\b|mln\b|k\b|thousand|million|billion|st\b|nd\b|rd\b|th\b|\+|-plus)|\d{1,3},\d{3}|"
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|half\s+a)\s+(?:million|billion|thousand)|"
    r"No\.\s?\d|#\d|\btop|most|ranked|\bplace\b|\bfirst\b|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"owned|owner|parent|acquir|bought|purchas|subsidiar|controlled|operates|-run\b|version|counterpart|sister|sibling|"
    r"\btwin|known\s+as|formerly|previously|originally|called|dubbed|nickname|\bname|renamed|rebranded|\(|"
    r"[’']s\s+(?:[A-Z]|(?:[\w-]+\s+){0,2}(?:app|editor|platform|service|chatbot|assistant|messenger|network|site|unit))")
# sentences with a trigger but no name, pronoun or descriptor cannot yield a claim
NAMEISH_RE = re.compile(r"[A-Z]|\b(?:it|its|the\s+(?:[\w-]+\s+)?(?:app|chatbot|service|platform|company|firm|"
                        r"start-?up|group|network|site|assistant|marketplace|messenger|editor|business|retailer))\b|xAI")

_DEFAULT_REGISTRY: Registry | None = None


def default_registry() -> Registry:
    global _DEFAULT_REGISTRY
    if _DEFAULT_REGISTRY is None:
        _DEFAULT_REGISTRY = load_registry()
    return _DEFAULT_REGISTRY


def _claim(text: str, s: int, e: int, **kw) -> Claim:
    return Claim(evidence_start=s, evidence_end=e, evidence_text=text[s:e], **kw)


def extract(text: str, *, published_at: datetime | None = None, registry: Registry | None = None) -> list[Claim]:
    """Every claim stated in `text` (a document body), each grounded to its sentence."""
    reg = registry if registry is not None else default_registry()
    topic = Topic()
    claims: list[Claim] = []
    seen: set = set()
    state: dict = {}
    prev_ctx: StoreContext | None = None
    prev_para = -1
    prev_had_rank = False

    def push(c: Claim):
        k = (c.subject_id, c.predicate, c.value, c.object_id, c.store, c.country)
        if k not in seen:
            seen.add(k)
            claims.append(c)

    for s, e, para in iter_sentences_with_paragraph(text):
        if not TRIGGER_RE.search(text, s, e) or not NAMEISH_RE.search(text, s + 1, e):
            # cheap topic update for anaphora
            ments = [m for m in find_mentions(text, s, e, reg) if m.kind in ("app", "company")]
            if ments:
                sent = analyze(text, s, e, para, reg)
                topic = update_topic(sent, topic)
            prev_ctx, prev_had_rank = None, False
            continue
        sent = analyze(text, s, e, para, reg)
        carry = prev_ctx if (para == prev_para and prev_had_rank) else None
        ctx, carried = sent.store.merged(carry)

        for h in extract_metrics(text, sent, topic, published_at, state):
            for subj in h.subjects:
                push(_claim(text, h.start, h.end, subject_id=subj.eid, subject_resolved=subj.resolved,
                            predicate=h.predicate, value=h.value, unit="downloads" if h.predicate == "downloads" else "users",
                            region=h.region, bound=h.bound, valid_at=h.valid_at,
                            confidence=round(h.confidence - (0.15 if subj.anaphoric else 0), 3)))
        ranks = extract_ranks(text, sent, topic, ctx, carried, published_at)
        for h in ranks:
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="chart_rank", value=h.rank, unit="rank", store=h.store, country=h.country,
                        chart=h.chart, valid_at=h.valid_at,
                        confidence=round(max(0.05, h.confidence - (0.1 if h.subject.anaphoric else 0)), 3)))
        for h in extract_ownership(text, sent, topic, reg):
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="owned_by", object_id=h.obj.eid, object_resolved=h.obj.resolved,
                        confidence=round(h.confidence, 3)))
        for h in extract_versions(text, sent, topic):
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="version_of", object_id=h.obj.eid, object_resolved=h.obj.resolved,
                        confidence=round(h.confidence, 3)))
        for h in extract_aliases(text, sent, topic, reg):
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="also_known_as", object_id=h.alias, object_resolved=None,
                        confidence=round(h.confidence, 3)))

        topic = update_topic(sent, topic)
        prev_ctx = ctx if ctx.rank_context else None
        prev_had_rank = bool(ranks)
        prev_para = para
    return claims
