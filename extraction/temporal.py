"""Resolve the time a claim holds from phrases near it, relative to the publication time.

Conservative: only a handful of unambiguous shapes; anything else leaves `valid_at` as None
(= publication time)."""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_DAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_NUMW = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}

TEMPORAL_RE = re.compile(
    r"\b(?:(?:in|for|during)\s+the\s+(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)(?:[\s-]+)quarter(?:\s+of\s+(?P<qy>(?:19|20)\d\d))?"
    r"|(?P<qq>Q[1-4])(?:\s+(?P<qqy>(?:19|20)\d\d))?"
    r"|(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+(?P<unit>days?|weeks?|months?|years?)\s+(?:earlier|ago|before)"
    r"|(?:in|by|at\s+the\s+end\s+of)\s+(?P<year>(?:19|20)\d\d)(?![\w-])"
    r"|(?:on|last)\s+(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<lastweek>last\s+week|a\s+week\s+ago)"
    r"|(?P<lastmonth>last\s+month)"
    r"|(?P<lastyear>last\s+year)"
    r"|(?:in|during|since|by|(?:at\s+)?the\s+end\s+of)\s+(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?P<my>(?:19|20)\d\d))?)",
)

# a date right after these words dates another event (a launch, a purchase), not the claim
_EVENT_BEFORE = re.compile(
    r"\b(?:launch(?:ed|es)?|found(?:ed)?|bought|acquired|purchased|since|started|created|released|debuted|"
    r"left|joined|introduced|born|began|election|rename[ds]?|rebranded)\b[^,.;]{0,25}$", re.I)


def _end_of_month(y: int, m: int, tz=None) -> datetime:
    return datetime(y, m, calendar.monthrange(y, m)[1], tzinfo=tz)


def _minus_months(d: datetime, n: int) -> datetime:
    y, m = d.year, d.month - n
    while m <= 0:
        m += 12
        y -= 1
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))


def resolve(m: re.Match, published_at: datetime | None) -> datetime | None:
    g = m.groupdict()
    pub = published_at
    tz = pub.tzinfo if pub is not None else None  # results carry the reference's timezone (or none)
    if g.get("q") or g.get("qq"):
        q = _ORD[g["q"].lower()] if g.get("q") else int(g["qq"][1])
        y = g.get("qy") or g.get("qqy")
        if y:
            return _end_of_month(int(y), q * 3, tz)
        if pub is None:
            return None
        y = pub.year
        end = _end_of_month(y, q * 3, tz)
        if end.date() > pub.date():
            end = _end_of_month(y - 1, q * 3, tz)
        return end
    if g.get("year"):
        return _end_of_month(int(g["year"]), 12, tz)
    if g.get("month"):
        mo = _MONTHS[g["month"].lower()]
        if g.get("my"):
            return _end_of_month(int(g["my"]), mo, tz)
        if pub is None:
            return None
        y = pub.year if mo <= pub.month else pub.year - 1
        end = _end_of_month(y, mo, tz)
        return min(end, pub) if (y, mo) == (pub.year, pub.month) else end
    if pub is None:
        return None
    if g.get("n"):
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMW[raw]
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return pub - timedelta(days=n)
        if unit == "week":
            return pub - timedelta(weeks=n)
        if unit == "month":
            return _minus_months(pub, n)
        return _minus_months(pub, 12 * n)
    if g.get("day"):
        wd = _DAYS[g["day"].lower()]
        back = (pub.weekday() - wd) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        return pub - timedelta(days=back)
    if g.get("lastweek"):
        return pub - timedelta(days=7)
    if g.get("lastmonth"):
        return _end_of_month(*_prev_month(pub), tz)
    if g.get("lastyear"):
        return _end_of_month(pub.year - 1, 12, tz)
    return None


def _prev_month(d: datetime) -> tuple[int, int]:
    return (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)


def find_valid_at(text: str, start: int, end: int, published_at: datetime | None,
                  anchor: datetime | None = None) -> datetime | None:
    """The first datable phrase in text[start:end] that is not the date of another event.
    `anchor` (the time of a figure compared with, "... at the end of June, down from X a year earlier")
    is the reference of relative "N units earlier" phrases when given."""
    for m in TEMPORAL_RE.finditer(text, start, end):
        if _EVENT_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
            continue
        ref = anchor if (anchor is not None and m.group("n")) else published_at
        v = resolve(m, ref)
        if v is not None:
            if published_at is not None and published_at.tzinfo is not None and v.tzinfo is None:
                v = v.replace(tzinfo=published_at.tzinfo)
            return v
        return None
    return None
