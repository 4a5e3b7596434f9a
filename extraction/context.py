"""Per-sentence analysis shared by every relation module: mentions (registry names, app-like
unknown names, anaphors), their roles (source of a report, modifier, inside an appositive,
agent of a passive, object of an overtake verb, possessor of a product), appositives, clause
boundaries, hedge cues, and app-store context (store, country, chart)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entities import Mention, Registry, find_mentions

APOS = "[’']"

# ---------------------------------------------------------------- store / country / chart
STORE_RE = re.compile(
    r"(?P<as>\biOS\b|\biPhone\b|\biPad\b|\bApple(?:[’']s)?\s+(?:[\w-]+\s+)?App\s+Store|\bApp\s+Store|"
    r"\bApple(?:[’']s)?\s+(?:[\w-]+\s+){0,2}(?:app\s+store|charts?|rankings?))"
    r"|(?P<gp>\bGoogle(?:[’']s)?\s+Play(?:\s+Store)?|\bPlay\s+Store|\bAndroid\s+(?:app\s+)?(?:store|charts?)|\bon\s+Android\b|"
    r"\bGoogle(?:[’']s)?\s+(?:[\w-]+\s+){0,2}?(?:app\s+store|charts?|rankings?))"
)
COUNTRIES = {
    "US": "US", "U.S.": "US", "U.S": "US", "United States": "US", "America": "US", "USA": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
    "China": "CN", "Brazil": "BR", "India": "IN", "Japan": "JP", "Germany": "DE", "France": "FR",
    "Canada": "CA", "Australia": "AU", "Mexico": "MX", "South Korea": "KR", "Korea": "KR",
    "Indonesia": "ID", "Russia": "RU", "Spain": "ES", "Italy": "IT", "Turkey": "TR", "Vietnam": "VN",
    "Philippines": "PH", "Taiwan": "TW", "Hong Kong": "HK", "Singapore": "SG", "Nigeria": "NG",
    "Saudi Arabia": "SA", "Thailand": "TH", "Malaysia": "MY", "Netherlands": "NL", "Poland": "PL",
    "Argentina": "AR", "Colombia": "CO", "Egypt": "EG", "Pakistan": "PK", "Ireland": "IE",
    "Sweden": "SE", "Israel": "IL", "New Zealand": "NZ", "South Africa": "ZA", "Chile": "CL",
    "Belgium": "BE", "Denmark": "DK", "Luxembourg": "LU", "Portugal": "PT", "Norway": "NO", "Finland": "FI",
    "Austria": "AT", "Switzerland": "CH", "Greece": "GR", "Kenya": "KE", "Ghana": "GH", "Peru": "PE",
    "Bangladesh": "BD", "Sri Lanka": "LK", "Nepal": "NP", "Myanmar": "MM", "Cambodia": "KH",
    "United Arab Emirates": "AE", "UAE": "AE", "Qatar": "QA", "Kuwait": "KW", "Morocco": "MA",
}
_C = "|".join(sorted((re.escape(c) for c in COUNTRIES), key=len, reverse=True))
_CNAME = rf"(?:the\s+)?(?:{_C})(?![\w])"
COUNTRY_IN_RE = re.compile(rf"\b(?:[Ii]n|[Aa]cross|[Ff]or|[Oo]n|[Tt]hroughout|including|within)\s+(?:both\s+)?{_CNAME}(?:\s*(?:,|and|or|as\s+well\s+as)\s+{_CNAME})*")
COUNTRY_ADJ_RE = re.compile(
    rf"(?<![\w])(?:{_C})(?:[’']s)?\s+(?:(?:free|paid|top|iPhone|Apple|Google|iOS|Android)\s+)*"
    r"(?:App\s+Store|Google\s+Play|Play\s+Store|iPhone|iOS|app\s+stores?|charts?|rankings?|free|Android)")
# "Google Play's US store", "Apple's UK App Store"
COUNTRY_POSS_RE = re.compile(rf"(?:Google\s+Play|Apple|App\s+Store|Play\s+Store)[’']s\s+(?:{_C})\s+(?:app\s+)?[Ss]tores?\b")
_CNAME_RE = re.compile(rf"(?<![\w])(?:{_C})(?![\w])")
CATEGORY_RE = re.compile(
    r"\b(?P<cat>shopping|games?|gaming|social(?:\s+networking)?|entertainment|lifestyle|productivity|finance|"
    r"education|music|travel|news|photo\s+(?:and|&)\s+video|health(?:\s+(?:and|&)\s+fitness)?|business|"
    r"utilities|sports|food\s+(?:and|&)\s+drink|navigation|books|weather|medical|kids|graphics\s+(?:and|&)\s+design)"
    r"\s+(?:apps?\s+)?(?:chart|category|rankings?|list)s?\b", re.I)
CHART_RE = re.compile(r"\b(?P<c>free|paid|top[- ]grossing|highest[- ]grossing|grossing|overall)\b", re.I)
RANK_CONTEXT_RE = re.compile(
    r"\b(?:charts?|rankings?|app\s+stores?|App\s+Store|Google\s+Play|Play\s+Store|downloaded|downloads|"
    r"free\s+apps?|paid\s+apps?|top[- ]grossing|iPhone|iOS|app\s+ranking|leaderboard|(?:the|its|year-end|app)\s+lists?)\b",
    re.I)


@dataclass(slots=True)
class StoreContext:
    stores: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    chart: str | None = None
    rank_context: bool = False

    def merged(self, prev: "StoreContext | None") -> tuple["StoreContext", bool]:
        """Fill missing fields from the previous sentence's context; True when anything came from it."""
        if prev is None:
            return self, False
        used = False
        out = StoreContext(list(self.stores), list(self.countries), self.chart, self.rank_context)
        if not out.stores and prev.stores:
            out.stores, used = list(prev.stores), True
        if not out.countries and prev.countries:
            out.countries, used = list(prev.countries), True
        if out.chart is None and prev.chart:
            out.chart, used = prev.chart, True
        out.rank_context = out.rank_context or prev.rank_context
        return out, used


