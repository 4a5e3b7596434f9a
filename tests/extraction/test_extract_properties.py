"""Property: every claim's evidence slices the text exactly, whatever the text."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import extract
from extraction.evaluate import body_of

DEV = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "dev"
CORPUS = [body_of(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("*.md"))]
WORDS = sorted({w for t in CORPUS for w in t.split()}) + [
    "No.", "#1", "1.2bn", "900m", "—", "(", ")", "\u201c", "\u201d", "'s", "\u2019s", "\n\n", "\n", "  ", "RedNote",
    "It", "the app", "owned by", "formerly", "known as", "Inc.", "U.S.", "e\u0301", "\u00a0", "\t", "$5", "3%"]


def check(text: str) -> None:
    for c in extract(text):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        assert 0.0 <= c.confidence <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join))
def test_word_salad(text):
    check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS), st.data())
def test_mutated_corpus(doc, data):
    n = data.draw(st.integers(0, 8))
    text = doc
    for _ in range(n):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        ins = data.draw(st.text(max_size=12) | st.sampled_from(WORDS))
        text = text[:i] + ins + text[j:]
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text):
    check(text)
