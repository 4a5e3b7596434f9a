"""Ownership: owned by, X-owned, X's <product>, parent company, owner, acquired/bought,
subsidiary of, controlled by, operates. Pending, failed or hypothetical deals and investments
are not ownership."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .context import (HEDGE_RE, LIST_GAP, Resolved, Sentence, Topic, as_resolved, clause_start, containing_appos,
                      resolve_anaphor, subject_at, title_case)
from .context import _NOT_NAMES
from .entities import Mention, Registry

DEAL_HEDGE_RE = re.compile(
    r"\b(?:talks?|bid(?:s|ding)?|offer(?:s|ed|ing)?|agree(?:s|d|ment)?|deal\s+to|propos\w+|pending|approv\w+|"
    r"reject\w*|block(?:s|ed|ing)?(?!-)|scrap\w*|abandon\w*|unwind|invest\w*|stake|to\s+(?:be\s+)?(?:acquire|buy|purchase|own)[sd]?|"
    r"consider\w*|weigh\w*|explor\w*|interest(?:ed)?\s+in|negotiat\w+|rumou?r\w*|report(?:edly|s)?\s+that|"
    r"would-be|attempt\w*|pursu\w+|court\w*|approach\w*)\b", re.I)
DEAL_FAIL_AFTER_RE = re.compile(
    r"\b(?:rejected|blocked|scrapped|abandoned|collapsed|fell\s+through|failed|called\s+off|pending|awaiting|"
    r"subject\s+to|yet\s+to\s+close|not\s+yet|unwound|was\s+rejected|never\s+closed)\b", re.I)
_NEG_LOCAL = re.compile(r"\b(?:no|not|never|former|ex|previous|prior|would-be|potential|prospective|possible|"
                        r"new|future|old|one-time|onetime|erstwhile|n[’']t)\s+(?:[\w-]+\s+){0,2}$", re.I)

PASSIVE_RE = re.compile(r"\b(?P<v>owned|controlled|operated|run|acquired|bought|purchased|taken\s+over|developed|made|"
                        r"created|published|now\s+under\s+the\s+ownership\s+of|under\s+the\s+ownership\s+of)"
                        r"(?:\s+by)?\s+(?=\S)(?<=by\s|of\s)")
# makers are owners in news usage, a weaker cue than "owned by"
_MAKER_VERBS = frozenset({"developed", "made", "created", "published"})
# "Owned by Amazon since 2014, Twitch ...": a participial phrase that opens the sentence
FRONTED_RE = re.compile(r"\s*(?:(?:now|long|wholly|majority|fully)\s+)?(?P<v>owned|controlled|acquired|bought|purchased|"
                        r"taken\s+over)\s+by\s+", re.I)
_FRONTED_TAIL = re.compile(r"(?:\s+(?:since|in|for|from|back\s+in|until)\s+[^,;:]{1,40}?)?\s*,\s+(?:the\s+)?", re.I)
# "Snap Inc., the parent of Snapchat", "ByteDance is the owner of TikTok"
PARENT_OF_RE = re.compile(r"\b(?:the\s+|its\s+)?(?:(?:Chinese|US|American|Beijing-based|current)\s+)?(?:(?:parent(?:\s+(?:company|firm|group))?|"
                          r"owner|operator|maker|creator|developer|publisher)\s+of|"
                          r"(?:[a-z][\w-]*\s+)?(?:company|firm|giant|group|start-?up|studio|team)\s+behind)\s+"
                          r"(?:(?:the|[a-z][\w-]*)\s+){0,3}?(?=[A-Z\d])")
_COPULA_BEFORE = re.compile(r"\s+(?:is|was|remains|became|has\s+been)\s+$")
HYPHEN_RE = re.compile(r"-(?:owned|run|operated|controlled)\s+")
OWNER_NOUN_RE = re.compile(
    r"\b(?P<n>parent(?:\s+(?:company|firm|group|corporation))?|owner|operator|developer|maker|holding\s+company)\b"
    r"(?P<comma>\s*,)?\s*")
ACTIVE_RE = re.compile(
    r"(?:\s*,\s*which|\s*,(?=\s+also\b))?\s+(?:(?:also|now|already|has|had|have|officially|formally|quietly|finally|itself|in\s+\d{4})\s+){0,3}"
    r"(?P<v>owns|acquired|bought|purchased|operates|controls|took\s+over|completed\s+(?:its|the)\s+(?:acquisition|purchase|takeover)\s+of|"
    r"closed\s+(?:its|the)\s+(?:acquisition|purchase)\s+of)\b")
SUBSIDIARY_RE = re.compile(r"\b(?:an?\s+|the\s+)?(?:wholly[\s-]owned\s+)?(?:subsidiary|unit|division|arm)\s+of\s+")
PRODUCT_NOUN = (r"(?:app|apps|video\s+editor|editor|platform|service|chatbot|assistant|messaging\s+app|messenger|"
                r"social\s+network|social\s+media\s+(?:app|platform)|marketplace|browser|game|super[\s-]app|"
                r"AI\s+(?:model|chatbot|assistant)|e-commerce\s+(?:platform|app|site)|shopping\s+app|site|"
                r"short[\s-]video\s+(?:app|platform)|video\s+(?:app|platform)|photo-sharing\s+(?:app|service)|"
                r"streaming\s+(?:service|app)|search\s+engine|payments?\s+app|subsidiary|hit|title|franchise)")
PRODUCT_ADJ = {"popular", "flagship", "own", "messaging", "video", "short-video", "social", "shopping", "chatbot",
               "ai", "e-commerce", "chinese", "us", "international", "new", "hit", "main", "core", "namesake",
               "lifestyle", "streaming", "wildly", "hugely", "massively"}
_NOT_AN_OWNER = re.compile(r"\.(?:com|in|io|net|org|ai|co)$|^[A-Z][a-z]+(?:ian|ean|ese|ish)$|^(?:South|North)\s+[A-Z]|"
                           r"-(?:listed|based|backed|owned|run|funded|headquartered|founded)$")
_MODIFIER_AFTER = re.compile(r"(?:-like|-style|-esque|\s*&|\s+and\s+[A-Z][\w]*-like)")
# "Google's rival ChatGPT", "Meta's former app": a possessive that does not own
NOT_OWN_ADJ = {"rival", "rivals", "competitor", "competitors", "former", "answer", "counterpart", "version", "sister",
               "clone", "alternative", "alternatives", "copycat", "challenger", "equivalent", "biggest", "largest",
               "top", "favorite", "favourite", "old", "ex", "onetime", "one-time", "erstwhile", "partner"}
_STAKE_RE = re.compile(r"\s+(?:(?:a|an|about|roughly|around|nearly|some|almost|its|a\s+roughly)\s+)*"
                       r"(?:majority|controlling|(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent))\s+"
                       r"(?:(?:stake|interest|shareholding)\s+in|of)(?=\s)")
_STAKE_WORDS = re.compile(r"\s+(?:(?:a|an)\s+)?(?:minority|small|\d+(?:\.\d+)?\s?%|stake|shares?)\b")
_DESC_SKIP = (r"(?:(?:[A-Z][a-z]+(?:ian|ese|ish|an|i)|rival|studio|developer|maker|start-?up|app|platform|company|firm|"
              r"game|games|messaging|social|video|unit|operator|publisher|network|marketplace|chatbot|service|e-commerce|"
              r"payments?|ride-hailing|delivery|online|mobile|gaming|popular|local|domestic)\s+){0,3}")
_CORP_WORD = re.compile(r"\b(?:Group|Inc|Corp|Corporation|Ltd|Limited|LLC|plc|Holdings|Technologies|Technology|Media|"
                       r"Foundation|Company|Co|Labs|Studios|Games|Communications|Networks|Ventures|Partners|AG|SE|SA)\b")
_UNIT_NOUN = re.compile(r"\b(?:unit|division|arm|subsidiary|studio)\s+$")
_PRODUCT_NOUN_RE = re.compile(r"[’']s?\s+(?:[\w-]+\s+){0,3}?" + PRODUCT_NOUN + r"\b")
NAME_RE = re.compile(r"(?:[A-Z][\w&+-]*(?:\.[\w&+-]+)*|xAI)(?: (?:[A-Z][\w&+-]*(?:\.[\w&+-]+)*|\d+|&|of)(?=[\s,.;:)]|$))*"
                     r"(?: (?:Inc\.?|Corp\.?|Ltd\.?|PBC|LLC|plc))?")
_CORP_SUFFIX = re.compile(r"(?:,?\s+(?:Inc|Corp|Corporation|Ltd|Limited|LLC|plc|Co|S\.A|N\.V|AG|SE|GmbH)\.?)+$")
# "Singapore's Sea Ltd", "TikTok's parent ByteDance": the name after a possessive (and an optional noun)
_POSS_SKIP = re.compile(r"(?:[A-Z][\w.&-]*\s+){0,2}[A-Z][\w.&-]*(?:[’']s|s[’'])\s+(?:(?:[a-z][\w-]*)\s+){0,2}"
                        r"(?:[a-z][\w-]*,\s+)?(?=[A-Z]|xAI)")


@dataclass(slots=True)
class OwnHit:
    subject: Resolved
    obj: Resolved
    confidence: float
    start: int
    end: int


def _mention_at(sent: Sentence, pos: int, slack: int = 0) -> Mention | None:
    for m in sent.mentions:
        if pos <= m.start <= pos + slack:
            return m
    return None


# descriptors before an owner's name: "the Beijing-based start-up", "China internet behemoth",
# "the world's most valuable start-up", "TikTok parent" (the owner of the named app is the one after)
_HYPHEN_OWNER = re.compile(r"[A-Z][\w]*-(?:owned|backed|based|funded|run)\b")
_OBJ_DESC = re.compile(r"(?:(?:the|a|an|its|his|her|their|Chinese|American|US|China|world[’']s|AI|"
                       r"[A-Z][\w]*-(?:based|owned|backed|funded|run)|"
                       r"[A-Z][\w]*\s+(?:parent|owner)|[a-z][\w-]*)\s+){0,5}")


def _object_after(text: str, sent: Sentence, pos: int, reg: Registry, topic: Topic) -> Resolved | None:
    """The name right after pos, skipping 'the Beijing-based start-up' style descriptors."""
    sk = _OBJ_DESC.match(text[pos:sent.end])
    ps = _POSS_SKIP.match(text, pos + sk.end(), sent.end)
    if ps is not None:
        nxt = _mention_at(sent, ps.end())
        if nxt is not None and nxt.kind in ("company", "unknown", "person"):
            return as_resolved(sent, nxt, topic)
        nm = NAME_RE.match(text, ps.end(), sent.end)
        if nm and nxt is None:
            pos, sk = ps.end(), None
    # "SpaceX-owned AI startup xAI": the hyphenated owner only describes; the name after it is the object
    order = sorted({pos + (sk.end() if sk else 0), pos}, reverse=bool(_HYPHEN_OWNER.match(text, pos)))
    for p in order:
        m = _mention_at(sent, p)
        if m is not None:
            return as_resolved(sent, m, topic)
    if sk is None:
        sk = re.match(r"", "")
    nm = NAME_RE.match(text, pos + sk.end(), sent.end)
    if nm:
        name = _CORP_SUFFIX.sub("", nm.group(0).rstrip(".,")).rstrip(".,")
        if not name or name.split()[0] in ("The", "A", "An", "It", "Its", "US", "China", "Chinese"):
            return None
        if _NOT_AN_OWNER.search(name) or re.match(r"\s+[a-z]+s\b", text[nm.start() + len(name):]):
            return None  # "developed by South Korean studios", "bought the Perplexity.in domain"
        eid, ok = reg.resolve(name)
        if len(name) < 2:
            return None
        fake = Mention(nm.start(), nm.start() + len(name), eid, reg.kind(eid) if ok else "unknown", name, ok)
        return Resolved(eid, ok, fake.kind, fake)
    return None


_POSS_NAME = re.compile(r"[’']s?\s+(?:(?:[a-z][\w-]*)\s+){0,2}?[“\"‘']?(?=[A-Z0-9])")
_ITS_PRODUCT = re.compile(r"\s+(?:(?:[\w-]+)\s+){0,4}?(?:own|" + PRODUCT_NOUN + r")\s*,?\s+(?:called\s+|named\s+)?[“\"‘']?")
_TITLE_NAME = re.compile(r"[A-Z0-9][\w.!&+-]*(?:(?::\s+|\s+(?:of|the|&)\s+|\s+)[A-Z0-9][\w.!&+-]*){0,5}")


def _unregistered_product(text: str, sent: Sentence, pos: int, reg: Registry) -> Mention | None:
    """The capitalised product name right after an owner's possessive or "its <product noun>" when the registry
    does not know it ("Nintendo's Mario Kart Tour", "its subsidiary Rappi Turbo")."""
    from .context import _NOT_NAMES, COUNTRIES
    pm = _POSS_NAME.match(text, pos, sent.end)
    if pm is None:
        return None
    nm = _TITLE_NAME.match(text, pm.end(), sent.end)
    if nm is None:
        return None
    name = nm.group(0).rstrip(".,:!")
    words = name.split()
    if not name or words[0] in _NOT_NAMES or name in COUNTRIES or any(w in _EXT_WORDS for w in words) \
            or name[0].isdigit() or re.fullmatch(r"[A-Z]{1,4}", name) or title_case(text[sent.start:sent.end]) \
            or re.match(r"[A-Z][a-z]+-(?:only|exclusive|based|owned|backed)\b", name):
        return None  # "OpenAI's VP", "Apple's 2025 data", a headline's capitalised words
    if _NOT_PRODUCT_AFTER.match(text, nm.start() + len(name)):
        return None  # "Kakao's Pangyo headquarters", "OpenAI's GPT-4 technology"
    if any(m.start == nm.start() for m in sent.mentions):
        return None  # a registered name: the main rule decides
    eid, ok = reg.resolve(name)
    kind = reg.kind(eid) if ok else "unknown"
    return Mention(nm.start(), nm.start() + len(name), eid, kind, name, ok) if kind in ("app", "unknown") else None


_NOT_PRODUCT_AFTER = re.compile(r"\s*,?\s+(?:said|says|told|noted|added|explained|wrote|headquarters|office|offices|campus|technology|model|models|data|report|"
                                r"results|earnings|stock|shares|team|division|unit|executive|chief|boss|founder|"
                                r"spokesperson|engineers?|researchers?|lab|labs|chips?|devices?|phones?|hardware|"
                                r"glasses|headset|deal|acquisition|investment|platform\s+team)\b", re.I)
# words that make a capitalised phrase a title, a division or a period rather than an app
_EXT_WORDS = frozenset("""CEO COO CFO CTO CIO CMO CPO VP SVP EVP President Chairman Founder Q1 Q2 Q3 Q4 Inc Corp Ltd Group Holdings Labs Lab Research Reality
Division Unit Foundation Fund Capital Ventures Board Team Studios Studio Games Entertainment Cloud Services AI""".split())


def _its_products(text: str, sent: Sentence, topic: Topic, reg: Registry, add) -> None:
    """ "its popular video editing app, Jianying", "its own Doubao", "its subsidiary Rappi Turbo": the company
    "its" refers to owns the named product."""
    for m in sent.mentions:
        if m.kind != "anaphor" or m.surface.lower() != "its":
            continue
        owner = resolve_anaphor(sent, m, topic)
        if owner is None or owner.kind != "company":
            continue
        pm = _ITS_PRODUCT.match(text, m.end, sent.end)
        if pm is None:
            continue
        nxt = _mention_at(sent, pm.end())
        if nxt is None:
            nxt = _unregistered_product(text, sent, pm.end() - 1, reg) if text[pm.end() - 1] == " " else None
        if nxt is not None and nxt.kind in ("app", "unknown") and not nxt.possessive:
            add(Resolved(nxt.eid, nxt.resolved, nxt.kind, nxt), owner, 0.7)


_POSSESSOR = re.compile(r"(?<![\w’'.-])((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,2})(?:[’']s|s[’']|(?<=s)[’'])\s+"
                        r"(?:(?:[a-z][\w-]*)\s+){0,3}?[‘'“\"]?(?=[A-Z0-9])")
_GAME_STUDIO = re.compile(r"\b(?:Games|Studios?|Interactive|Entertainment|Mobile|Labs|Soft|Software|Inc|Ltd|Corp)$")


def _unregistered_possessors(text: str, sent: Sentence, reg: Registry, add) -> None:
    """ "Voodoo's Draw Climber", "Kakao Games' 'Odin: Valhalla Rising'", "Alictus' Collect Cubes": a maker the
    registry does not know owns the app (or quoted title) named right after its possessive."""
    from .context import COUNTRIES
    for m in _POSSESSOR.finditer(text, sent.start, sent.end):
        name = m.group(1)
        words = name.split()
        if any(x.start <= m.start(1) < x.end for x in sent.mentions) or name in COUNTRIES \
                or words[0] in _NOT_NAMES or _NOT_AN_OWNER.search(name) or title_case(text[sent.start:sent.end]):
            continue  # registered names go through the main rule
        nxt = _mention_at(sent, m.end())
        quoted = text[m.end() - 1:m.end()] in "‘'“\""
        if nxt is None and quoted:
            nm = _TITLE_NAME.match(text, m.end(), sent.end)
            if nm is not None:
                title = nm.group(0).rstrip(".,:!")
                eid, ok = reg.resolve(title)
                nxt = Mention(nm.start(), nm.start() + len(title), eid, reg.kind(eid) if ok else "unknown", title, ok)
        if nxt is None or nxt.kind not in ("app", "unknown") or nxt.possessive:
            continue
        eid, ok = reg.resolve(name)
        if ok and reg.kind(eid) not in ("company", "person"):
            continue
        owner = Mention(m.start(1), m.end(1), eid, reg.kind(eid) if ok else "unknown", name, ok)
        conf = 0.7 if (ok or _GAME_STUDIO.search(name) or quoted) else 0.6
        add(Resolved(nxt.eid, nxt.resolved, nxt.kind, nxt), Resolved(owner.eid, owner.resolved, owner.kind, owner), conf)


def _company_like(r: Resolved | None) -> bool:
    return r is not None and r.kind in ("company", "unknown", "person")


def _product_like(r: Resolved | None) -> bool:
    return r is not None and r.kind in ("app", "unknown", "company")


def _deal_hedged(text: str, sent: Sentence, a: int, b: int, after_end: int) -> bool:
    a = max(a, clause_start(sent, b))
    if HEDGE_RE.search(text, a, b) or DEAL_HEDGE_RE.search(text, a, b):
        return True
    tail_end = sent.end
    for bpos in sent.boundaries:
        if bpos > after_end:
            tail_end = bpos
            break
    return bool(DEAL_FAIL_AFTER_RE.search(text, after_end, tail_end))


def _active(text: str, sent: Sentence, ow: Mention, am: re.Match, hedge_from: int, reg: Registry, add) -> None:
    s, e = sent.start, sent.end
    if _deal_hedged(text, sent, hedge_from, am.start("v"), am.end()):
        return
    o = Resolved(ow.eid, ow.resolved, ow.kind, ow)
    st = _STAKE_RE.match(text, am.end())
    if st is not None:
        if st.group("pct") and float(st.group("pct")) <= 50:
            return  # a minority stake is not ownership
        am = st
    elif am.group("v") in ("owns", "controls") and _STAKE_WORDS.match(text, am.end()):
        return
    after = re.match(r"\s+(?:the\s+)?" + _DESC_SKIP, text[am.end():am.end() + 60])
    pos_t = am.end() + (after.end() if after else 0)
    ps = _POSS_SKIP.match(text, pos_t, e)
    if ps is not None and _mention_at(sent, pos_t) is not None and _mention_at(sent, pos_t).kind != "company":
        ps = None
    if ps is not None:
        pos_t = ps.end()  # "a majority stake in Finland's Supercell"
    tgt = _mention_at(sent, pos_t)
    if tgt is not None and tgt.kind != "anaphor":
        chain = [tgt]
        for x in sent.mentions:
            if x.start > chain[-1].end and re.fullmatch(r"\s*(?:,|,?\s+and)\s*", text[chain[-1].end:x.start]):
                chain.append(x)
        for x in chain:
            if x.kind in ("app", "company", "unknown"):
                add(Resolved(x.eid, x.resolved, x.kind, x), o, 0.85)
        return
    nm = NAME_RE.match(text, pos_t)
    if nm and nm.group(0).split()[0] not in ("The", "A", "An", "It", "Its", "In", "On", "US", "China"):
        name = _CORP_SUFFIX.sub("", nm.group(0).rstrip(".,")).rstrip(".,")
        eid, ok = reg.resolve(name)
        if len(name) > 1 and not re.match(r"(?:Inc|Corp|Ltd)\b", name) and not _NOT_AN_OWNER.search(name):
            fake = Mention(pos_t, pos_t + len(name), eid, reg.kind(eid) if ok else "unknown", name, ok)
            add(Resolved(eid, ok, fake.kind, fake), o, 0.7)
            return
    if re.match(r"\s+(?:in|for|last|earlier|back|from|when|after|this|that|two|three|\d)", text[am.end():am.end() + 8]) \
            or am.end() >= e - 1 or text[am.end()] in ",.;":
        ap = containing_appos(sent, ow.start)
        if ap is not None and ap[0].kind in ("app", "unknown"):
            h = ap[0]
            add(Resolved(h.eid, h.resolved, h.kind, h), o, 0.8)


def extract_ownership(text: str, sent: Sentence, topic: Topic, reg: Registry) -> list[OwnHit]:
    """Ownership statements of the sentence. An app named as an owner means its company
    ("Facebook-owned WhatsApp" -> meta; the registry's `as_owner` column says which): the sentence is
    read a second time with such names as their companies, keeping only what they own there."""
    hits = _extract_ownership(text, sent, topic, reg)
    swapped = {id(m): m for m in sent.mentions if m.kind == "app" and (e := reg.get(m.eid)) and e.as_owner}
    if not swapped:
        return hits
    alt = []
    for m in sent.mentions:
        if id(m) in swapped:
            owner = reg.get(m.eid).as_owner
            m = Mention(m.start, m.end, owner, reg.kind(owner), m.surface, True, m.possessive, m.anaphor, set(m.flags))
        alt.append(m)
    variant = Sentence(sent.start, sent.end, sent.para, alt, sent.appos, sent.boundaries, sent.store,
                       sent.store_spans, sent.words)
    swapped_at = {(m.start, reg.get(m.eid).as_owner) for m in swapped.values()}
    for h in _extract_ownership(text, variant, topic, reg):
        if (h.obj.mention.start, h.obj.eid) in swapped_at and not any(
                x.subject.eid == h.subject.eid for x in hits):
            hits.append(h)
    return hits


def _extract_ownership(text: str, sent: Sentence, topic: Topic, reg: Registry) -> list[OwnHit]:
    out: list[OwnHit] = []
    s, e = sent.start, sent.end

    def add(subj: Resolved | None, obj: Resolved | None, conf: float):
        if subj is None or obj is None or subj.eid == obj.eid:
            return
        if subj.kind == "person" or obj.kind not in ("company", "unknown", "person"):
            return
        if subj.kind not in ("app", "company", "unknown"):
            return
        if any(h.subject.eid == subj.eid and h.obj.eid == obj.eid for h in out):
            return
        if not subj.resolved or not obj.resolved:
            conf -= 0.15
        if subj.anaphoric:
            conf -= 0.15
        out.append(OwnHit(subj, obj, max(0.05, conf), s, e))

    # A. passive: "Temu, the discount marketplace owned by PDD Holdings"
    for m in PASSIVE_RE.finditer(text, s, e):
        obj = _object_after(text, sent, m.end(), reg, topic)
        if obj is None:
            continue
        subs, c = subject_at(text, sent, m.start(), topic, kinds=("app", "company", "unknown"))
        if not subs:
            continue
        if _deal_hedged(text, sent, s, m.start(), obj.mention.end):
            continue
        if m.group("v") == "run" and not (obj.kind == "company" or _CORP_WORD.search(obj.mention.surface)):
            continue  # "run by Jason Citron": a chief executive, not an owner
        for sub in subs:
            add(sub, obj, min(0.7 if m.group("v") in _MAKER_VERBS else 0.9, c))

    # A2. fronted: "Owned by Amazon since 2014, Twitch said ..." (the subject follows the comma)
    fm = FRONTED_RE.match(text, s, e)
    if fm is not None:
        obj = _object_after(text, sent, fm.end(), reg, topic)
        tail = _FRONTED_TAIL.match(text, obj.mention.end, e) if obj is not None else None
        sub = _mention_at(sent, tail.end()) if tail is not None else None
        if (sub is not None and sub.kind in ("app", "company", "unknown")
                and not _deal_hedged(text, sent, s, fm.start(), obj.mention.end)
                and not (fm.group("v").lower() == "controlled" and obj.kind == "person")):
            add(as_resolved(sent, sub, topic), obj, 0.85)

    # B. "Meta-owned WhatsApp", "Tencent-run apps such as WeChat and QQ"
    for owner in sent.mentions:
        hm = HYPHEN_RE.match(text, owner.end)
        if not hm or owner.kind not in ("company", "unknown"):
            continue
        if _NEG_LOCAL.search(text, max(s, owner.start - 30), owner.start):
            continue
        lm = re.match(r"(?:[\w-]+\s+){0,3}?(?:such\s+as|including|like)\s+|(?:(?:[a-z][\w-]*|AI)\s+){0,3}?(?:"
                      + PRODUCT_NOUN + r"|start-?up|company|firm|developer|studio)"
                      + r",?\s+(?=[A-Z]|xAI)|", text[hm.end():e])
        pos = hm.end() + lm.end()
        first = _mention_at(sent, pos)
        nm = NAME_RE.match(text, pos, e) if first is None else None
        if nm and nm.group(0).split()[0] not in ("The", "A", "An", "It", "Its", "In", "On", "US", "China", "Chinese") \
                and nm.group(0).split()[0] not in _NOT_NAMES:
            name = nm.group(0).rstrip(".,")  # "Reliance Industries-owned JioMusic": a name the registry lacks
            eid, ok = reg.resolve(name)
            first = Mention(pos, pos + len(name), eid, reg.kind(eid) if ok else "unknown", name, ok)
        if first is None:
            # "Threads, the Meta-owned app, ...": the owned thing is the head of the appositive
            ap = containing_appos(sent, owner.start)
            if ap is not None and ap[0].kind in ("app", "unknown") and re.match(
                    r"(?:[\w-]+\s+){0,2}?" + PRODUCT_NOUN + r"\b", text[hm.end():e]) and \
                    re.fullmatch(r"\s*(?:the|an?)\s+(?:[\w-]+\s+){0,2}?", text[ap[1]:owner.start]):
                h = ap[0]
                add(Resolved(h.eid, h.resolved, h.kind, h), Resolved(owner.eid, owner.resolved, owner.kind, owner), 0.85)
            continue
        chain = [first]
        for x in sent.mentions:
            if x.start > chain[-1].end and re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or)\s*", text[chain[-1].end:x.start]):
                chain.append(x)
        o = Resolved(owner.eid, owner.resolved, owner.kind, owner)
        for x in chain:
            add(Resolved(x.eid, x.resolved, x.kind, x), o, 0.9)

    _its_products(text, sent, topic, reg, add)
    _unregistered_possessors(text, sent, reg, add)
    # C. possessive product: "OpenAI's ChatGPT", "ByteDance's video editor, CapCut", "CapCut, ByteDance's video editor"
    for i, owner in enumerate(sent.mentions):
        if not owner.possessive or owner.kind not in ("company", "person"):
            continue
        if _NEG_LOCAL.search(text, max(s, owner.start - 30), owner.start):
            continue
        nxt = sent.mentions[i + 1] if i + 1 < len(sent.mentions) else None
        o = Resolved(owner.eid, owner.resolved, owner.kind, owner)
        if owner.kind == "company" and (nxt is None or not re.fullmatch(r"[’']s?\s+(?:[\w-]+\s+){0,2}",
                                                                        text[owner.end:nxt.start])):
            new = _unregistered_product(text, sent, owner.end, reg)  # "Nintendo's Mario Kart Tour"
            if new is not None:
                add(Resolved(new.eid, new.resolved, new.kind, new), o, 0.7)
                continue
        gap = text[owner.end:nxt.start] if nxt is not None else ""
        gm = re.fullmatch(r"[’']s?\s+((?:[\w-]+\s+){0,2})", gap) if nxt is not None else None
        if gm and nxt is not None and _MODIFIER_AFTER.match(text, nxt.end):
            continue  # "ByteDance's Instagram & Pinterest-like Lemon8 app": Instagram only describes
        if gm and nxt.kind in ("app", "unknown") and not any(w.lower() in NOT_OWN_ADJ for w in gm.group(1).split()):
            known = all(w.lower() in PRODUCT_ADJ for w in gm.group(1).split())
            add(Resolved(nxt.eid, nxt.resolved, nxt.kind, nxt), o,
                (0.85 if known else 0.75) - (0.2 if owner.kind == "person" else 0))
            continue
        if owner.kind == "person":
            continue
        if gm and nxt.kind in ("company", "unknown") and _UNIT_NOUN.search(gm.group(1)):
            # "Sea's gaming unit Garena", "Alibaba's logistics arm Cainiao"
            add(Resolved(nxt.eid, nxt.resolved, nxt.kind, nxt), o, 0.85)
            continue
        pm = _PRODUCT_NOUN_RE.match(text, owner.end)
        if not pm:
            continue
        adjs = text[owner.end:pm.end()].split()[1:-1]
        if any(w.lower() in ("rival", "rivals", "competitor", "former", "answer", "counterpart", "version", "sister",
                             "clone", "alternative") for w in adjs):
            continue
        # "X's video editor, CapCut" / "X's video editor CapCut"
        cm = re.match(r"\s*,?\s*", text[pm.end():e])
        after = _mention_at(sent, pm.end() + cm.end())
        if after is not None and after.kind in ("app", "unknown"):
            add(Resolved(after.eid, after.resolved, after.kind, after), o, 0.85)
            continue
        # "CapCut, X's video editor, ..." : owner opens an appositive of an app head
        ap = containing_appos(sent, owner.start)
        if ap is not None and ap[1] == owner.start and ap[0].kind in ("app", "unknown"):
            h = ap[0]
            add(Resolved(h.eid, h.resolved, h.kind, h), o, 0.85)

    # D. owner nouns: "TikTok's Beijing-based owner, ByteDance", "parent company ByteDance", "TikTok owner ByteDance"
    for m in OWNER_NOUN_RE.finditer(text, s, e):
        if re.match(r"\s*of\b", text[m.end(1) if False else m.end("n"):m.end("n") + 4]):
            continue
        pre = text[max(s, m.start() - 60):m.start()]
        if _NEG_LOCAL.search(pre) or re.search(r"\bno\s+(?:[\w-]+\s+)?$", pre):
            continue
        obj = _object_after(text, sent, m.end(), reg, topic) if re.match(r"\s*[A-Z“x]", text[m.end():m.end() + 3]) \
            else None
        if obj is None:
            # "ByteDance, TikTok's parent, is valued ...", "Alphabet, Google's parent company."
            ap = containing_appos(sent, m.start())
            pm = re.search(r"[’']s?\s+(?:[\w-]+\s+){0,2}$", pre)
            if ap is not None and pm is not None and _company_like(Resolved(ap[0].eid, ap[0].resolved, ap[0].kind, ap[0])):
                poss_at = m.start() - (len(pre) - pm.start())
                owned_m = next((x for x in sent.mentions if x.end == poss_at and x.start == ap[1]), None)
                if owned_m is not None and owned_m.kind in ("app", "company", "unknown"):
                    add(Resolved(owned_m.eid, owned_m.resolved, owned_m.kind, owned_m),
                        Resolved(ap[0].eid, ap[0].resolved, ap[0].kind, ap[0]), 0.8)
            continue
        if (obj.mention.start - m.end() > 2 and not _OBJ_DESC.fullmatch(text, m.end(), obj.mention.start)) \
                or not _company_like(obj):
            continue
        # owned thing: "X's [adj] owner" / "X owner" / "its parent" / else nearest app before
        owned = None
        pm = re.search(r"(?:[’']s?|\bits|\btheir)\s+(?:[\w-]+\s+){0,2}$", pre)
        cand = [x for x in sent.mentions if x.end <= m.start() and x.kind in ("app", "unknown", "anaphor")]
        if pm:
            poss_at = m.start() - (len(pre) - pm.start())
            for x in reversed(cand):
                if x.end == poss_at or (x.anaphor and x.start <= poss_at <= x.end + 1):
                    owned = as_resolved(sent, x, topic)
                    break
            if owned is None and re.match(r"\s*its", text[poss_at:poss_at + 4]):
                pron = Mention(poss_at, poss_at + 3, "", "anaphor", "its", possessive=True, anaphor="any")
                owned = resolve_anaphor(sent, pron, topic)
        else:
            direct = [x for x in cand if re.fullmatch(r"\s*", text[x.end:m.start()])]
            if direct:
                owned = as_resolved(sent, direct[-1], topic)
            else:
                for x in reversed(cand):
                    if x.kind != "anaphor" and not (x.flags & {"appos", "agent", "object", "possessor"}):
                        owned = as_resolved(sent, x, topic)
                        break
                if owned is None and topic.app is not None:
                    owned = Resolved(topic.app.eid, topic.app.resolved, topic.app.kind, topic.app, True)
        if owned is not None and owned.kind in ("app", "unknown"):
            add(owned, obj, 0.8)

    # D2. "Snap Inc., the parent of Snapchat, ...", "ByteDance is the owner of TikTok"
    for m in PARENT_OF_RE.finditer(text, s, e):
        pre = text[max(s, m.start() - 40):m.start()]
        if _NEG_LOCAL.search(pre) or re.search(r"\b(?:co|part|joint|minority|one\s+of\s+the)[\s-]*$", pre, re.I):
            continue
        owned_m = _mention_at(sent, m.end())
        if owned_m is None or owned_m.kind not in ("app", "unknown") or owned_m.possessive:
            continue  # "the firm behind TikTok's rival Musical.ly": the possessed thing, not TikTok
        ap = containing_appos(sent, m.start())
        owner = None
        if ap is not None and ap[1] <= m.start() <= ap[1] + 2 and _company_like(as_resolved(sent, ap[0], topic)):
            owner = as_resolved(sent, ap[0], topic)
        elif _COPULA_BEFORE.search(text, s, m.start()):
            subs, _c = subject_at(text, sent, m.start(), topic, kinds=("company", "unknown"))
            owner = subs[0] if len(subs) == 1 else None
        if owner is not None and _company_like(owner) and not _deal_hedged(text, sent, s, m.start(), owned_m.end):
            owned = [owned_m]
            for x in sent.mentions:  # "the owner of TikTok and Douyin"
                if x.start > owned[-1].end and LIST_GAP.fullmatch(text, owned[-1].end, x.start) \
                        and x.kind in ("app", "unknown"):
                    owned.append(x)
            for x in owned:
                add(as_resolved(sent, x, topic), owner, 0.8)

    # E. active: "xAI has acquired X", "PDD Holdings also operates Pinduoduo", "the service Meta bought in 2012"
    for ow in sent.mentions:
        if ow.kind not in ("company", "unknown") or ow.flags & {"object", "possessor"}:
            continue
        tries = []
        am0 = ACTIVE_RE.match(text, ow.end)
        if am0:
            # "GoTo, which owns Gojek": hedges before the relative clause are not its own
            tries.append((am0, am0.start() if am0.group(0).lstrip().startswith(",") else s))
        # "Walmart, which bought a majority of Flipkart in 2018, owns about 85% of PhonePe"
        ap0 = next((x for x in sent.appos if x[0] is ow and x[3]), None)
        if ap0 is not None:
            am1 = ACTIVE_RE.match(text, ap0[2] + 1)
            if am1 and not am1.group(0).lstrip().startswith(","):
                tries.append((am1, ap0[2]))
        for am, hedge_from in tries:
            _active(text, sent, ow, am, hedge_from, reg, add)

    # F. "X, a subsidiary of Y"
    for m in SUBSIDIARY_RE.finditer(text, s, e):
        obj = _object_after(text, sent, m.end(), reg, topic)
        if obj is None:
            continue
        subs, c = subject_at(text, sent, m.start(), topic)
        if subs and not _deal_hedged(text, sent, s, m.start(), obj.mention.end):
            add(subs[-1], obj, min(c, 0.85))
    return out