def store_context(text: str, s: int, e: int) -> tuple[StoreContext, list[tuple[int, int]]]:
    ctx = StoreContext()
    spans = []
    t = text[s:e]
    if any(w in t for w in _STORE_HINTS):
        for m in STORE_RE.finditer(text, s, e):
            st = "app_store" if m.group("as") else "google_play"
            if st not in ctx.stores:
                ctx.stores.append(st)
            spans.append((m.start(), m.end()))
    if _BOTH_STORES.search(text, s, e):  # "the top of both Apple and Google app stores"
        ctx.stores = ["app_store", "google_play"]
    if _COMBINED.search(text, s, e):  # "(iOS and Google Play combined)": one chart over both stores
        ctx.stores = []
    if _CNAME_RE.search(text, s, e):
        for rx in (COUNTRY_IN_RE, COUNTRY_ADJ_RE, COUNTRY_POSS_RE):
            for m in rx.finditer(text, s, e):
                for cm in _CNAME_RE.finditer(m.group(0)):
                    iso = COUNTRIES[cm.group(0)]
                    if rx is COUNTRY_ADJ_RE and cm.start() > 0:
                        break
                    if iso not in ctx.countries:
                        ctx.countries.append(iso)
    tl = t.lower()
    cm = CATEGORY_RE.search(text, s, e) if any(w in tl for w in ("chart", "categor", "ranking", "list")) else None
    if cm:
        cat = re.sub(r"\s+", " ", cm.group("cat").lower()).replace("&", "and")
        ctx.chart = {"game": "games", "gaming": "games", "social networking": "social"}.get(cat, cat)
    elif any(w in tl for w in ("free", "paid", "grossing", "overall")):
        ch = CHART_RE.search(text, s, e)
        if ch:
            c = ch.group("c").lower()
            ctx.chart = "grossing" if "grossing" in c else c
    ctx.rank_context = bool(ctx.stores) or bool(RANK_CONTEXT_RE.search(text, s, e))
    return ctx, spans


_BOTH_STORES = re.compile(r"\bboth\s+(?:the\s+)?(?:major\s+|main\s+|big\s+)?app\s+stores\b|"
                          r"\bApple\s+and\s+Google(?:[’']s)?\s+(?:app\s+)?(?:stores|charts)\b", re.I)
_COMBINED = re.compile(r"\b(?:combined|together|across\s+(?:the\s+|both\s+)*(?:iOS|Android|platforms|stores|app\s+stores))\b")
_STORE_HINTS = ("App", "Apple", "Google", "iOS", "iPhone", "iPad", "Play", "Android")


# ---------------------------------------------------------------- mention roles
ANAPHOR_RE = re.compile(
    r"\b(?P<def>[Tt]he\s+(?:[\w-]+\s+)?(?P<noun>app|apps|chatbot|service|platform|company|firm|start-?up|group|"
    r"social\s+network|network|site|assistant|marketplace|messenger|video\s+app|editor|business|retailer|game))(?P<dposs>[’']s)?\b"
    r"|\b(?P<pron>[Ii]t|[Ii]ts)\b")
_ANAPHOR_KIND = {"company": "company", "firm": "company", "start-up": "company", "startup": "company",
                 "group": "company", "business": "company", "retailer": "company"}
SOURCE_VERB_RE = re.compile(
    r"\s*(?:,\s*)?(?:also\s+|has\s+|had\s+|have\s+)?(?:said|says|say|told|tells|reported|reports|announced|announces|"
    r"estimates|estimated|noted|notes|disclosed|added|claimed|claims|wrote|stated|confirmed)\b")
CLAUSE_AFTER_SOURCE_RE = re.compile(
    r"(?:\s+(?:on|in|last|this)\s+\w+(?:\s+\w+)?)?(?:\s*,)?\s+(?:that\b|it\b|its\b|they\b|the\s+app\b|the\s+company\b)")
