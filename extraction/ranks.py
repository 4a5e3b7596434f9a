"""App-store chart ranks: "No. 1", "#1", "top spot", "topped the chart", "most downloaded",
"second most downloaded", "ranked seventh", "came second", "in third place", "followed by X"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .context import LIST_GAP, Sentence, StoreContext, Topic, clause_start, hedged, subject_at
from .temporal import find_valid_at

ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
       "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
       "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20}
_ORDW = "|".join(ORD)
_ORDX = rf"(?:{_ORDW}|\d{{1,3}}(?:st|nd|rd|th))"
CARD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20}
_CARDW = "|".join(CARD)

RANK_RE = re.compile(
    rf"(?P<no>(?:\bNo\.|\b[Nn]umber|#)\s?(?P<non>\d{{1,3}})\b(?![.,]\d|\s*(?:million|billion|%)))"
    rf"|(?P<atn>\bat\s+(?:No\.\s?|number\s+|#)(?P<atx>{_CARDW}|\d{{1,3}})\b(?![.,]\d|\s*(?:million|billion|%)))"
    rf"|(?P<nth>\b(?P<nx>{_ORDX})[\s-]+(?:(?:top|highest|most)[\s-]+(?:grossing|earning|downloaded|popular|installed)|"
    rf"highest\s+earner|biggest\s+earner|top\s+earner)\b)"
    rf"|(?P<cop>\b(?:was|is|were|are)\s+(?P<copx>{_ORDX})(?=\s*[.,;)]|\s+(?:on|in|with|behind|among)\b))"
    rf"|(?P<mostn>\bthe\s+most\s+(?:installs|downloads)\b)"
    rf"|(?P<ordin>\b(?P<oix>{_ORDX})(?=\s+in\s+(?:the\s+)?[A-Z]))"
    rf"|(?P<took>\b(?:took|takes|taking|claimed|claims|secured|secures|grabbed|grabs|picked\s+up|held|holds|kept|"
    rf"keeps|remained\s+in|remains\s+in|stayed\s+in|stays\s+in|coming\s+in|sits\s+in|sat\s+in|sitting\s+in|in)\s+"
    rf"(?:the\s+)?(?P<tkx>{_ORDX})(?:\s+(?:place|spot|position))?\b"
    rf"(?![\s-]+(?:quarter|half|time|year|week|month|day|round|grade|largest|biggest|most|consecutive|straight|"
    rf"anniversary|edition|season|generation|version|tier|wave|phase|half)))"
    rf"|(?P<roundout>\bround(?:ing|ed|s)?\s+out\s+the\s+top\s+(?P<rox>three|four|five|ten|\d{{1,2}})\b)"
    rf"|(?P<most>\b(?:the\s+)?(?:(?P<mord>{_ORDX})[\s-]+)?most[\s-]+(?:downloaded|installed|popular(?=\s+(?:free\s+|paid\s+)?(?:apps?|games?)\b))\b)"
    rf"|(?P<ranked>\b(?:ranked|ranks|ranking|rank)\s+(?:as\s+)?(?:the\s+|an?\s+(?:distant|close|solid|respectable|strong)\s+)?(?:No\.\s?|#|number\s+)?(?P<rx>{_ORDX}|\d{{1,3}})\b(?![\s-]+most))"
    rf"|(?P<came>\b(?:came|comes|come|coming|finished|finishes|placed|places|landed|lands|sat|sits|slipped|slips|fell|falls|dropped|drops|rose|rises|climbed|climbs|moved|moves)\s+(?:in\s+|to\s+)?(?P<cx>{_ORDX})\b(?![\s-]+(?:quarter|half|time|year|largest|biggest|most|consecutive|straight|day|week|month)))"
    rf"|(?P<place>\b(?P<px>{_ORDX})\s+(?:place|position|spot)\b)"
    rf"|(?P<top>\b(?:the\s+)?(?:top|No\.\s?1|number\s+one|first)\s+(?:spot|position|place|slot)\b"
    rf"|\bthe\s+(?:No\.\s?1|number\s+one|#1)\s+(?:(?:free|paid|grossing|[a-z]+)\s+){{0,2}}?(?:app|game)\b(?!s)"
    rf"|\bthe\s+top(?:[\s-]+(?:free|paid|grossing|selling|iPhone|Android|iOS|Play\s+Store|App\s+Store|Google\s+Play)){{0,3}}\s+(?:app|game|mobile\s+game)\b(?!s)"
    rf"|\b(?:the\s+)?(?:top|summit|head)\s+of\s+(?:the\s+)?(?:[\w’'.-]+\s+){{0,4}}?(?:charts?|rankings?|App\s+Store|Google\s+Play|Play\s+Store|download\s+lists?|list|app\s+stores)\b"
    rf"|\btop(?:ped|s|ping)\s+(?:the\s+)?(?:[\w’'.-]+\s+){{0,4}}?(?:charts?|rankings?|App\s+Store|Google\s+Play|Play\s+Store|downloads)\b)"
)
_NOT_RANK_BEFORE = re.compile(r"\b(?:from|top|than|above|below|beyond|past)\s+(?:the\s+)?$", re.I)
# "one of the most downloaded", "among the top", "vying for the top spot", "failed to crack the top ten",
# "to claim the number one spot": membership, a contest or a goal, not a rank held
_NOT_A_RANK = re.compile(r"\b(?:(?:in|into|inside|made|make|makes|cracked)\s+the\s+top\s+\d+\b.{0,30}|one\s+of|among|"
                         r"top\s+(?:\d+|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)(?=\s+(?:most|\S+\s*$))|"
                         r"(?:were|are)\s+(?:the\s+)?(?=most\b)|vying\s+for|vie\s+for|compet\w*\s+for|battl\w*\s+for|race\s+for|"
                         r"fight\w*\s+for|crack|break\s+into|to\s+claim|to\s+reach|to\s+take|aim\w*\s+for|"
                         r"within|outside|out\s+of|near)\s+(?:[\w’'-]+\s+){0,3}$", re.I)
_PLUPERFECT = re.compile(r"\bhad\s+(?:held|been|topped|reached|ranked|sat|occupied|climbed|risen|hit)\b", re.I)
# reported speech back-shifts the tense: "Mosseri said ... that Edits had climbed to No. 2" is a present rank
_REPORTED_THAT = re.compile(r"\b(?:said|says|told\s+\w+|announced|reported|wrote)\b[^.;]*?\bthat\b")
_FIRST_TIME = re.compile(r"\b(?:first|second|only)\s+time\b|\bsince\s+\d{4}\b", re.I)
_DESC = (r"(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:app|platform|service|marketplace|chatbot|game|messenger|network|"
         r"site|assistant|editor)\s+)?")
_CHAIN_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+then)\s*" + _DESC)
_LEAD_DESC = re.compile(r"\s*" + _DESC)
FOLLOWED_RE = re.compile(r"\s*,?\s*(?:and\s+)?followed\s+by\s+")
# "CapCut and Lemon8 ranked first and second, respectively"
RESPECTIVELY_RE = re.compile(
    rf"\b(?:ranked|ranking|rank|came|come|finished|placed|landed|were|are|sat|sit)\s+(?:in\s+)?(?:at\s+)?(?:No\.\s?|#|numbers?\s+)?"
    rf"(?P<ords>(?:{_ORDX}|\d{{1,3}})(?:\s*,\s*(?:No\.\s?|#)?(?:{_ORDX}|\d{{1,3}}))*,?\s+and\s+(?:No\.\s?|#)?(?:{_ORDX}|\d{{1,3}}))"
    rf"(?:\s+(?:place|places|position|positions|spots?))?[^.;]{{0,60}}?,?\s*respectively\b")
_CONTEST_AFTER = re.compile(r"[^.;]{0,40}?\b(?:challenge|contest|competition|awards?|survey|poll|hackathon)\b", re.I)
_PLURAL_COPULA = re.compile(r"\b(?:were|are)\s+$")
_COLON_SUBJECT = re.compile(r"[^.;:]{0,40}?:\s+")
_RESPECTIVELY = re.compile(r"\brespectively\b")
_ORD_ITEM = re.compile(rf"{_ORDX}|\d{{1,3}}")
BEHIND_RE = re.compile(r"[^.;]{0,60}?\bbehind\s+")


def _rank_value(m: re.Match) -> int | None:
    if m.group("no"):
        return int(m.group("non"))
    if m.group("atn"):
        x = m.group("atx").lower()
        return CARD.get(x) or int(x)
    if m.group("nth"):
        return _ord(m.group("nx"))
    if m.group("cop"):
        return _ord(m.group("copx"))
    if m.group("mostn"):
        return 1
    if m.group("ordin"):
        return _ord(m.group("oix"))
    if m.group("took"):
        return _ord(m.group("tkx"))
    if m.group("roundout"):
        x = m.group("rox").lower()
        return CARD.get(x) or int(x)
    if m.group("most"):
        return _ord(m.group("mord")) if m.group("mord") else 1
    if m.group("ranked"):
        return _ord(m.group("rx"))
    if m.group("came"):
        return _ord(m.group("cx"))
    if m.group("place"):
        return _ord(m.group("px"))
    if m.group("top"):
        return 1
    return None


_LIST_NAME = re.compile(r"(?:[A-Z][\w.&+!-]*|\d+)(?:\s+(?:[A-Z][\w.&+!-]*|\d+))*")


def _listed_names(text: str, sent: Sentence, start: int, reg) -> list:
    """Names listed after "followed by": the sentence's app mentions, plus capitalised names the mention finder
    did not know ("followed by Royal Match and Candy Crush Saga")."""
    from .entities import Mention
    ments = [x for x in sent.mentions if x.start >= start and x.kind in ("app", "unknown")]
    if reg is None:
        return ments
    out, pos = [], start
    for x in ments + [None]:
        stop = x.start if x is not None else sent.end
        while pos < stop:
            gm = (_LEAD_DESC if not out else _CHAIN_GAP).match(text, pos, stop)
            if gm is None:
                break
            nm = _LIST_NAME.match(text, gm.end(), stop)
            if nm is None or nm.start() >= stop:
                break
            name = nm.group(0).rstrip(".,!")
            name = re.sub(r"\s+(?:on|in|at)$", "", name)
            if not name or name.split()[0] in ("The", "A", "An", "It", "Its", "Sensor", "Appfigures", "Data"):
                break
            eid, ok = reg.resolve(name)
            if ok and reg.kind(eid) not in ("app",):
                break
            out.append(Mention(nm.start(), nm.start() + len(name), eid, reg.kind(eid) if ok else "unknown", name,
                               resolved=ok))
            pos = nm.start() + len(name)
        if x is None:
            break
        if pos > x.start:
            continue
        out.append(x)
        pos = x.end
    return out


def _days_before(published_at, valid_at) -> int:
    try:
        a = published_at.replace(tzinfo=None) if hasattr(published_at, "tzinfo") else published_at
        b = valid_at.replace(tzinfo=None) if hasattr(valid_at, "tzinfo") else valid_at
        return (a - b).days
    except (TypeError, AttributeError):
        return 0


def _ord(x: str) -> int | None:
    x = x.lower()
    if x in ORD:
        return ORD[x]
    d = re.match(r"\d+", x)
    return int(d.group(0)) if d else None


@dataclass(slots=True)
class RankHit:
    subject: object  # Resolved
    rank: int
    store: str | None
    country: str | None
    chart: str | None
    valid_at: datetime | None
    confidence: float
    start: int
    end: int


def extract_ranks(text: str, sent: Sentence, topic: Topic, ctx: StoreContext, carried: bool,
                  published_at, reg=None) -> list[RankHit]:
    if not ctx.rank_context:
        return []
    out: list[RankHit] = []
    seen: set = set()
    rm = RESPECTIVELY_RE.search(text, sent.start, sent.end)
    if rm is not None:
        # pair the names before the verb with the ranks, in order; nothing else in this sentence is guessed
        ranks = [_ord(x) for x in _ORD_ITEM.findall(rm.group("ords"))]
        names = [x for x in sent.mentions if x.end <= rm.start() and x.kind in ("app", "unknown")
                 and not (x.flags & {"appos", "agent", "object", "possessor", "modifier"})]
        chain = names[-1:]
        for x in reversed(names[:-1]):
            if LIST_GAP.fullmatch(text, x.end, chain[0].start):
                chain.insert(0, x)
            else:
                break
        cs = clause_start(sent, rm.start())
        if len(chain) == len(ranks) and all(ranks) and not hedged(text, sent, cs, rm.start()):
            from .context import Resolved
            valid_at = find_valid_at(text, rm.end(), sent.end, published_at) or \
                find_valid_at(text, cs, rm.start(), published_at)
            for x, r in zip(chain, ranks):
                _emit(out, seen, Resolved(x.eid, x.resolved, x.kind, x), r, ctx, valid_at,
                      0.8 - (0.1 if carried else 0), sent)
        return out
    if _RESPECTIVELY.search(text, sent.start, sent.end):
        return out  # a "respectively" list we could not pair: guess nothing
    triggers = list(RANK_RE.finditer(text, sent.start, sent.end))
    for k, m in enumerate(triggers):
        ctx_m = _local_countries(text, sent, triggers, k, ctx)
        rank = _rank_value(m)
        if not rank or rank > 500:
            continue
        if m.group("most") and _PLURAL_COPULA.search(text, max(sent.start, m.start() - 10), m.start()):
            continue  # "Tinder, Netflix and YouTube were the most downloaded": a group, not a rank
        if _NOT_RANK_BEFORE.search(text, max(sent.start, m.start() - 6), m.start()) or \
                _NOT_A_RANK.search(text, max(sent.start, m.start() - 45), m.start()):
            continue
        if _CONTEST_AFTER.match(text, m.end(), sent.end):
            continue  # "ranking second in the MyGov app challenge": a contest, not a chart
        if m.group("no") and re.match(r"\s*(?:priority|concern|reason|goal|job|fan|enemy|executive|official|seed)\b",
                                      text[m.end():m.end() + 20]):
            continue
        cs = clause_start(sent, m.start())
        if hedged(text, sent, cs, m.start()) or (
                _PLUPERFECT.search(text, cs, min(sent.end, m.start() + 12)) and
                not _REPORTED_THAT.search(text, sent.start, m.start())) or \
                _FIRST_TIME.search(text, sent.start, m.start()):
            continue
        colon = _COLON_SUBJECT.match(text, m.end(), sent.end)
        after = next((x for x in sent.mentions if colon and x.start == colon.end() and x.kind in ("app", "unknown")),
                     None)
        if after is not None:
            from .context import Resolved
            subjects, conf = [Resolved(after.eid, after.resolved, after.kind, after)], 0.75
        else:
            subjects, conf = subject_at(text, sent, m.start(), topic, kinds=("app", "unknown"))
        if not subjects:
            continue
        if carried:
            conf -= 0.1
        nxt = triggers[k + 1].start() if k + 1 < len(triggers) else sent.end
        valid_at = find_valid_at(text, m.end(), nxt, published_at) or find_valid_at(text, cs, m.start(), published_at)
        if valid_at is not None and published_at is not None and _days_before(published_at, valid_at) > 300:
            continue  # "Roblox, which was the most downloaded game in 2020": a historic rank, not today's
        for subj in subjects[-1:]:
            _emit(out, seen, subj, rank, ctx_m, valid_at, conf, sent)
        # "followed by X" -> rank + 1 (and "X and Y" -> +1, +2)
        fm = FOLLOWED_RE.match(text, m.end())
        if fm is None:
            fm2 = re.compile(r"[^.;]{0,50}?,\s*(?:and\s+)?followed\s+by\s+").match(text, m.end(), sent.end)
            fm = fm2
        if fm is not None:
            r = rank
            for x in _listed_names(text, sent, fm.end(), reg):
                gap = text[fm.end() if r == rank else prev_end:x.start]
                if r != rank and not _CHAIN_GAP.fullmatch(gap):
                    break
                if r == rank and not _LEAD_DESC.fullmatch(gap):
                    break
                r += 1
                from .context import Resolved
                _emit(out, seen, Resolved(x.eid, x.resolved, x.kind, x), r, ctx_m, valid_at, conf - 0.1, sent)
                prev_end = x.end
        if rank == 2:
            bm = BEHIND_RE.match(text, m.end(), sent.end)
            if bm:
                nx = next((x for x in sent.mentions if x.start >= bm.end()), None)
                if nx is not None and nx.start - bm.end() < 5 and nx.kind in ("app", "unknown"):
                    from .context import Resolved
                    _emit(out, seen, Resolved(nx.eid, nx.resolved, nx.kind, nx), 1, ctx_m, valid_at, conf - 0.2, sent)
    return out


def _local_countries(text: str, sent: Sentence, triggers: list, k: int, ctx: StoreContext) -> StoreContext:
    """Which of the sentence's countries a rank is for: "the top free app in Morocco, the number 2 app in Ghana
    and the number 6 app in Nigeria" binds each rank to the country named in its own stretch of text (up to the
    next rank), else to one named just before it; a sentence with one rank keeps all its countries."""
    from dataclasses import replace
    if len(ctx.countries) < 2:
        return ctx
    m = triggers[k]
    if len(triggers) < 2:  # one rank: the countries of its own clause, if it names any
        brk = _CLAUSE_BREAK.search(text, m.end(), sent.end)
        local = _countries_in(text, m.start(), brk.start() if brk else sent.end)
        return replace(ctx, countries=local) if local else ctx
    nxt = triggers[k + 1].start() if k + 1 < len(triggers) else sent.end
    prv = triggers[k - 1].end() if k > 0 else sent.start
    for a, b in ((m.start(), nxt), (prv, m.start())):
        local = _countries_in(text, a, b)
        if local:
            return replace(ctx, countries=local)
    return replace(ctx, countries=[])


_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+(?!(?:the\s+)?[A-Z])|;\s")


def _countries_in(text: str, a: int, b: int) -> list[str]:
    from .context import COUNTRIES, COUNTRY_ADJ_RE, COUNTRY_IN_RE, _CNAME_RE
    out = []
    for rx in (COUNTRY_IN_RE, COUNTRY_ADJ_RE):
        for m in rx.finditer(text, a, b):
            for cm in _CNAME_RE.finditer(m.group(0)):
                iso = COUNTRIES.get(cm.group(0).replace("the ", ""))
                if iso and iso not in out:
                    out.append(iso)
    return out


def _emit(out, seen, subj, rank, ctx: StoreContext, valid_at, conf, sent):
    for store in ctx.stores or [None]:
        for country in ctx.countries or [None]:
            key = (subj.eid, rank, store, country)
            if key in seen:
                continue
            seen.add(key)
            out.append(RankHit(subj, rank, store, country, ctx.chart, valid_at, max(0.05, conf), sent.start, sent.end))


_WORLDWIDE = re.compile(r"\b(?:worldwide|globally|global|around\s+the\s+world|across\s+the\s+world|"
                        r"in\s+(?:many|several|multiple|\d+)\s+countries)\b", re.I)


def _countries_named(text: str, ranks: list) -> set:
    """Countries a chart is named for in the headline or in the rank sentences ("in the U.S.", "US App Store")."""
    from .context import COUNTRIES, COUNTRY_ADJ_RE, COUNTRY_IN_RE, _CNAME_RE

    nl = text.find("\n", 1)
    spans = [text[:nl if nl > 0 else len(text)]] + [c.evidence_text for c in ranks]
    out = set()
    for t in spans:
        for m in list(COUNTRY_IN_RE.finditer(t)) + list(COUNTRY_ADJ_RE.finditer(t)):
            out |= {COUNTRIES[x.group(0).replace("the ", "")] for x in _CNAME_RE.finditer(m.group(0))
                    if x.group(0).replace("the ", "") in COUNTRIES}
    return out


def _store_families(text: str) -> set[str]:
    """Which stores the document names anywhere (cheap substring tests before the store pattern)."""
    from .context import STORE_RE
    out = set()
    if any(w in text for w in ("App Store", "iOS", "iPhone", "iPad", "Apple", "AppStore")):
        out.add("app_store")
    if any(w in text for w in ("Google", "Play Store", "Android")):
        if any(m.group("gp") for m in STORE_RE.finditer(text) if m.group("gp")):
            out.add("google_play")
    if out == {"app_store"} and not any(m.group("as") for m in STORE_RE.finditer(text)):
        out = set()
    return out


def fill_document_chart(claims: list, text: str) -> list:
    """A chart article names its store and country once ("Apple's top free iPhone apps in the US") and then
    lists ranks: a rank that names neither takes the document's, when the document is about exactly one
    store (only one of App Store / Google Play is ever named) and its other ranks agree on one country."""
    from .context import STORE_RE

    ranks = [c for c in claims if c.predicate == "chart_rank"]
    if not ranks:
        return claims
    families = _store_families(text)
    stores = {c.store for c in ranks if c.store}
    countries = {c.country for c in ranks if c.country} | _countries_named(text, ranks)
    store = next(iter(families)) if len(families) == 1 and stores <= families else None
    country = next(iter(countries)) if len(countries) == 1 else None
    if store is None and country is None:
        return claims
    out = []
    for c in claims:
        if c.predicate == "chart_rank" and (c.store is None and store or c.country is None and country):
            here = None if _WORLDWIDE.search(c.evidence_text) else country
            c = c.model_copy(update={"store": c.store or store, "country": c.country or here})
        out.append(c)
    return out
