"""The extraction pipeline: paragraphs -> cheap trigger prefilter -> sentences -> per-sentence analysis
(context.analyze) -> relation modules (metrics, ranks, ownership, versions, aliases) -> grounded `Claim`s.

Decisions:
  * evidence is the whole sentence holding the statement (offsets index the body passed in);
  * a sentence is analysed only if it holds a trigger (a count number, a rank word, an ownership / version /
    alias word, a possessive before a name) and a name or an anaphor: most news prose never reaches the
    relation patterns;
  * anaphora ("it", "the app", "the company", "the chatbot") resolve to an earlier name in the sentence, else to
    the salient name of the nearest earlier sentences (computed lazily, only when an anaphor needs it);
  * store / country / chart carry over from the previous sentence of the same paragraph when it held a rank;
  * precision first: hedges, negations, pending deals and investments drop a statement rather than guess.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import datetime

from .aliases import extract_aliases
from .confidence import rescore
from .consistency import settle
from .debris import debris_spans
from .context import LazyTopic, Sentence, StoreContext, Topic, analyze, resolve_anaphor
from .entities import Mention, Registry, load_registry
from .metrics import extract_metrics
from .models import Claim
from .ownership import extract_ownership
from .ranks import extract_ranks, fill_document_chart
from .sentences import iter_paragraphs, split_paragraph
from .versions import extract_versions

EXTRACTOR_VERSION = "extractor-v3"
# Claims below this confidence are recorded for review but stay out of facts and snapshots.
CONFIDENCE_THRESHOLD = 0.8

# Cheap prefilter: only sentences with a trigger go through the relation patterns. A word-set
# intersection (one C-level findall per sentence) is much faster than one big alternation regex.
_WORD_RE = re.compile(r"[a-z]+")
TRIGGER_WORDS = frozenset("""
million billion thousand mn bn mln crore crores lakh lakhs top topped tops topping ranked ranks rank place spot owned owner owners owns
parent acquired acquires acquisition bought purchased subsidiary controlled operates operated version counterpart
sister sibling twin edition known formerly previously originally called dubbed nickname nicknamed name named renamed
rebranded downloaded downloads installs founded debuted maker makers creator developer developed behind ownership operator publisher created
""".split())
_COUNT_RE = re.compile(r"\d(?:,\d{3}|\s?(?:[mMbB][nN]?|mln|[kK])\b|\+|-plus|st\b|nd\b|rd\b|th\b)")
_LITERAL_TRIGGERS = ("(", "#", "No.", "Number ", "-run ", "-owned ", "-controlled ", "-operated ", " run by ", " goes by ",
                     " went by ")


OWN_WORDS = frozenset("owned owner owners owns parent acquired bought purchased subsidiary controlled controls operates "
                      "operated run unit division arm taken took acquisition purchase maker makers creator developer "
                      "developed behind ownership operator publisher created made published".split())
VERSION_WORDS = frozenset("version counterpart sister sibling twin equivalent edition variant".split())
ALIAS_WORDS = frozenset("known formerly previously originally once called dubbed nicknamed named nickname name renamed "
                        "rebranded referred branded marketed goes went founded launched debuted started began".split())
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())
_ORD_BEFORE_RE = re.compile(r"(?:is|was|and|came|come|comes|coming|finished|finishes|placed|places|ranked|landed|lands|sat|sits|"
                            r"slipped|fell|dropped|rose|climbed|moved|in|to)\s+(?:in\s+)?$")
_ORD_AFTER_RE = re.compile(r"[\s-]+(?:place|most|spot|position|highest|top|biggest)\b")


def _ordinal_rank(tl: str, present) -> bool:
    """An ordinal used as a rank ("came second", "in third place", "second most downloaded")."""
    for w in present:
        i = tl.find(w)
        while i != -1:
            j = i + len(w)
            if _ORD_AFTER_RE.match(tl, j) or _ORD_BEFORE_RE.search(tl, max(0, i - 14), i):
                return True
            i = tl.find(w, j)
    return False


_DIGIT_RE = re.compile(r"\d")
_POSS_RE = re.compile(r"(?:[’']s|(?<=[a-z]s)[’'])\s+(?:[A-Z]|(?:[\w-]+\s+){0,2}(?:app|editor|platform|service|chatbot|assistant|messenger|"
                      r"network|site|unit|owner|parent|version|counterpart|sister|nickname|name|game|hit|title|arm|division|studio))")


def _trie_regex(words) -> str:
    """An alternation factored as a trie: much faster to scan with `re` than a flat word list."""
    trie: dict = {}
    for w in words:
        d = trie
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def rx(d: dict) -> str:
        alts = [re.escape(k) + rx(v) for k, v in sorted(d.items()) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in d else body
    return rx(trie)


_TRIGGER_SCAN = re.compile(r"(?<![a-z])" + _trie_regex(TRIGGER_WORDS | _ORDINALS) + r"(?![a-z])")


def has_trigger(text: str, low: str, s: int, e: int) -> bool:
    """Cheap prefilter: can text[s:e] hold a claim? (`low` is text.lower(), same offsets.)"""
    for m in _TRIGGER_SCAN.finditer(low, s, e):
        if m.group(0) in _ORDINALS:
            # an ordinal counts only as a rank: "came second", "in third place", "second most downloaded"
            if not (_ORD_AFTER_RE.match(low, m.end()) or
                    _ORD_BEFORE_RE.search(low, max(0, m.start() - 14), m.start())):
                continue
        return True
    return _other_trigger(text, s, e)


_SLASH_NAMES = re.compile(r"[A-Za-z]/[A-Z]")


def _other_trigger(text: str, s: int, e: int) -> bool:
    """The prefilter triggers other than trigger words: a count, a literal, a possessive before a name."""
    if _COUNT_RE.search(text, s, e) is not None:
        return True
    for lit in _LITERAL_TRIGGERS:
        if text.find(lit, s, e) != -1:
            return True
    if text.find("/", s, e) != -1 and _SLASH_NAMES.search(text, s, e) is not None:
        return True  # "WeChat/Weixin": two names of one app
    return (text.find("’s ", s, e) != -1 or text.find("'s ", s, e) != -1 or text.find("s' ", s, e) != -1 or
            text.find("s’ ", s, e) != -1) and _POSS_RE.search(text, s, e) is not None


def trigger_positions(text: str, low: str, s: int, e: int) -> list[int]:
    """Sorted offsets of the prefilter triggers inside text[s:e] (`low` is text.lower(), same offsets)."""
    pos = [m.start() for m in _TRIGGER_SCAN.finditer(low, s, e)
           if m.group(0) not in _ORDINALS or _ORD_AFTER_RE.match(low, m.end())
           or _ORD_BEFORE_RE.search(low, max(0, m.start() - 14), m.start())]
    pos += [m.start() for m in _COUNT_RE.finditer(text, s, e)]
    for lit in _LITERAL_TRIGGERS:
        i = text.find(lit, s, e)
        while i != -1:
            pos.append(i)
            i = text.find(lit, i + 1, e)
    if text.find("’s ", s, e) != -1 or text.find("'s ", s, e) != -1 or text.find("s' ", s, e) != -1 or \
            text.find("s’ ", s, e) != -1:
        pos += [m.start() for m in _POSS_RE.finditer(text, s, e)]
    pos.sort()
    return pos


def candidate_positions(text: str) -> list[int]:
    """Sorted offsets of every prefilter trigger in the document (for diagnostics and tests)."""
    low = text.lower()
    pos = [m.start() for m in _TRIGGER_SCAN.finditer(low)
           if m.group(0) not in _ORDINALS or _ORD_AFTER_RE.match(low, m.end())
           or _ORD_BEFORE_RE.search(low, max(0, m.start() - 14), m.start())]
    pos += [m.start() for m in _COUNT_RE.finditer(text)]
    for lit in _LITERAL_TRIGGERS:
        i = text.find(lit)
        while i != -1:
            pos.append(i)
            i = text.find(lit, i + 1)
    pos += [m.start() for m in _POSS_RE.finditer(text)]
    pos.sort()
    return pos


# a claim needs a name (a capitalised word other than a sentence starter), an "xAI"-style name, or an anaphor
_NAMEISH_RE = re.compile(r"[A-Z]|xAI|\b(?:it|its|the\s+(?:[\w-]+\s+)?(?:app|chatbot|service|platform|company|firm|"
                         r"start-?up|group|network|site|assistant|marketplace|messenger|editor|business|retailer))\b")
# "The app now has ...", "Its user base ...": a sentence that opens with an anaphor
_ANAPHOR_OPEN_RE = re.compile(r"(?:The\s+(?:[\w-]+\s+)?(?:app|chatbot|service|platform|company|firm|start-?up|group|"
                              r"network|site|assistant|marketplace|messenger|editor|business|retailer|game)|Its)\b")
_FIRST_WORD_RE = re.compile(r"[\w’'-]+")
_STARTERS = frozenset("The A An In On At But And As If When While After Before For With This That These Those "
                      "Such Some Many Most Its Their Our His Her Analysts Officials Users Critics Regulators".split())


def _nameish(text: str, s: int, e: int) -> bool:
    fw = _FIRST_WORD_RE.match(text, s, e)
    start = s + 1
    if fw and fw.group(0) not in _STARTERS and fw.group(0)[:1].isupper():
        return True
    if fw:
        start = fw.end()
        if _ANAPHOR_OPEN_RE.match(text, s, e):
            return True
    return _NAMEISH_RE.search(text, start, e) is not None


_UPPER_RE = re.compile(r"[A-Z]")
_RANKISH_RE = re.compile(r"\b(?:top|tops|topped|topping|ranked|ranks|rank|place|spot|most|number|charts?|million|"
                         r"billion|thousand|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b")


def _can_hold(text: str, low: str, s: int, e: int) -> bool:
    """Ownership, alias and version claims need a named object: a sentence with no capitalised word after its first
    one can only hold a figure or a rank about an anaphor ("It has 5 million users", "it ranked third")."""
    fw = _FIRST_WORD_RE.match(text, s, e)
    if _UPPER_RE.search(text, fw.end() if fw else s, e) is not None:
        return True
    return _DIGIT_RE.search(text, s, e) is not None or "#" in text[s:e] or \
        _RANKISH_RE.search(low, s, e) is not None


def _has_position(pos: list[int], s: int, e: int) -> bool:
    i = bisect_left(pos, s)
    return i < len(pos) and pos[i] < e


def is_candidate(text: str, s: int, e: int) -> bool:
    """Cheap test: can this sentence hold a claim at all?"""
    t = text[s:e]
    if "(" in t or "#" in t:
        return True
    tl = t.lower()
    words = _WORD_RE.findall(tl)
    if not TRIGGER_WORDS.isdisjoint(words):
        return True
    if _COUNT_RE.search(t) is not None:
        return True
    if ("’s " in t or "'s " in t or "s' " in t or "s’ " in t) and _POSS_RE.search(t):
        return True
    return not _ORDINALS.isdisjoint(words) and _ordinal_rank(tl, _ORDINALS.intersection(words))


_DEFAULT_REGISTRY: Registry | None = None


_DATELINE = re.compile(r"\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def dateline(text: str) -> datetime | None:
    """A page excerpt that opens with its date (" date 2024-07-04 ..."): the publication time it gives."""
    m = _DATELINE.match(text)
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3) or 28))
    except ValueError:
        return None


def default_registry() -> Registry:
    global _DEFAULT_REGISTRY
    if _DEFAULT_REGISTRY is None:
        _DEFAULT_REGISTRY = load_registry()
    return _DEFAULT_REGISTRY


def _claim(text: str, s: int, e: int, **kw) -> Claim:
    return Claim(evidence_start=s, evidence_end=e, evidence_text=text[s:e], **kw)


def extract(text: str, *, published_at: datetime | None = None, registry: Registry | None = None,
            calibrate: bool = True) -> list[Claim]:
    """Every candidate claim stated in `text` (a document body), each grounded to its sentence, with its
    calibrated confidence (`calibrate=False`: the rules' prior, which the confidence model is trained on).
    Claims below CONFIDENCE_THRESHOLD are kept for review but stay out of facts."""
    reg = registry if registry is not None else default_registry()
    if published_at is None:
        published_at = dateline(text)
    # paragraph-level prefilter first: most paragraphs of a news article hold no claim at all
    paras = list(iter_paragraphs(text))
    split_cache: dict[int, list[tuple[int, int]]] = {}
    cache: dict[tuple[int, int], Sentence] = {}
    topics: dict[tuple[int, int], Topic] = {}
    claims: list[Claim] = []
    seen: set = set()
    state: dict = {}
    prev_ctx: StoreContext | None = None
    prev_key: tuple[int, int] | None = None
    prev_had_rank = False

    def sentences_of(p: int) -> list[tuple[int, int]]:
        if p not in split_cache:
            split_cache[p] = list(split_paragraph(text, *paras[p]))
        return split_cache[p]

    def sent_at(key: tuple[int, int]) -> Sentence:
        if key not in cache:
            s, e = sentences_of(key[0])[key[1]]
            cache[key] = analyze(text, s, e, key[0], reg)
        return cache[key]

    def earlier(key: tuple[int, int], n: int):
        p, k = key
        for _ in range(n):
            k -= 1
            while k < 0:
                p -= 1
                if p < 0:
                    return
                k = len(sentences_of(p)) - 1
            yield (p, k)

    def topic_before(key: tuple[int, int]) -> Topic:
        """Salient app / company / any names of the nearest earlier sentences (for anaphora)."""
        if key in topics:
            return topics[key]
        t = Topic()
        topics[key] = t  # guards recursion
        for j in earlier(key, 5):
            sj = sent_at(j)
            for m in sj.mentions:
                if m.flags & {"appos", "agent", "object", "possessor", "modifier"}:
                    continue
                if m.kind == "anaphor":
                    if m is not sj.mentions[0] or m.possessive:
                        continue
                    r = resolve_anaphor(sj, m, topic_before(j))
                    if r is None:
                        continue
                    m = Mention(m.start, m.end, r.eid, r.kind, m.surface, r.resolved)
                if m.kind not in ("app", "company", "unknown"):
                    continue
                if t.any is None:
                    t.any = m
                if t.app is None and m.kind in ("app", "unknown"):
                    t.app = m
                if t.company is None and m.kind == "company":
                    t.company = m
            if t.any is not None and t.app is not None and t.company is not None:
                break
        return t

    def push(c: Claim):
        k = (c.subject_id, c.predicate, c.value, c.object_id, c.store, c.country)
        if k not in seen:
            seen.add(k)
            claims.append(c)

    low = text.lower()

    def candidates():
        """(paragraph, index, start, end) of the sentences that pass the cheap prefilter."""
        for para, (ps, pe) in enumerate(paras):
            # one scan of the paragraph for trigger words; the rarer triggers (counts, literals, possessives) are
            # then looked for only in the sentences that hold no trigger word
            pos = [m.start() for m in _TRIGGER_SCAN.finditer(low, ps, pe)
                   if m.group(0) not in _ORDINALS or _ORD_AFTER_RE.match(low, m.end())
                   or _ORD_BEFORE_RE.search(low, max(0, m.start() - 14), m.start())]
            if not pos and not _other_trigger(text, ps, pe):
                continue
            sents = sentences_of(para)
            for k, (s, e) in enumerate(sents):
                if (len(sents) == 1 or _has_position(pos, s, e) or _other_trigger(text, s, e)) and \
                        _nameish(text, s, e) and _can_hold(text, low, s, e):
                    yield para, k, s, e

    debris = debris_spans(text) if "\n" in text else []
    for para, k, s, e in candidates():
        if debris and any(a <= s and e <= b for a, b, _ in debris):
            continue  # a caption, byline, navigation or share line: not the article
        key = (para, k)
        sent = sent_at(key)
        topic = LazyTopic(lambda key=key: topic_before(key))
        carry = prev_ctx if (prev_key == (para, k - 1) and prev_had_rank) else None
        ctx, carried = sent.store.merged(carry)

        for h in extract_metrics(text, sent, topic, published_at, state):
            for subj in h.subjects:
                ent = reg.get(subj.eid)
                if ent is not None and ent.metrics_app:  # "Snap said daily active users ...": Snapchat's figure
                    subj = type(subj)(ent.metrics_app, True, reg.kind(ent.metrics_app), subj.mention, subj.anaphoric)
                push(_claim(text, h.start, h.end, subject_id=subj.eid, subject_resolved=subj.resolved,
                            predicate=h.predicate, value=h.value, unit="downloads" if h.predicate == "downloads" else "users",
                            region=h.region, bound=h.bound, valid_at=h.valid_at,
                            confidence=round(max(0.05, h.confidence - (0.15 if subj.anaphoric else 0)), 3)))
        ranks = extract_ranks(text, sent, topic, ctx, carried, published_at, reg)
        for h in ranks:
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="chart_rank", value=h.rank, unit="rank", store=h.store, country=h.country,
                        chart=h.chart, valid_at=h.valid_at,
                        confidence=round(max(0.05, h.confidence - (0.1 if h.subject.anaphoric else 0)), 3)))
        w = sent.words
        own = [] if (OWN_WORDS.isdisjoint(w) and "’s" not in text[s:e] and "'s" not in text[s:e]
                     and "s' " not in text[s:e] and "s’ " not in text[s:e]) else \
            extract_ownership(text, sent, topic, reg)
        for h in own:
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="owned_by", object_id=h.obj.eid, object_resolved=h.obj.resolved,
                        confidence=round(h.confidence, 3)))
        for h in ([] if VERSION_WORDS.isdisjoint(w) else extract_versions(text, sent, topic)):
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="version_of", object_id=h.obj.eid, object_resolved=h.obj.resolved,
                        confidence=round(h.confidence, 3)))
        for h in ([] if (ALIAS_WORDS.isdisjoint(w) and "(" not in text[s:e] and "/" not in text[s:e]) else
                  extract_aliases(text, sent, topic, reg)):
            push(_claim(text, h.start, h.end, subject_id=h.subject.eid, subject_resolved=h.subject.resolved,
                        predicate="also_known_as", object_id=h.alias, object_resolved=None,
                        confidence=round(h.confidence, 3)))

        prev_ctx = ctx if ctx.rank_context else None
        prev_had_rank = bool(ranks)
        prev_key = key
    claims = settle(fill_document_chart(claims, text), reg)
    return rescore(claims, text, reg) if calibrate else claims
