"""Counting numbers in news prose: "300 million", "1.2 billion-plus", "1.38bn", "900m",
"700,000", "a billion", "one million" -> value, bound, span. Money, percentages and years are
not counts and are never returned."""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORDNUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "half a": 0.5, "a half": 0.5, "a quarter of a": 0.25, "several hundred": None,
}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12,
          # South Asian number words: "10 crore downloads", "5 lakh users"
          "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7}

NUMBER_RE = re.compile(
    r"(?<![\w.,$€£¥])"
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?:\s|-)?(?P<scale>thousand|million|billion|trillion|lakhs?|lac|crores?)|(?P<abbr>mn|bn|mln|m|b|k)(?![\w]))?"
    r"|(?P<word>half a|a quarter of a|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    r"(?:\s|-)(?:hundred\s)?(?P<wscale>thousand|million|billion))"
    r"(?P<plus>-plus|\+|\s*plus(?!\s+\w+\s+(?:users|people)))?"
    r"(?![\w%])",
    re.IGNORECASE,
)

_MONEY_BEFORE = re.compile(r"(?:[$€£¥]|US\$|USD|RMB|HK\$|S\$|A\$|Rs\.?|£)\s*$")
_AFTER_BAD = re.compile(
    r"\s*(?:%|percent|per\s?cent|percentage|yuan|renminbi|dollars?|euros?|pounds|yen|won|rupees|"
    r"usd|rmb|in\s+(?:revenue|sales|funding|profit|losses|annual)|revenue|valuation|per\s+share|shares|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|times\s+(?:more|less|larger|bigger|faster))\b",
    re.IGNORECASE,
)

_BOUND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("at_most", re.compile(r"(?:\bjust\s+(?:under|below|shy\s+of)|\bfewer\s+than|\bless\s+than|\bunder|\bbelow|"
                           r"\bup\s+to|\bat\s+most|\bno\s+more\s+than|\bshy\s+of)\s*$", re.I)),
    ("at_least", re.compile(r"(?:\bmore\s+than|\bover|\babove|\bupwards\s+of|\bin\s+excess\s+of|\bat\s+least|"
                            r"\bsurpass(?:ed|ing|es)?|\bpass(?:ed|ing|es)?|\bcross(?:ed|ing|es)?|\btop(?:ped|ping|s)?|"
                            r"\bexceed(?:ed|ing|s)?|\bnorth\s+of|\bbeyond|\bbroke|\bbreaking|\bthe\s+\S+\s+mark\s+of)"
                            r"(?:\s+the)?\s*$", re.I)),
    ("approx", re.compile(r"(?:\babout|\broughly|\baround|\bnearly|\balmost|\bsome|\ban\s+estimated|\bestimated|"
                          r"\bapproximately|\bclose\s+to|\bcirca|~|\bapprox\.?|\ban\s+approximate)\s*$", re.I)),
]


@dataclass(frozen=True, slots=True)
class Number:
    start: int
    end: int
    value: float
    bound: str  # exact | approx | at_least | at_most
    bound_start: int  # where the bound phrase starts (== start when exact)


def parse_number(m: re.Match) -> float | None:
    if m.group("num"):
        v = float(m.group("num").replace(",", ""))
        if m.group("scale"):
            v *= _SCALE[m.group("scale").lower()]
        elif m.group("abbr"):
            v *= _SCALE[m.group("abbr").lower()]
        return float(round(v)) if v >= 1000 else v  # 130.2 million is 130200000, not 130199999.99999999
    w = m.group("word").lower()
    base = _WORDNUM.get(w)
    if base is None:
        return None
    mid = m.group(0).lower()
    if re.search(r"\shundred\s", mid):
        base *= 100
    return base * _SCALE[m.group("wscale").lower()]


_DIGIT_NUMBER_RE = re.compile(
    r"(?<![\w.,$€£¥])"
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?:\s|-)?(?P<scale>thousand|million|billion|trillion|lakhs?|lac|crores?)|(?P<abbr>mn|bn|mln|m|b|k)(?![\w]))?"
    r"(?P<word>(?!))?(?P<wscale>(?!))?)"
    r"(?P<plus>-plus|\+|\s*plus(?!\s+\w+\s+(?:users|people)))?"
    r"(?![\w%])",
    re.IGNORECASE,
)
_SCALE_WORDS = ("thousand", "million", "billion")


def _iter_number_matches(text: str, start: int, end: int):
    seg = text[start:end].lower()
    has_digit = any(ch.isdigit() for ch in seg) if len(seg) < 64 else _HAS_DIGIT.search(seg) is not None
    if any(w in seg for w in _SCALE_WORDS):
        yield from NUMBER_RE.finditer(text, start, end)
    elif has_digit:
        yield from _DIGIT_NUMBER_RE.finditer(text, start, end)


_HAS_DIGIT = re.compile(r"\d")


def find_numbers(text: str, start: int = 0, end: int | None = None, *, min_value: float = 1000) -> list[Number]:
    """Counts >= min_value in text[start:end]; years, money and percentages are skipped."""
    end = len(text) if end is None else end
    out: list[Number] = []
    for m in _iter_number_matches(text, start, end):
        if m.group("word") and not m.group("wscale"):
            continue
        v = parse_number(m)
        if v is None or v < min_value:
            continue
        raw = m.group("num")
        if raw and not (m.group("scale") or m.group("abbr")) and "," not in raw:
            # bare integers: years and small figures are not counts
            if re.fullmatch(r"(?:19|20)\d\d", raw) or len(raw) < 5:
                continue
        before = text[max(start, m.start() - 12):m.start()]
        if _MONEY_BEFORE.search(before):
            continue
        if _AFTER_BAD.match(text, m.end(), min(end, m.end() + 30)):
            continue
        bound, bstart = "exact", m.start()
        if m.group("plus"):
            bound = "at_least"
        else:
            pre = text[max(start, m.start() - 30):m.start()]
            for name, pat in _BOUND_PATTERNS:
                bm = pat.search(pre)
                if bm:
                    bound, bstart = name, m.start() - (len(pre) - bm.start())
                    break
        out.append(Number(m.start(), m.end(), v, bound, bstart))
    return out
