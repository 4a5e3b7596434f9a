"""Page debris: lines of a web page that are not the article — navigation, captions and photo
credits, bylines and datelines, share and subscribe prompts, "read more" links, tags, copyright.
They are marked, never removed, so evidence offsets still index the original body; the engine does
not read sentences inside them.

Each rule is a named pattern over one line (stripped), tried only on short lines.
"""
from __future__ import annotations

import re

MAX_LINE = 160  # debris lines are short; an article paragraph is never one of these

RULES: dict[str, re.Pattern] = {
    "navigation": re.compile(r"^(?:skip\s+to\s+(?:main\s+)?content|home\s*[>»/|]|menu$|search$|sections?$|"
                             r"(?:log\s*in|sign\s*in|sign\s*up|register)(?:\s*[|/]\s*\w+)*$)", re.I),
    "advertisement": re.compile(r"^(?:advertisement|sponsored(?:\s+content)?|ad|promoted|partner\s+content)$", re.I),
    "caption_credit": re.compile(r"(?:\((?:AP|AFP|Reuters|Getty|Bloomberg|EPA)\s*(?:Photo|Images?)?[/ ][^)]*\)$|"
                                 r"^(?:photo|image|picture|credit|source|illustration)\s*(?::|by\b)|"
                                 r"getty\s+images|\bvia\s+getty\b|/\s*(?:reuters|ap|afp)$|^file\s+photo\b)", re.I),
    "byline": re.compile(r"^(?i:by|written\s+by|reported\s+by|words\s+by)\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}"
                         r"(?:\s*(?:,|\||and|&)\s*[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})*\s*$"),
    "dateline": re.compile(r"^(?:(?:published|updated|posted|last\s+updated)(?:\s+on)?\s*:?\s*)?"
                           r"(?:\w+day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                           r"[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:[\s,|·-]+\d{1,2}:\d{2}\s*(?:am|pm)?"
                           r"(?:\s+[A-Z]{2,4})?)?$|^(?:published|updated|posted)\s*:?\s*\d", re.I),
    "share_subscribe": re.compile(r"^(?:share(?:\s+(?:this|on|via)\b.*)?|tweet|email|print|copy\s+link|"
                                  r"follow\s+us\b.*|subscribe\b.*|sign\s+up\s+for\b.*|join\s+our\b.*|"
                                  r"(?:get|receive)\s+(?:our|the)\s+(?:latest|newsletter)\b.*|newsletter\b.*)$", re.I),
    "read_more": re.compile(r"^(?:read\s+(?:more|also|next)|also\s+read|see\s+also|related(?:\s+(?:stories|articles|"
                            r"news|posts|coverage))?|recommended(?:\s+(?:videos|stories|for\s+you))?|more\s+from\b|"
                            r"trending(?:\s+now)?|most\s+(?:read|popular)|you\s+may\s+also\s+like|don[’']t\s+miss)\b",
                            re.I),
    "tags": re.compile(r"^(?:tags?|topics?|categories|filed\s+under)\s*:", re.I),
    "copyright": re.compile(r"^(?:©|\(c\)|copyright\b)|all\s+rights\s+reserved", re.I),
    "cookie": re.compile(r"\bcookies?\b.*\b(?:accept|consent|policy|use)\b", re.I),
}


def line_kind(line: str) -> str | None:
    """The debris rule a (stripped) line matches, or None for article text."""
    if not line or len(line) > MAX_LINE:
        return None
    for name, rx in RULES.items():
        if rx.search(line):
            return name
    return None


def debris_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, rule) of every debris line of `text` (offsets into `text`)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        kind = line_kind(stripped) if stripped else None
        if kind:
            s = pos + (len(line) - len(line.lstrip()))
            out.append((s, s + len(stripped), kind))
        pos += len(line) + 1
    return out
