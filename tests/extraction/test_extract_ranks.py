"""Chart ranks: rank value, store, country, chart; carry-over; negatives."""
from __future__ import annotations

from datetime import datetime

import pytest

from extraction import extract

PUB = datetime(2025, 1, 30)


def ranks(text, pub=PUB):
    out = set()
    for c in extract(text, published_at=pub):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        if c.predicate == "chart_rank":
            out.add((c.subject_id, int(c.value), c.store, c.country, c.chart))
    return out


@pytest.mark.parametrize("text,expected", [
    ("DeepSeek's AI assistant has become the No. 1 free app on Apple's App Store in the United States, pushing "
     "OpenAI's ChatGPT down to second place.",
     {("deepseek", 1, "app_store", "US", "free"), ("chatgpt", 2, "app_store", "US", "free")}),
    ("On Google Play in the US, DeepSeek ranked seventh among free apps.",
     {("deepseek", 7, "google_play", "US", "free")}),
    ("Temu held the #1 spot on Google Play's shopping chart in Brazil on Monday, while Shein slipped to No. 4.",
     {("temu", 1, "google_play", "BR", "shopping"), ("shein", 4, "google_play", "BR", "shopping")}),
    ("Snapchat, owned by Snap Inc., ranked 9th on Google Play's top free chart in the US last week.",
     {("snapchat", 9, "google_play", "US", "free")}),
    ("Temu, the discount marketplace owned by PDD Holdings, was the most downloaded free iPhone app in the US this "
     "year. CapCut, ByteDance's video editor, came second, with Threads in third place.",
     {("temu", 1, "app_store", "US", "free"), ("capcut", 2, "app_store", "US", "free"),
      ("threads", 3, "app_store", "US", "free")}),
    ("ChatGPT ranked No. 1 on the App Store in Japan, followed by Gemini and Perplexity.",
     {("chatgpt", 1, "app_store", "JP", None), ("gemini", 2, "app_store", "JP", None),
      ("perplexity", 3, "app_store", "JP", None)}),
    ("Lemon8 climbed to No. 2 on the App Store's free chart, behind RedNote, the English name many Americans use "
     "for Xiaohongshu.",
     {("lemon8", 2, "app_store", None, "free"), ("xiaohongshu", 1, "app_store", None, "free")}),
    ("Perplexity was the third most downloaded app on Google Play in India last week.",
     {("perplexity", 3, "google_play", "IN", None)}),
])
def test_rank_sentences(text, expected):
    assert ranks(text) == expected


def test_anaphora_and_two_stores():
    text = ("Young Americans are flocking to the Chinese social media platform Xiaohongshu as \u201cTikTok refugees\u201d.\n\n"
            "The app has risen to the top spot on the iOS and Google Play stores in the US in recent days.")
    assert ranks(text) == {("xiaohongshu", 1, "app_store", "US", None), ("xiaohongshu", 1, "google_play", "US", None)}


def test_chatbot_anaphora_and_countries():
    text = ("DeepSeek has become the No. 1 free app on Apple's App Store in the United States. The chatbot, developed "
            "by the Hangzhou-based start-up DeepSeek, also climbed to the top of the free charts in the UK and China.")
    got = {(s, r, c) for s, r, _, c, _ in ranks(text)}
    assert got == {("deepseek", 1, "US"), ("deepseek", 1, "GB"), ("deepseek", 1, "CN")}


def test_valid_at_from_month():
    text = "The app Bluesky briefly reached No. 1 among free apps on the US App Store in November."
    (c,) = [c for c in extract(text, published_at=PUB) if c.predicate == "chart_rank"]
    assert c.valid_at == datetime(2024, 11, 30)


@pytest.mark.parametrize("text", [
    "Lemon8 and CapCut were removed from Apple's and Google's app stores.",
    "ChatGPT had held the top spot for much of the past week.",
    "Threads could reach No. 1 on the App Store if the ban goes ahead.",
    "Bluesky is among the top 10 free apps on the App Store.",
    "Safety is the No. 1 priority for Snapchat, the company said.",
    "Meta's Threads hit 100 million sign-ups in five days, the second quarter in a row of growth.",
])
def test_rank_negatives(text):
    assert ranks(text) == set()
