"""User metrics: monthly/daily/weekly active users, user counts, downloads."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .context import COUNTRIES, Sentence, Topic, clause_start, containing_appos, hedged, subject_at
from .numbers import find_numbers
from .temporal import find_valid_at

# "150 million Americans use TikTok": people of a country, counted like "people", with the region
_NATIONALS = {"americans": "US", "indians": "IN", "brazilians": "BR", "britons": "GB", "canadians": "CA",
              "europeans": None, "indonesians": "ID", "germans": "DE"}
_REGION_ADJ = {"american": "US", "us": "US", "u.s.": "US", "chinese": "CN", "indian": "IN", "british": "GB", "uk": "GB",
               "brazilian": "BR", "japanese": "JP", "german": "DE", "french": "FR", "european": None}
_ADJ = (r"(?:(?:registered|active|regular|total|global|worldwide|paying|paid|unique|combined|average|verified|"
        r"U\.?S\.?|American|Chinese|Indian|European|international|domestic|individual|logged-in|current)\s+){0,2}")
_NOUN = (r"(?P<noun>monthly[\s-]+active[\s-]+(?:platform\s+)?(?:users|accounts|people|members|players|uniques|consumers)|monthly\s+actives|"
         r"monthly\s+(?:users|members|players)|"
         r"MAUs?|mDAUs?|DAUs?|WAUs?|daily[\s-]+active[\s-]+(?:platform\s+)?(?:users|accounts|people|members|players|uniques|consumers)|daily\s+actives|"
         r"daily\s+(?:users|players)|"
         r"weekly[\s-]+active[\s-]+(?:users|accounts|people|players|uniques)|weekly\s+actives|weekly\s+(?:users|players)|"
         r"(?:(?:monthly|daily|weekly)[\s-]+(?:active[\s-]+)?)?user\s+(?:mark|milestone|threshold)|"
         r"users|members|accounts|subscribers|people|Americans|Indians|Brazilians|Britons|Canadians|Europeans|"
         r"Indonesians|Germans|downloads|installs|installations|times|sign-?ups|customers|"
         r"visitors|followers|listeners|players|gamers)\b")
AFTER_RE = re.compile(r"(?P<new>\s+(?:new|more|additional|fresh|extra)\b)?\s+" + _ADJ + _NOUN, re.I)
PRE_NOUN_RE = re.compile(
    r"(?P<noun>(?:daily|weekly|monthly)\s+active\s+uniques|(?:daily|monthly)[\s-]+active[\s-]+(?:platform\s+)?consumers|monthly[\s-]+active[\s-]+(?:users|players)|monthly\s+actives|monthly\s+users|MAUs?|mDAUs?|DAUs?|WAUs?|"
    r"daily[\s-]+active[\s-]+(?:users|players)|daily\s+actives|daily\s+users|weekly[\s-]+active[\s-]+(?:users|players)|"
    r"weekly\s+users|"
    r"(?:monthly|daily|weekly)[\s-]+active[\s-]+user\s+(?:count|base|numbers?)|"
    r"user\s+base|user\s+count|users|downloads|installs|members|subscribers)\b", re.I)
_LINK_END = re.compile(
    r"\b(?:of|at|to|reached|reach|hit|was|were|is|are|totaled|totalled|totalling|totaling|numbered|stood\s+at|"
    r"surpassed|passed|crossed|topped|exceeded|hitting|reaching|surpassing|passing|crossing|topping|exceeding|"
    r"climbed\s+to|rose\s+to|grew\s+to|jumped\s+to|increased\s+to|tallied|totalled|averaged|came\s+in\s+at|"
    r"amounted\s+to|ended\s+(?:the\s+(?:year|quarter|month)\s+)?at|landed\s+at|doubled\s+to|tripled\s+to|"
    r"surged\s+to|soared\s+to|swelled\s+to|expanded\s+to|edged\s+up\s+to|ticked\s+up\s+to|"
    r"(?:rose|grew|climbed|jumped|doubled|tripled|increased|surged|soared|fell|dropped|declined|slipped)\s+from)"
    r"(?:\s+(?:a|an)?\s*(?:new\s+|all-time\s+)?(?:record|high|peak)(?:\s+of)?)?\s*$", re.I)
_GROWTH_BEFORE = re.compile(
    r"\b(?:added|adding|add|adds|gained|gaining|gain|gains|lost|losing|lose|loses|shed|shedding|sheds|accumulating|grew\s+by|increase\s+of|"
    r"decrease\s+of|rise\s+of|growth\s+of|jump\s+of|fall\s+of|loss\s+of|gain\s+of|deactivated|suspended|banned|removed|"
    r"deleted|blocked|purged|terminated|alerted|notified|warned|contacted|emailed|messaged|"
    r"increased\s+by|rose\s+by|(?<!racked\s)(?<!chalked\s)(?<!notched\s)(?<!picked\s)(?<!racks\s)up|down|jumped\s+by|fell\s+by|drop\s+of|decline\s+of|net|another|extra)\s*$", re.I)
_INHERIT_BEFORE = re.compile(r"\b(?:(?:up|down)\s+from|from|compared\s+(?:with|to)|versus|vs\.?)\s*$", re.I)
# "Instagram has 2 billion monthly users, while Facebook has 3 billion.": a bare figure for a named sibling
_SIBLING_BEFORE = re.compile(
    r"(?:,\s*|\s+)(?:while|whereas|and|but|compared\s+(?:with|to)|versus|vs\.?)\s+(?:(?:rival|sister\s+app|parent)\s+)?"
    r"(?P<who>[A-Z][^,;]{0,40}?)\s+(?:has|had|have|with|at|reported|reports|counts|counted|claims|boasts|"
    r"(?:sits|stands|stood)\s+at)\s+(?:(?:about|around|roughly|nearly|almost|over|more\s+than|some|just|only|"
    r"fewer\s+than|less\s+than|at\s+least)\s+)*$", re.I)
_FOR_WHO = re.compile(r"\s+(?:for|at)\s+(?:(?:rival|sister\s+app)\s+)?")
_BARE_END = re.compile(r"\s*(?:[.;,)]|$)")
# "…, though the figure cannot be verified": the text itself withholds the figure
_UNVERIFIED_AFTER = re.compile(r"\b(?:cannot|can\s?not|can[’']t|could\s+not|couldn[’']t|has\s+not|have\s+not|was\s+not|"
                               r"were\s+not)\s+(?:yet\s+)?(?:be\s+|been\s+)?(?:independently\s+)?(?:verif|confirm)", re.I)
_RATE_AFTER = re.compile(r"\s+(?:a|per|each|every)\s+(?:day|week|month|year|quarter|second|minute|hour)\b", re.I)
_REGION_AFTER = re.compile(r"\s+(?:in|across)\s+(?:the\s+)?(" + "|".join(
    sorted((re.escape(c) for c in COUNTRIES), key=len, reverse=True)) + r")(?![\w])")
_DOWNLOAD_VERB = re.compile(r"\b(?:downloaded|installed|download|install)\b[^.;]{0,40}$", re.I)
_PEOPLE_ADV = r"(?:\s+(?:now|still|already|actively|regularly|currently))?"
_PEOPLE_USE = re.compile(_PEOPLE_ADV + r"\s+(?:use|using|used)\s+")
_PER_PERIOD = re.compile(r"[^.;,]{0,30}?\b(?P<p>every\s+month|each\s+month|a\s+month|monthly|every\s+day|each\s+day|daily|a\s+day|every\s+week|each\s+week|weekly)\b")
_SUBSET_BEFORE = re.compile(r"\b(?:including|of\s+which|of\s+whom|among\s+them|among\s+which)\s*$", re.I)
_PEOPLE_OK = re.compile(_PEOPLE_ADV + r"\s+(?:use|using|used|have\s+used|have\s+downloaded|have\s+signed\s+up|signed\s+up|log\s+in|logged\s+in)\b")
_REACH_BEFORE = re.compile(r"\b(?:used\s+by|reach(?:es|ed|ing)?)\s+(?:(?:more\s+than|over|about|around|roughly|nearly|almost|some|at\s+least)\s+)?$", re.I)
_AD_REACH = re.compile(r"\b(?:ads?|advert\w*|marketers?|campaigns?|audience)\b", re.I)
_SUBSET_ADJ = re.compile(r"\b(?:paying|paid|premium|transacting|quarterly|annual|annually|new|returning|concurrent)\b", re.I)
_USERS_WHO = re.compile(r"\s+(?:now\s+|already\s+)?(?:have|has|had|hold|holds)\s+(?:a|an|at\s+least)\b", re.I)
_NOT_USERS_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:participants|meetings|minutes|messages|views|visits|viewers|"
                              r"streams|hours|posts|videos|queries|searches|transactions|orders|rides|trips|calls|"
                              r"chats|impressions|pageviews|sessions|plays|merchants|drivers|businesses|sellers)\b", re.I)
_PERIOD_COUNT_BEFORE = re.compile(r"\b(?:daily|weekly|monthly|average|averag\w+|per\s+day|a\s+day)\s+(?:[\w-]+\s+){0,3}$",
                                  re.I)
# "gets instant reach to over 330 million users": a partner's audience, not the app's users
_REACH_TO = re.compile(r"\breach\s+to\s+(?:[\w-]+\s+){0,2}$", re.I)
# "King's massive 233 million MAUs": the figure belongs to the name before it, known or not
_POSS_BEFORE = re.compile(r"([A-Z][\w.&-]*)[’']s?\s+(?:[a-z][\w-]*\s+){0,2}$")
_RATE_PERIOD = re.compile(r"\s+(?:a|per|each|every)\s+(?P<p>day|week|month)\b", re.I)
_PERIOD_ADV = re.compile(r"\s+(?P<p>monthly|daily|weekly)\b(?!\s+(?:active|users|basis))", re.I)
# "doubled from 400 million in February to 800 million": the earlier figure does not break the link to the later one
_FROM_TO = re.compile(r"\bfrom\s+(?:(?:about|roughly|around|nearly|more\s+than|over|some)\s+)?\d[\d.,]*\s*"
                      r"(?:million|billion|thousand|mn|bn|m|b|k)?(?:\s+(?:in|at|a|last|the|by)\b(?:\s+[\w-]+){0,3}?)?"
                      r"\s+to\s*$", re.I)
_POSS_PRODUCT = re.compile(r"(?:[’']s?)?\s+(?:[\w-]+\s+){0,2}?(?:app|apps|engine|service|platform|chatbot|assistant|"
                           r"browser|game|product|network|site|tool|model|unit|division|subsidiary|arm|store|"
                           r"marketplace|messenger|editor|games|titles|apps|products|services)\b(?!\s+(?:users|user|MAUs?|DAUs?|consumers|people|members|accounts))")
# "Shein's app", "Temu's shopping app": an app's own app is the app itself (not "TikTok's new app")
_OWN_APP = re.compile(r"[’']s?\s+(?:(?:mobile|shopping|main|flagship|namesake|eponymous|own|video|social|messaging|"
                      r"dating|music|streaming|photo|chat|gaming|travel|food|delivery|ride-hailing)\s+)?apps?\b", re.I)
_PERCENT_RE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|pct\b)", re.I)
_SAME_PERIOD = re.compile(r"\b(?:for|in|during|over)\s+the\s+same\s+(?:period|quarter|time|month)\b", re.I)


def _pred(noun: str) -> str | None:
    n = re.sub(r"\s+", " ", noun.lower())
    if n.endswith(("mark", "milestone", "threshold")):
        n = n.rsplit(" ", 2)[0] + " users" if " " in n.rsplit(" ", 1)[0] else "users"
        n = n.replace("user users", "users")
    if n.startswith(("monthly", "mau")):
        return "monthly_active_users"
    if n.startswith(("daily", "dau", "mdau")):
        return "daily_active_users"
    if n.startswith(("weekly", "wau")):
        return "weekly_active_users"
    if n in ("users", "members", "accounts", "people", "user base", "user count"):
        return "user_count"
    if n in ("downloads", "installs", "installations", "times"):
        return "downloads"
    return None


_NAME_BEFORE_NOUN = re.compile(r"(?:[’']s)?\s+(?:(?:total|global|active|registered)\s+)?")
_INNER_APPOS = re.compile(r",\s+(?:its|the|a|an|which|who)\b[^,;]{3,140},")
_HEADLESS_LEAD = re.compile(
    r"\s*(?:(?:total|its|global|worldwide|overall|average|the\s+(?:app|platform|service|company)[’']s|"
    r"the\s+number\s+of|combined)\s+)*$", re.I)
_PAREN_NOUN_TAIL = re.compile(r"(?:monthly|daily|weekly)[\s-]+active[\s-]+(?:users|players|uniques)\s*\(\s*$", re.I)
_SAID_THAT = re.compile(r"(?:said|says|reported|reports|announced|announces|disclosed)(?:\s+(?:on|in|last|this)\s+\w+)?"
                        r"(?:\s+that)?\s+$")


def _headless_subject(text: str, sent: Sentence, noun_at: int, topic: Topic) -> list:
    """Subject of a metric noun that opens its clause with no name of its own ("Monthly active users rose 12% to
    675 million", "Reddit said that daily active uniques rose ..."): the reporting app/company, else the app the
    preceding sentences are about."""
    from .context import Resolved
    cs = clause_start(sent, noun_at)
    lead = text[cs:noun_at]
    pm = _PAREN_NOUN_TAIL.search(lead)
    if pm:  # "Total Monthly Active Users (MAUs) grew ...": the noun is "Monthly Active Users"
        lead = lead[:pm.start()]
    if _HEADLESS_LEAD.fullmatch(lead):
        if any(m.kind in ("app", "company", "unknown") for m in sent.mentions):
            return []  # a name elsewhere in the sentence may own the figure: do not guess
        t = topic.app if topic.app is not None else topic.any
        if t is None or t.kind not in ("app", "company", "unknown"):
            return []
        return [Resolved(t.eid, t.resolved, t.kind, t, True)]
    sm = _SAID_THAT.search(text, cs, noun_at)
    if sm and _HEADLESS_LEAD.fullmatch(text, sm.end(), noun_at):
        src = [m for m in sent.mentions if m.end <= sm.start() and "source" in m.flags
               and m.kind in ("app", "unknown")]  # "Snap said daily active users ...": the app's, not the company's
        if len(src) == 1 and re.fullmatch(r"\s*", text[src[0].end:sm.start()]):
            m = src[0]
            return [Resolved(m.eid, m.resolved, m.kind, m)]
    return []


def _only_app(sent: Sentence) -> list:
    """The sentence's one app, for a figure only an app can have (downloads) that was given to a company."""
    from .context import Resolved
    apps = {m.eid: m for m in sent.mentions if m.kind == "app" and not (m.flags & {"modifier", "object"})}
    if len(apps) != 1:
        return []
    m = next(iter(apps.values()))
    return [Resolved(m.eid, m.resolved, m.kind, m)]


def _hedged_outside(text: str, sent: Sentence, a: int, b: int, skip) -> bool:
    """`hedged`, ignoring cues inside the given inserted phrases ("..., users who visit at least once a day, ...")."""
    from .context import HEDGE_RE
    a = max(a, clause_start(sent, b))
    for hm in HEDGE_RE.finditer(text, a, b):
        if any(x <= hm.start() < y for x, y in skip):
            continue
        if any(closed and x <= hm.start() < y and not (x <= b < y) for _, x, y, closed in sent.appos):
            continue
        return True
    return False


@dataclass(slots=True)
class MetricHit:
    subjects: list
    predicate: str
    value: float
    bound: str
    region: str | None
    valid_at: datetime | None
    confidence: float
    start: int
    end: int


def extract_metrics(text: str, sent: Sentence, topic: Topic, published_at, state: dict) -> list[MetricHit]:
    nums = find_numbers(text, sent.start, sent.end)
    out: list[MetricHit] = []
    prev: MetricHit | None = None
    for i, n in enumerate(nums):
        pred = None
        conf = 0.9
        metric_end = n.end
        explicit_subjects = None
        pre_noun = None
        skip: list = []
        am = AFTER_RE.match(text, n.end, sent.end)
        if am:
            if am.group("new"):
                prev = None
                continue
            noun = am.group("noun")
            pred = _pred(noun)
            metric_end = am.end()
            low = noun.lower()
            if low == "times":
                pred = "downloads" if _DOWNLOAD_VERB.search(text, sent.start, n.start) else None
            elif low == "people" or low in _NATIONALS or (low in ("users", "members") and _REACH_BEFORE.search(
                    text, max(sent.start, n.bound_start - 20), n.bound_start)):
                pred = "user_count" if (_PEOPLE_OK.match(text, am.end()) or _REACH_BEFORE.search(
                    text, max(sent.start, n.bound_start - 20), n.bound_start)) else None
                if pred and _AD_REACH.search(text, max(sent.start, n.start - 60), n.start):
                    pred = None  # "its ads reach 500 million people": advertising reach, not users
                um = _PEOPLE_USE.match(text, am.end())
                if pred and um:
                    tgt = [m for m in sent.mentions if m.start == um.end() and m.kind in ("app", "unknown", "anaphor")]
                    if tgt and tgt[0].kind == "anaphor":
                        from .context import resolve_anaphor
                        r = resolve_anaphor(sent, tgt[0], topic)
                        if r is None or r.kind not in ("app", "unknown"):
                            tgt = []
                        else:
                            explicit_subjects = [r]
                    elif tgt:
                        explicit_subjects = tgt
                    if tgt:
                        pp = _PER_PERIOD.match(text, tgt[0].end)
                        if pp:
                            w = pp.group("p").lower()
                            pred = ("monthly_active_users" if "month" in w else
                                    "daily_active_users" if ("day" in w or "daily" in w) else "weekly_active_users")
            elif low == "players":
                pred = "user_count" if re.search(r"\bregistered\b", am.group(0), re.I) else None
            elif low in ("sign-ups", "signups", "customers", "visitors", "followers", "listeners", "gamers"):
                pred = None
            if pred and _REACH_TO.search(text, max(sent.start, n.bound_start - 30), n.bound_start):
                pred = None
            if pred == "downloads" and _PERIOD_COUNT_BEFORE.search(text, max(sent.start, n.bound_start - 40),
                                                                  n.bound_start):
                pred = None  # "average daily installs rose to 185,000", "weekly downloads of 2 million": a rate
            if pred and _SUBSET_ADJ.search(am.group(0)):
                pred = None  # "12 million paying users", "45 million transacting users": a subset, not the user base
            if pred and _RATE_AFTER.match(text, am.end()):
                rp = _RATE_PERIOD.match(text, am.end())
                if rp and low in ("users", "people", "members", "players", "accounts") and pred == "user_count":
                    # "serves 3 billion users a month", "used by 3.4 billion people every day"
                    w = rp.group("p").lower()
                    pred = ("monthly_active_users" if w == "month" else
                            "daily_active_users" if w == "day" else "weekly_active_users")
                else:
                    pred = None
                    prev = None
                    continue
            elif pred == "user_count" and low in ("users", "people", "members", "players"):
                pp = _PERIOD_ADV.match(text, am.end())
                if pp:
                    w = pp.group("p").lower()
                    pred = ("monthly_active_users" if w.startswith("month") else
                            "daily_active_users" if w.startswith("daily") else "weekly_active_users")
        if pred is None and not am:
            # metric noun before the number: "daily active users of 408.1 million", "... rose 3% to 1.38 billion"
            cs = clause_start(sent, n.start)
            lo = max(cs, n.bound_start - 90)
            last = None
            # a closed appositive between the metric noun and the figure is skipped ("daily active uniques, its
            # measure of ... users who visit ..., rose 21% to 110.4 million")
            skip = [(a, b) for _, a, b, closed in sent.appos if closed and b < n.bound_start and a > cs]
            if "," in text[max(cs, n.bound_start - 220):n.bound_start]:
                skip += [(m.start(), m.end()) for m in _INNER_APPOS.finditer(text, max(cs, n.bound_start - 220),
                                                                           n.bound_start)]
            if skip:
                lo = max(cs, min(lo, min(a for a, _ in skip) - 60))
            for pm in PRE_NOUN_RE.finditer(text, lo, n.bound_start):
                if not any(a <= pm.start() < b for a, b in skip):
                    last = pm
            if last is not None and _SUBSET_ADJ.search(text, max(cs, last.start() - 22), last.start()):
                last = None  # "quarterly active users", "monthly transacting users", "paying users"
            if last is not None:
                gap = text[last.end():n.bound_start]
                for a, b in skip:
                    if last.end() <= a and b <= n.bound_start:
                        gap = gap.replace(text[a:b], " ")
                gap_clean = _FROM_TO.sub(" to", _PERCENT_RE.sub("", gap))
                # the link may be the bound word itself: "users exceeded 400 million" (bound_start at "exceeded")
                if not re.search(r"\d", gap_clean) and ";" not in gap and (
                        _LINK_END.search(gap) or _LINK_END.search(text, last.end(), n.start)):
                    pred = _pred(last.group("noun"))
                    pre_noun = last
                    if pred == "downloads" and _PERIOD_COUNT_BEFORE.search(text, max(cs, last.start() - 30),
                                                                          last.start()):
                        pred = None  # "average daily installs rose to 185,000": a rate
                    if pred == "user_count" and last.group("noun").lower() in ("users",) and \
                            not re.search(r"\b(?:of|at|reached|hit|totaled|totalled|numbered|stood|surpassed|passed|crossed|topped|exceeded)\b",
                                          text[last.end():n.start]):
                        pred = None
                    # "LINE users exceeded 20 million", "KakaoTalk's MAUs topped 48 million": the name before the noun
                    mod = [m for m in sent.mentions if m.kind in ("app", "unknown") and m.end <= last.start()
                           and _NAME_BEFORE_NOUN.fullmatch(text, m.end, last.start())]
                    if pred and mod:
                        explicit_subjects = mod[-1:]
                    # "monthly active users of Weixin and WeChat rose ... to N"
                    om = re.match(r"\s+of\s+", text[last.end():last.end() + 5])
                    if pred and om:
                        ments = [m for m in sent.mentions if last.end() < m.start < n.start and m.kind in ("app", "unknown", "company")]
                        if ments:
                            explicit_subjects = ments
            if pred is None and prev is not None and _INHERIT_BEFORE.search(text, sent.start, n.bound_start):
                pred = prev.predicate
                explicit_subjects = "inherit"
                conf = 0.8
                fw = _FOR_WHO.match(text, n.end)
                other = [m for m in sent.mentions if fw is not None and m.start == fw.end()
                         and m.kind in ("app", "company", "unknown")]
                if other:  # "compared with about 600 million for X": X's figure, not the first app's
                    explicit_subjects = other
                    conf = 0.75
            if pred is None and prev is not None and _BARE_END.match(text, n.end):
                sb = _SIBLING_BEFORE.search(text, max(sent.start, n.bound_start - 80), n.bound_start)
                who = [m for m in sent.mentions if sb is not None and m.start == sb.start("who")
                       and m.end == sb.end("who") and m.kind in ("app", "company", "unknown")]
                if who and all(who[0].eid != r.eid for r in prev.subjects):
                    pred = prev.predicate
                    explicit_subjects = who
                    conf = 0.75
        if pred is not None and am and _USERS_WHO.match(text, am.end()):
            pred = None  # "more than 10M users now have a 365-day streak": users with a trait, a subset
        if pred is not None and _NOT_USERS_AFTER.match(text, n.end):
            pred = None  # "200 million meeting participants", "5 billion views": not people using the app
        if pred is None:
            prev = None
            continue
        if _GROWTH_BEFORE.search(text, max(sent.start, n.bound_start - 25), n.bound_start) or \
                _SUBSET_BEFORE.search(text, max(sent.start, n.bound_start - 25), n.bound_start):
            prev = None
            continue
        if explicit_subjects == "inherit":
            subjects = prev.subjects
        elif explicit_subjects:
            from .context import Resolved
            subjects = [m if isinstance(m, Resolved) else Resolved(m.eid, m.resolved, m.kind, m)
                        for m in explicit_subjects]
        else:
            subjects, c = subject_at(text, sent, n.bound_start, topic)
            conf = min(conf, c) if subjects else 0
            subjects = [r for r in subjects if r.kind in ("app", "company", "unknown")]
            # "Google's search engine is used by 4 billion people": the figure is the unnamed product's
            subjects = [r for r in subjects if not (r.mention.possessive and
                                                    _POSS_PRODUCT.match(text, r.mention.end, n.bound_start) and
                                                    not (r.kind == "app" and _OWN_APP.match(text, r.mention.end)))]
            if not subjects and pre_noun is not None:
                subjects = _headless_subject(text, sent, pre_noun.start(), topic)
                conf = 0.75 if subjects else 0
        pb = _POSS_BEFORE.search(text, max(sent.start, n.bound_start - 40), n.bound_start)
        if pb and explicit_subjects is None and not any(r.mention.start == pb.start(1) for r in subjects):
            subjects = []  # the figure is the possessor's, and it is not the subject found
        if re.match(r"\s+of\s+its\s+own\b", text[metric_end:metric_end + 12]):
            subjects = []  # "with around 104m MAUs of its own": another app's figure
        if pred == "downloads" and any(r.kind == "company" for r in subjects):
            subjects = [r for r in subjects if r.kind != "company"] or _only_app(sent)
        if not subjects:
            prev = None
            continue
        if _UNVERIFIED_AFTER.search(text, n.end, sent.end):
            prev = None
            continue
        # hedges between the clause start and the number
        if hedged(text, sent, sent.start, n.bound_start) and (
                not skip or _hedged_outside(text, sent, sent.start, n.bound_start, skip)):
            prev = None
            continue
        region = _NATIONALS.get(am.group("noun").lower()) if am else None
        rm = _REGION_AFTER.match(text, metric_end)
        if rm:
            region = COUNTRIES[rm.group(1)]
        elif am:
            ra = re.search(r"\b(American|US|U\.S\.|Chinese|Indian|British|UK|Brazilian|Japanese|German|French)\s",
                           text[n.end:am.start("noun")])
            if ra:
                region = _REGION_ADJ.get(ra.group(1).lower())
        nxt = nums[i + 1].bound_start if i + 1 < len(nums) else sent.end
        ap = containing_appos(sent, n.start)
        if ap is not None and ap[3]:
            nxt = min(nxt, ap[2])  # a date after an appositive dates the main clause, not the figure
        anchor = prev.valid_at if (explicit_subjects == "inherit" and prev is not None) else None
        valid_at = find_valid_at(text, n.end, nxt, published_at, anchor)
        if valid_at is None and _SAME_PERIOD.search(text, n.end, sent.end):
            valid_at = state.get("last_valid_at")
        if valid_at is None:
            valid_at = find_valid_at(text, clause_start(sent, n.start), n.start, published_at)
        if valid_at is None and i + 1 < len(nums) and not _INHERIT_BEFORE.search(
                text, sent.start, nums[i + 1].bound_start):
            valid_at = find_valid_at(text, nxt, sent.end, published_at)
        elif valid_at is None and i + 1 >= len(nums):
            pass
        if valid_at is not None:
            state["last_valid_at"] = valid_at
        if n.bound == "approx":
            conf -= 0.05
        if any(not r.resolved for r in subjects):
            conf -= 0.15
        hit = MetricHit(subjects, pred, n.value, n.bound, region, valid_at, max(0.05, conf), sent.start, sent.end)
        out.append(hit)
        prev = hit
    return out
