"""Sentence and paragraph splitting with exact character offsets."""
from __future__ import annotations

import re
from typing import Iterator

# Abbreviations after which a period does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:No|Nos|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|St|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|approx|est|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Bros|Mt|Ft|Fig|No)|\b[A-Z]|\b(?:U\.S|U\.K|e\.g|i\.e|a\.m|p\.m))$"
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*#>]|\s*\d+\.)")


def iter_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank paragraph (blocks separated by blank lines)."""
    pos = 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        if text[pos:m.start()].strip():
            yield _strip(text, pos, m.start())
        pos = m.end()
    if text[pos:].strip():
        yield _strip(text, pos, len(text))


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; `text[start:end]` is stripped of surrounding whitespace."""
    for ps, pe in iter_paragraphs(text):
        yield from _split(text, ps, pe)


def iter_sentences_with_paragraph(text: str, skip=None) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph index); paragraphs for which skip(index) is true are not split."""
    for i, (ps, pe) in enumerate(iter_paragraphs(text)):
        if skip is not None and skip(i):
            continue
        for s, e in _split(text, ps, pe):
            yield s, e, i


# A single line break ends a sentence on web pages (headlines, captions, list items and body
# paragraphs come one per line), except in hard-wrapped prose, where lines run on.
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?=\S)")


def hard_wrapped(text: str, ps: int, pe: int) -> bool:
    """Three or more lines of similar length (50-100 characters) that mostly end mid-sentence."""
    lines = text[ps:pe].split("\n")
    if len(lines) < 3:
        return False
    body = lines[:-1]
    run_on = sum(50 <= len(x.rstrip()) <= 100 and x.rstrip()[-1:] not in ".!?:\"”" for x in body)
    return run_on >= 0.8 * len(body)


def _line_spans(text: str, ps: int, pe: int) -> Iterator[tuple[int, int]]:
    if "\n" not in text[ps:pe] or hard_wrapped(text, ps, pe):
        yield ps, pe
        return
    start = ps
    for m in _LINE_BREAK.finditer(text, ps, pe):
        yield start, m.start()
        start = m.end()
    yield start, pe


def _split(text: str, ps: int, pe: int) -> Iterator[tuple[int, int]]:
    for ls, le in _line_spans(text, ps, pe):
        yield from _split_line(text, ls, le)


def _split_line(text: str, ps: int, pe: int) -> Iterator[tuple[int, int]]:
    start = ps
    for m in _END.finditer(text, ps, pe):
        end = m.end()
        if m.group(0).startswith("."):
            head = text[max(start, m.start() - 12):m.start()]
            if _ABBREV.search(head):
                continue
        s, e = _strip(text, start, end)
        if e > s:
            yield s, e
        start = end
    s, e = _strip(text, start, pe)
    if e > s:
        yield s, e


def split_paragraph(text: str, ps: int, pe: int) -> Iterator[tuple[int, int]]:
    """Sentences of the paragraph text[ps:pe]."""
    return _split(text, ps, pe)