MODIFIEE = (
    "ban|bans|banned|users|user|refugees|refugee|videos|video|creators|creator|influencers|account|accounts|"
    "employees|staff|deal|sale|shutdown|law|feed|ads|algorithm|rival|rivals|clone|clones|alternative|"
    "alternatives|executives|executive|spokesperson|spokesman|spokeswoman|statement|data|stock|shares|investors|"
    "page|post|posts|content|chief|boss|founder|co-founder|CEO|app's|parent|owner|owners|divestiture|"
    "divestment|saga|fans|lovers|addicts|trend|trends|challenge|ecosystem|headquarters|office|offices|team|"
    "teams|version|logo|brand|store|stores|ticker|earnings|revenue|sales|valuation|IPO|bid|takeover|"
    "acquisition|purchase|merger|lawsuit|case|hearing|ruling|crackdown|exodus|migration|traffic|search|searches|"
    "integration|integrations|features?|link|links|profile|profiles|handle|login|sign-in|support|partnership"
)
MODIFIER_RE = re.compile(rf"(?:\s+(?:{MODIFIEE})\b|-(?!based\b)[a-z])")
AGENT_BEFORE_RE = re.compile(r"\bby\s+(?:(?:the|a|an|its|[a-z][\w-]*|[A-Z][\w]*-based|Chinese|American|US)\s+){0,4}$")
OBJECT_BEFORE_RE = re.compile(
    r"\b(?:overtak(?:ing|en|es|e)|overtook|surpass(?:ing|ed|es)|beat(?:ing|s|en)?|dethron(?:ing|ed|es)|"
    r"displac(?:ing|ed|es)|ahead\s+of|unseat(?:ing|ed|s)|replac(?:ing|ed|es)|than|rival\s+to|competes\s+with|"
    r"competing\s+with|compete\s+with|against|versus|vs\.?|outpac(?:ing|ed|es)|outrank(?:ing|ed|s)?|leapfrog(?:ging|ged|s)?|"
    r"inside|within|like|as\s+a\s+rival\s+to|(?<!['’]s\s)(?<!\bits\s)(?<!\btheir\s)rivals?|rivals\s+that\s+of|rivall?ing|"
    r"over)\s+(?:(?:the|a|an|[a-z][\w-]*)\s+){0,3}[“\"‘']?"
    r"(?:[A-Z][\w.&-]*(?:[’']s|s[’'])\s+(?:[a-z][\w-]*\s+){0,2})?$")
_OWNED_SUFFIX = re.compile(r"-(?:owned|run|operated|controlled)\b")
_HYPHEN_MOD = re.compile(r"-(?:owned|run|operated|controlled|backed|made|developed|based)\b")
_OBJ_KEYS = frozenset("""overtaking overtaken overtakes overtake overtook surpassing surpassed surpasses beating beat beats
beaten dethroning dethroned dethrones displacing displaced displaces of unseating unseated unseats replacing replaced
replaces than to with against versus vs vs. outpacing outpaced outpaces outrank outranks outranked outranking
leapfrogging leapfrogged leapfrogs inside within like rival rivals over""".split())
POSSESSOR_OF_MENTION = re.compile(r"[’']s?\s+(?:[a-z][\w-]*\s+){0,2}$")
APPOS_START_RE = re.compile(
    r"\s*(?:,|\(|—|–| - )\s*(?=[a-z“\"‘]|(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*(?:[’']s|s[’'])\s)")
_LIST_CONT = re.compile(r",\s+(?:and\s+|or\s+)?(?:[A-Z][\w.&+-]*\s*)+(?=,|\s+(?:and|or)\s+[A-Z])"
                        r"(?:\s+(?:and|or)\s+(?:[A-Z][\w.&+-]*\s*)+(?=,))?")
_REL_CLAUSE = re.compile(r",\s*((?:which|who|whose)\b)")
_EXPLETIVE = re.compile(
    r"\s+(?:was|is|has\s+been|had\s+been|will\s+be|would\s+be)\s+(?:not\s+)?(?:the\s+(?:first|second|third|last|only)\s+time|"
    r"(?:un)?clear|(?:un)?likely|possible|impossible|expected|thought|believed|reported|said|estimated|"
    r"hard|easy|difficult|worth|time|true|a\s+(?:sign|question|matter))\b")
_FINITE_VERB = re.compile(
    r"(?:was|is|are|were|has|had|have|said|says|reported|reports|remains|remained|ranked|came|comes|added|"
    r"told|announced|rose|fell|climbed|topped|reached|became|becomes|will|would|could|can|may|might|does|did|"
    r"and|or|but|while|according)\b")
FRONTED_RE = re.compile(r"(?:While|With|Despite|After|Boasting|Having|Although|Though|Since|Already|Now)\b")
# "Backed by Tencent, the startup ...": a sentence that opens with a participle and its agent
FRONTED_AGENT = re.compile(r"\s*(?:[A-Z][a-z]+ed|Run|Built|Led|Made|Taken|Held)\s+by\b")
_CLAUSE_LITERALS = (";", ":", " — ", " but ", " But ", ", while", ", whereas", ", although", " and that ")
CLAUSE_BOUNDARY_RE = re.compile(r";|:|\s—\s|\bbut\b|,\s*while\b|,\s*whereas\b|,\s*although\b|\band\s+that\b")

