"""version_of and also_known_as."""
from __future__ import annotations

import pytest

from extraction import extract


def rel(text, predicate):
    out = set()
    for c in extract(text):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        if c.predicate == predicate:
            out.add((c.subject_id, c.object_id))
    return out


@pytest.mark.parametrize("text,expected", [
    ("TikTok is an international version of Douyin, while Lemon8 was designed for foreign markets.",
     {("tiktok", "douyin")}),
    ("Douyin, TikTok's sister app in China, is unaffected.", {("douyin", "tiktok")}),
    ("In China, Douyin is the counterpart of TikTok.", {("douyin", "tiktok")}),
    ("TikTok's Chinese counterpart, Douyin, has 750 million users.", {("douyin", "tiktok")}),
])
def test_versions(text, expected):
    assert rel(text, "version_of") == expected


@pytest.mark.parametrize("text", [
    "TikTok is not a version of Douyin, the company insists.",
    "Lemon8 was specifically designed by ByteDance for the foreign market.",
])
def test_version_negatives(text):
    assert rel(text, "version_of") == set()


@pytest.mark.parametrize("text,expected", [
    ("X, formerly known as Twitter, does not disclose monthly figures.", {("x", "Twitter")}),
    ("xAI has acquired X, the social media platform formerly called Twitter.", {("x", "Twitter")}),
    ("Lemon8 climbed to No. 2, behind RedNote, the English name many Americans use for Xiaohongshu.",
     {("xiaohongshu", "RedNote")}),
    ("Users want tips on how to use \u201cRedNote,\u201d the app\u2019s new nickname in the US.",
     {("xiaohongshu", "RedNote")}),
    ("Weibo, also known as Sina Weibo, has 590 million monthly active users.", {("weibo", "Sina Weibo")}),
    ("Xiaohongshu (RedNote) climbed to No. 1 on the US App Store.", {("xiaohongshu", "RedNote")}),
    ("Twitter was rebranded as X in July 2023.", {("x", "Twitter")}),
])
def test_aliases(text, expected):
    assert rel(text, "also_known_as") == expected


@pytest.mark.parametrize("text", [
    "Xiaohongshu, which has been described as China's answer to Instagram, allows users to post photos.",
    "Xiaohongshu is known for its female-heavy user base.",
    "Facebook renamed itself Meta in 2021.",  # different registry entities: not an alias of one app
    "Douyin, known as TikTok outside China, has 750 million users.",  # another registered app
])
def test_alias_negatives(text):
    assert rel(text, "also_known_as") == set()
