"""Golden lines of page debris (extraction/debris.py) and their article-text twins."""
import pytest

from extraction import extract
from extraction.debris import debris_spans, line_kind

DEBRIS = [
    ("Skip to main content", "navigation"),
    ("Advertisement", "advertisement"),
    ("Mark Zuckerberg speaks in Menlo Park. (AP Photo/Jeff Chiu)", "caption_credit"),
    ("Photo: Getty Images", "caption_credit"),
    ("By Jane Doe and John Smith", "byline"),
    ("Updated: January 14, 2025, 10:32 AM EST", "dateline"),
    ("Share this article", "share_subscribe"),
    ("Sign up for our daily newsletter", "share_subscribe"),
    ("Read more: TikTok tops 1.5 billion users", "read_more"),
    ("Tags: TikTok, ByteDance, apps", "tags"),
    ("© 2025 Example Media. All rights reserved.", "copyright"),
]
ARTICLE = [
    "By the end of 2024, TikTok had more than 1.5 billion monthly active users.",
    "Share of US adults using TikTok rose to 33%.",
    "Photos and videos on Instagram reach 2 billion monthly users.",
    "Advertisement revenue at Meta rose 20% in the quarter.",
]


@pytest.mark.parametrize("line,kind", DEBRIS)
def test_debris_lines_are_named(line, kind):
    assert line_kind(line) == kind


@pytest.mark.parametrize("line", ARTICLE)
def test_article_sentences_are_not_debris(line):
    assert line_kind(line) is None


def test_no_claim_comes_from_a_debris_line_and_offsets_index_the_original_body():
    body = ("Read more: TikTok tops 1.5 billion users\n"
            "By Jane Doe\n"
            "Threads now has more than 300 million monthly active users, Meta said.\n")
    claims = extract(body, calibrate=False)
    assert [(c.subject_id, c.value) for c in claims] == [("threads", 300e6)]
    c = claims[0]
    assert body[c.evidence_start:c.evidence_end] == c.evidence_text
    assert [k for _, _, k in debris_spans(body)] == ["read_more", "byline"]