HEDGE_RE = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|could|would|may|might|will|shall|should|aim(?:s|ed|ing)?|hop(?:e|es|ed|ing)|"
    r"plan(?:s|ned|ning)?|target(?:s|ed|ing)?|goal|forecast(?:s|ed)?|project(?:s|ed|ion|ions)|predict(?:s|ed|ion)?|"
    r"if|unless|whether|want(?:s|ed)?|on\s+track|set\s+to|likely|potential(?:ly)?|not|n[’']t|never|no\s+longer|"
    r"den(?:y|ies|ied)|falsely|rumou?r(?:s|ed)?|speculat\w*|hypothetical\w*|estimate[sd]?\s+that|"
    r"promis(?:e|es|ed)|ambition|aspir\w*|seek(?:s|ing)?|sought|attempt\w*|tr(?:y|ies|ied)|fail(?:s|ed)?|"
    r"once(?!\s+(?:again|more))|used\s+to|at\s+its\s+peak|no\s+(?:evidence|indication|proof|sign)|unconfirmed|"
    r"to\s+(?:reach|hit|pass|surpass|top|cross|exceed|break|double|triple|become|climb|rise)|"
    r"target|goal|ambition)\b", re.I)

UNKNOWN_NAME_RE = re.compile(
    r"(?<![\w’'])((?:[A-Z][\w.&+-]*)(?:\s+(?:(?:of|for|a|the)\s+(?=[A-Z]))?[A-Z][\w.&+-]*){0,3})")
_METRIC_TAIL = re.compile(r"\b(?:MAUs?|DAUs?|WAUs?|mDAUs?|Users|Subscribers|Members|Downloads|Installs|Revenue|Sales)$")
_UNKNOWN_DESCRIPTOR = re.compile(
    r"\b(?:app|platform|service|network|chatbot|start-?up|messenger|marketplace|site|editor|assistant|game|"
    r"retailer|browser)\s+$")
_UNKNOWN_VERB_AFTER = re.compile(
    r"\s+(?:now\s+|also\s+|reportedly\s+|currently\s+)?(?:has|had|reported|ranked|ranks|topped|tops|climbed|rose|jumped|"
    r"reached|surpassed|passed|crossed|hit|counts|boasts|claims|averaged|attracted|hosts|serves)\b")
_APP_APPOS = re.compile(r",\s+(?:an?|the|its)\s+(?:[\w-]+\s+){0,3}?(?:app|platform|service|network|chatbot|"
                        r"start-?up|messenger|marketplace|site|assistant|game|version|edition|counterpart|"
                        r"clone|spin-?off|hit|title|shooter|product)\b")
_ALIAS_APPOS = re.compile(r",\s+(?:which\s+(?:goes|went)\s+by|formerly|previously|also\s+known\s+as|known\s+as|"
                          r"which\s+was\s+(?:called|named|known\s+as)|which\s+(?:\w+\s+){1,3}(?:renamed|rebranded))\b")
_REGION_NAME = re.compile(r"\b(?:America|Americas|Asia|Europe|Africa|East|West|North|South|Pacific|Atlantic|World|"
                          r"Region|Continent|Gulf|Caribbean|Oceania|Nordics|Scandinavia|Balkans)$")
_HEAD_NOUN = re.compile(r"\s+(?:app|apps|platform|service|chatbot|assistant|game|browser|messenger|marketplace)\b")
_REL_SOURCE = re.compile(r"\s+(?:says|said|claims|claimed|estimates|reports)\s+(?:it\s+)?(?:has|had|have|is|was|now|counts)\b")
_PRODUCT_EXT = re.compile(r"([A-Z][a-z][\w+-]*)(?![\w.-])")
_EXT_STOP = frozenset("""Inc Corp Corporation Ltd Limited Co Company Technology Technologies Group Holdings Holding Platforms
Labs Lab International Global Media Networks Network Interactive Entertainment Software Systems Digital Studios Studio
Games Capital Ventures Partners Securities Bank Financial Services Foundation President Executive Officer Director
Founder Cofounder Chairman Chairwoman Vice Head Senior Spokesperson Spokesman Spokeswoman Executives Officials Said
Says Is Was Has Had Will Would Could Also""".split())
_FIGURE_NEXT = re.compile(r"\s+(?:(?:more\s+than|over|about|nearly|roughly|some|almost|around|at\s+least|"
                          r"an\s+estimated|the)\s+)?(?:\d|No\.|number|#|top\b|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                          r"ninth|tenth|most\s+(?:downloaded|popular)|highest|"
                          r"half\s+a|a\s+(?:million|billion)|one\s+(?:million|billion))")
_REL_CLAIM = re.compile(r"\b(?:owned|acquired|bought|purchased|operated|controlled)\s+by\s+[A-Z]")
_REL_SKIP = re.compile(r",\s+(?:which|who|whose)\b[^,;]{3,100},")
_NOT_NAMES = set("""The A An In On At By For From With Without But And Or Its It This That These Those He She They We
You I Our Their His Her As If When While After Before Since Despite Although Though According Analysts Users
Chinese American British Brazilian Japanese Korean Indian European Americans US UK EU AI CEO App Store Play Google
January February March April May June July August September October November December Monday Tuesday Wednesday
Thursday Friday Saturday Sunday Meanwhile However Also Still Now Last Next Earlier Later Today Yesterday Some Many
Most More Other Both Each Every No Not Only Rival Short Apple iPhone iOS Android Chief Mr Ms Dr Sensor Tower
Data QuestMobile Appfigures Similarweb Reuters Bloomberg Statista Insider Intelligence Beijing Shanghai Hangzhou
Shenzhen Silicon Valley Washington Congress Senate Court Supreme Commission FTC DOJ Android Store""".split())


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|can|ern)")  # "African", "Korean", "Chinese", "Western"
_DOMAIN = re.compile(r"\.(?:com|in|io|net|org|ai|co|uk|cn|app)$", re.I)
_ORDNUM_RE = re.compile(r"\d(?:st|nd|rd|th)\b")
_DIGIT1 = re.compile(r"\d")
_POSS_GAP = re.compile(r"[’']s?\s+(?:[a-z][\w-]*\s+){0,2}")
LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+&)\s*")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    para: int
    mentions: list[Mention]
    appos: list[tuple[Mention, int, int, bool]]  # head, seg start, seg end, closed
    boundaries: list[int]
    store: StoreContext
    store_spans: list[tuple[int, int]]
    words: frozenset = frozenset()  # lower-case words, for cheap gating of the relation modules


def _in_spans(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


_RANK_WORDS = frozenset("top topped tops topping most ranked rank ranks ranking rankings place spot no number chart charts "
                        "first second third fourth fifth sixth seventh eighth ninth tenth downloaded".split())
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_STORE_WORDS = ("App", "Apple", "Google", "iOS", "iPhone", "iPad", "Play", "Android")


_TITLE_SMALL = frozenset("a an the of to in on for and or with as by at is vs via from its".split())
_TITLE_WORD = re.compile(r"[A-Za-z][\w’'&.!-]*")


def title_case(t: str) -> bool:
    """A headline-style line ("Pinterest Hits 600 Million Users, Beats Revenue Estimates"): four or more
    words, nearly all capitalised. Its capitalised words are not names, so only registered names count."""
    words = [w for w in _TITLE_WORD.findall(t) if w.lower() not in _TITLE_SMALL]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def analyze(text: str, s: int, e: int, para: int, reg: Registry) -> Sentence:
    t = text[s:e]
    # a headline: title case, or the document's opening line without a full stop
    headline = title_case(t) or (not text[:s].strip() and t.rstrip()[-1:] not in ".!?\"”’)")
    words = frozenset(_LOWER_WORD_RE.findall(t.lower()))
    if "#" in t or _ORDNUM_RE.search(t) or not _RANK_WORDS.isdisjoint(words):
        store, store_spans = store_context(text, s, e)
    elif any(w in t for w in _STORE_WORDS):
        store = StoreContext()
        store_spans = [(m.start(), m.end()) for m in STORE_RE.finditer(text, s, e)]
    else:
        store, store_spans = StoreContext(), []
    ments = [m for m in find_mentions(text, s, e, reg) if not _in_spans(m.start, store_spans)]
    for i, m in enumerate(ments):
        # "Reddit Answers", "Telegram Premium", "YouTube Music": a registered name followed by a capitalised word
        # that is not a corporate suffix names another product
        if headline or m.possessive or m.kind not in ("app", "company") or text[m.end:m.end + 1] != " ":
            continue
        xm = _PRODUCT_EXT.match(text, m.end + 1, e)
        if xm is None or xm.group(1) in _EXT_STOP or xm.group(1) in _NOT_NAMES or xm.group(1) in reg.by_first \
                or xm.group(1) in COUNTRIES or _DEMONYM.fullmatch(xm.group(1)):
            continue
        name = text[m.start:xm.end(1)]
        eid, ok = reg.resolve(name)
        nm = Mention(m.start, xm.end(1), eid, reg.kind(eid) if ok else "unknown", name, resolved=ok)
        pm = re.match(r"[’']s?(?![\w])", text[nm.end:nm.end + 2])
        if pm and (len(pm.group(0)) == 2 or name.endswith("s")):
            nm.possessive = True
        ments[i] = nm
    covered = [(m.start, m.end) for m in ments] + store_spans
    # app-like unknown names
    for um in () if headline else UNKNOWN_NAME_RE.finditer(text, s, e):
        a, b = um.span(1)
        name = um.group(1).rstrip(".")
        b = a + len(name)
        if any(x < b and a < y for x, y in covered):
            continue
        toks = name.split()
        if toks[0] in _NOT_NAMES or any(t in _NOT_NAMES for t in toks) or name in COUNTRIES:
            continue
        if _DOMAIN.search(name) or (len(toks) == 1 and name.endswith("ly") and text[b:b + 1] == ","):
            continue  # "Perplexity.in" (a web domain), "Globally," (an adverb)
        before = text[max(s, a - 30):a]
        desc = _UNKNOWN_DESCRIPTOR.search(before)
        verb = _UNKNOWN_VERB_AFTER.match(text, b)
        app_appos = _APP_APPOS.match(text, b, b + 60)
        if not app_appos and _ALIAS_APPOS.match(text, b, b + 40):
            app_appos = True  # "Battlegrounds Mobile India, which goes by BGMI", "Foo, formerly known as Bar"
        # a sentence-opening multi-word name needs its verb to lead straight to a figure or a rank
        if not desc and not (verb and (a > s or (len(toks) > 1 and _FIGURE_NEXT.match(text, verb.end())))) \
                and not app_appos:
            # "Battlegrounds Mobile India, which goes by BGMI among players, ranked first ..."
            rel = _REL_SKIP.match(text, b, e)
            rv = _UNKNOWN_VERB_AFTER.match(text, rel.end()) if rel else None
            if not (rv and (a > s or (len(toks) > 1 and _FIGURE_NEXT.match(text, rv.end())))) and not (
                    rel and len(toks) > 1 and _REL_CLAIM.search(rel.group(0))):
                continue  # (a relative clause that itself states ownership keeps a multi-word name)
        if _METRIC_TAIL.search(name) or _REGION_NAME.search(name):
            continue
        eid, ok = reg.resolve(name)
        if ok and reg.kind(eid) == "person":
            continue
        ments.append(Mention(a, b, eid, reg.kind(eid) if ok else "unknown", name, resolved=ok))
    for am in ANAPHOR_RE.finditer(text, s, e):
        if any(x <= am.start() < y for x, y in covered):
            continue
        if am.group("pron"):
            word = am.group("pron")
            if _EXPLETIVE.match(text, am.end()):
                continue
            kind = "any"
            poss = word.lower() == "its"
            # "it" in "it is run by" / expletive "it is expected" is still a reference; keep it
        else:
            noun = re.sub(r"\s+", " ", am.group("noun").lower())
            if noun == "apps":
                continue
            kind = _ANAPHOR_KIND.get(noun, "app")
            poss = bool(am.group("dposs"))
            word = am.group("def")
        end_ = am.start() + len(word)
        if not am.group("pron") and not poss and any(
                x.start == end_ + 1 and x.kind != "anaphor" for x in ments):
            continue  # "the video editor CapCut": a descriptor, not an anaphor
        if not am.group("pron") and not poss and any(
                text[end_:x.start] in (", ", ",") and text[x.end:x.end + 1] == "," and x.kind != "anaphor"
                for x in ments):
            continue  # "The app, eBay, has been downloaded ...": the name in commas is the subject
        ments.append(Mention(am.start(), end_, "", "anaphor", word, possessive=poss, anaphor=kind))
    ments.sort(key=lambda m: m.start)

    # roles
    for i, m in enumerate(ments):
        if m.kind != "anaphor":
            after = text[m.end:min(e, m.end + 80)]
            sv = SOURCE_VERB_RE.match(after)
            if sv:
                rest_at = m.end + sv.end()
                nxt = next((x for x in ments[i + 1:] if x.start >= rest_at), None)
                if CLAUSE_AFTER_SOURCE_RE.match(text, rest_at) or (
                        nxt is not None and nxt.start - rest_at < 30 and
                        _DIGIT1.search(text, rest_at, nxt.start) is None):
                    m.flags.add("source")
                elif re.match(r"\s+(?:has|had|have|is|was)\b", text[rest_at:rest_at + 6]) and re.search(
                        r"\b(?:which|that|who)\s+$", text[max(s, m.start - 12):m.start]):
                    m.flags.add("source")  # "ChatGPT, which OpenAI says has ..."
        elif not m.possessive and _REL_SOURCE.match(text, m.end) and re.search(
                r"\b(?:which|that)\s+$", text[max(s, m.start - 12):m.start]):
            m.flags.add("source")  # "its Meta AI app, which the company says has ...": the reporter, not the subject
        if m.kind != "anaphor":
            if m.possessive:
                pass
            elif MODIFIER_RE.match(text, m.end) and not _OWNED_SUFFIX.match(text, m.end):
                m.flags.add("modifier")
            elif _HYPHEN_MOD.match(text, m.end):
                m.flags.add("modifier")
        before = text[max(s, m.start - 60):m.start]
        last = before.rsplit(None, 6)[-6:]
        if "by" in last and AGENT_BEFORE_RE.search(before):
            m.flags.add("agent")
        if not _OBJ_KEYS.isdisjoint(w.lower() for w in last) and OBJECT_BEFORE_RE.search(before):
            m.flags.add("object")
        if m.possessive and i + 1 < len(ments):
            nxt = ments[i + 1]
            gap = text[m.end:nxt.start]
            if nxt.kind != "anaphor" and _POSS_GAP.fullmatch(gap):
                m.flags.add("possessor")
        if m.kind == "anaphor" and m.possessive:
            # "the company's growth engine": not a subject unless it owns a metric or a name
            if not re.match(r"\s*(?:[’']s)?\s+(?:[\w-]+\s+){0,3}?(?:users|actives|uniques|user\s+base|audience|downloads|"
                            r"installs|members|accounts|name|nickname)\b", text[m.end:m.end + 60]):
                m.flags.add("modifier")

    # appositives
    appos = []
    for m in ments:
        if m.kind == "anaphor" and m.anaphor == "any":
            continue
        am = APPOS_START_RE.match(text, m.end + (len(_poss(text, m)) if m.possessive else 0))
        if not am and not m.possessive and m.kind != "anaphor":
            dm = _HEAD_NOUN.match(text, m.end)  # "its Meta AI app, which the company says has ..."
            if dm:
                am = APPOS_START_RE.match(text, dm.end())
                if am and not text.startswith("which", am.end()):
                    am = None
        if not am or m.possessive:
            continue
        if any(a <= m.start < b and closed and text.find(",", m.end, b + 1) == b for _, a, b, closed in appos):
            continue  # the comma closes the appositive this mention is in
        seg_s = am.end()
        if _FINITE_VERB.match(text, seg_s):
            continue
        opener = text[am.start():am.end()].strip()[:1]
        closer = ")" if opener == "(" else ("—" if opener in "—" else ",")
        j = text.find(closer, seg_s, e)
        if closer == ",":
            # a list inside the appositive: "which includes Facebook, Instagram and WhatsApp,"
            while j != -1:
                tail = text[max(seg_s, j - 40):j]
                lm = _LIST_CONT.match(text, j)
                if lm and re.search(r"[A-Z][\w.&+-]*$", tail):
                    j = text.find(",", lm.end(), e)
                    continue
                break
        closed = j != -1
        seg_e = j if closed else e
        if seg_e - seg_s > 160:
            continue
        if closed and closer == "," and re.match(r"\s*(?:and|or)\b", text[seg_e + 1:seg_e + 6]) and \
                re.match(r"(?:[A-Z]|the\s+[a-z]+\s+[A-Z])", text[seg_s:seg_s + 20]) is None and False:
            continue
        appos.append((m, seg_s, seg_e, closed))
        if closed:
            for x in ments:
                if seg_s <= x.start < seg_e:
                    x.flags.add("appos")

    # relative clauses whose head is not a name ("its family of apps, which includes Facebook, Instagram and
    # WhatsApp, had ..."): the names inside are not subjects of what follows the clause
    if ", wh" in text[s:e]:
        starts = {a for _, a, _, _ in appos}
        for rm in _REL_CLAUSE.finditer(text, s, e):
            if rm.end() - len(rm.group(1)) in starts or rm.start(1) in starts:
                continue
            j = text.find(",", rm.end(), e)
            while j != -1:
                lm = _LIST_CONT.match(text, j)
                if lm and re.search(r"[A-Z][\w.&+-]*$", text[max(rm.end(), j - 40):j]):
                    j = text.find(",", lm.end(), e)
                    continue
                break
            if j == -1:
                continue
            for x in ments:
                if rm.start(1) <= x.start < j:
                    x.flags.add("appos")

    bounds = []
    for lit in _CLAUSE_LITERALS:
        i = t.find(lit)
        while i != -1:
            bounds.append(s + i)
            i = t.find(lit, i + 1)
    bounds.sort()
    return Sentence(s, e, para, ments, appos, bounds, store, store_spans, words)


def _poss(text: str, m: Mention) -> str:
    pm = re.match(r"[’']s?", text[m.end:m.end + 2])
    return pm.group(0) if pm else ""


# ---------------------------------------------------------------- resolution
@dataclass(slots=True)
class Topic:
    any: Mention | None = None
    app: Mention | None = None
    company: Mention | None = None


class LazyTopic:
    """A `Topic` computed only when an anaphor needs it (most sentences never do)."""

    def __init__(self, compute):
        self._compute = compute
        self._topic: Topic | None = None

    def _get(self) -> Topic:
        if self._topic is None:
            self._topic = self._compute()
        return self._topic

    @property
    def any(self):
        return self._get().any

    @property
    def app(self):
        return self._get().app

    @property
    def company(self):
        return self._get().company


@dataclass(slots=True)
class Resolved:
    eid: str
    resolved: bool
    kind: str
    mention: Mention
    anaphoric: bool = False


def _kind_ok(kind: str, want: str) -> bool:
    if want == "any":
        return kind in ("app", "company", "unknown")
    if want == "app":
        return kind in ("app", "unknown")
    return kind in ("company", "unknown")


def resolve_anaphor(sent: Sentence, m: Mention, topic: Topic) -> Resolved | None:
    want = m.anaphor or "any"
    for x in reversed([x for x in sent.mentions if x.start < m.start]):
        if x.kind == "anaphor":
            if want == "any" and x.anaphor in ("app", "company") and not x.flags and not x.possessive:
                # "the startup said it had ...": the pronoun is the noun phrase's, whatever that resolves to
                return resolve_anaphor(sent, x, topic)
            continue
        if x.flags & {"appos", "agent", "object", "possessor"}:
            continue
        if _kind_ok(x.kind, want):
            return Resolved(x.eid, x.resolved, x.kind, m, True)
    if m.anaphor in ("app", "company"):
        # second pass: a name inside an appositive ("Microsoft, which owns LinkedIn, said the network ...")
        for x in reversed([x for x in sent.mentions if x.start < m.start]):
            if x.kind != "anaphor" and "appos" in x.flags and not (x.flags & {"modifier", "possessor"}) \
                    and x.kind == m.anaphor:
                return Resolved(x.eid, x.resolved, x.kind, m, True)
    t = {"any": topic.any, "app": topic.app, "company": topic.company}[want]
    if t is None and want == "app":
        t = topic.any if topic.any is not None and topic.any.kind in ("app", "unknown") else None
    elif t is None and want == "company" and m.surface[:1].isupper() and m.start == sent.start:
        # "PhonePe, India's biggest payments app, ... The Bengaluru-based firm now serves ...": with no company in
        # view, a sentence-opening "the firm" is the app business the text is about
        t = topic.any if topic.any is not None and topic.any.kind in ("app", "unknown") else None
    if t is None:
        return None
    return Resolved(t.eid, t.resolved, t.kind, m, True)


def as_resolved(sent: Sentence, m: Mention, topic: Topic) -> Resolved | None:
    if m.kind == "anaphor":
        return resolve_anaphor(sent, m, topic)
    return Resolved(m.eid, m.resolved, m.kind, m)


def eligible(m: Mention, kinds=("app", "company", "unknown")) -> bool:
    if m.excluded:
        return False
    if m.kind == "anaphor":
        return True
    return m.kind in kinds


def containing_appos(sent: Sentence, pos: int):
    best = None
    for head, a, b, closed in sent.appos:
        if a <= pos < b and (best is None or a > best[1]):
            best = (head, a, b, closed)
    return best


def subject_at(text: str, sent: Sentence, pos: int, topic: Topic,
               kinds=("app", "company", "unknown")) -> tuple[list[Resolved], float]:
    """Subject(s) of a statement whose trigger starts at `pos`; ([], 0) when none is safe."""
    ap = containing_appos(sent, pos)
    if ap is not None and "agent" in ap[0].flags and FRONTED_AGENT.match(text, sent.start):
        ap = None  # "Backed by Tencent, the startup said ...": the agent of a fronted phrase heads nothing
    cands = [m for m in sent.mentions if m.start < pos and eligible(m, kinds)]
    if ap is not None:
        head, a, b, closed = ap
        inside = [m for m in sent.mentions if a <= m.start < pos and m.kind != "anaphor"
                  and not (m.flags & {"source", "agent", "object", "possessor", "modifier"}) and m.kind in kinds]
        pick = inside[-1] if inside else head
        if pick.kind == "anaphor":
            r = resolve_anaphor(sent, pick, topic)
            return ([r], 0.7) if r else ([], 0.0)
        if pick.kind not in kinds:
            return [], 0.0
        return _expand(text, sent, pick, pos, topic), 0.9
    if cands:
        pick = cands[-1]
        if pick.kind == "anaphor":
            r = resolve_anaphor(sent, pick, topic)
            return ([r], 0.7) if r else ([], 0.0)
        return _expand(text, sent, pick, pos, topic), 0.9 if pick.resolved else 0.7
    if FRONTED_RE.match(text, sent.start):
        comma = text.find(",", sent.start, sent.end)
        if comma != -1 and pos < comma:
            after = [m for m in sent.mentions if m.start > comma and m.kind in kinds and m.kind != "anaphor"
                     and not (m.flags & {"source", "agent", "object", "appos"})]
            if after:
                return [Resolved(after[0].eid, after[0].resolved, after[0].kind, after[0])], 0.75
    return [], 0.0


_SINGULAR = re.compile(r"\b(?:has|is|was|says|claims|counts|boasts|reports|ranks|ranked|its)\b")


def _expand(text: str, sent: Sentence, pick: Mention, pos: int, topic: Topic) -> list[Resolved]:
    out = [Resolved(pick.eid, pick.resolved, pick.kind, pick)]
    if _SINGULAR.search(text, pick.end, pos) or "respectively" in text[sent.start:sent.end]:
        return out
    ments = [m for m in sent.mentions if m.end <= pick.start]
    cur = pick
    for m in reversed(ments):
        gap = text[m.end:cur.start]
        if LIST_GAP.fullmatch(gap) and m.kind in ("app", "unknown") and \
                m.kind != "anaphor" and not (m.flags & {"agent", "object", "possessor", "modifier"}):
            out.insert(0, Resolved(m.eid, m.resolved, m.kind, m))
            cur = m
        else:
            break
    return out


def clause_start(sent: Sentence, pos: int) -> int:
    st = sent.start
    for b in sent.boundaries:
        if b < pos:
            st = b
    return st


def hedged(text: str, sent: Sentence, a: int, b: int) -> bool:
    """A modal/future/conditional/negation/attempt cue between a and b (same clause)."""
    a = max(a, clause_start(sent, b))
    for hm in HEDGE_RE.finditer(text, a, b):
        if not any(closed and x <= hm.start() < y and not (x <= b < y) for _, x, y, closed in sent.appos):
            if hm.group(0)[:3].lower() == "to " and _RESULT_BEFORE.search(text, max(a, hm.start() - 70), hm.start()):
                continue  # "climbed ... to become No. 1", "dethroned ChatGPT on Friday to become": a result, not a goal
            return True
    return False


_RESULT_BEFORE = re.compile(
    r"\b(?:rose|climbed|jumped|surged|soared|shot\s+up|leapt|leaped|dethroned|overtook|surpassed|leapfrogged|"
    r"surging|soaring|climbing|rising|jumping|shooting|rocketing|rocketed|skyrocketed|skyrocketing|"
    r"displaced|unseated|beat|toppled|passed|grew|vaulted|catapulted)\b[^.;]*$", re.I)


def update_topic(sent: Sentence, topic: Topic, extra: list[Resolved] | None = None) -> Topic:
    firsts = [m for m in sent.mentions if m.kind in ("app", "company", "unknown")
              and not (m.flags & {"appos", "agent", "object", "possessor", "modifier"})]
    t = Topic(topic.any, topic.app, topic.company)
    if extra:
        for r in extra:
            firsts.append(Mention(r.mention.start, r.mention.end, r.eid, r.kind, r.mention.surface, r.resolved))
        firsts.sort(key=lambda m: m.start)
    if firsts:
        t.any = firsts[0]
    for m in firsts:
        if m.kind in ("app", "unknown") and (t.app is topic.app):
            t.app = m
        if m.kind == "company" and (t.company is topic.company):
            t.company = m
    return t
