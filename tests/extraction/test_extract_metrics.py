"""User metrics: golden sentences -> claims, including negatives (hedges, growth, money)."""
from __future__ import annotations

from datetime import datetime

import pytest

from extraction import extract

PUB = datetime(2025, 1, 30)


def facts(text, pub=PUB, predicates=None):
    out = set()
    for c in extract(text, published_at=pub):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        if predicates is None or c.predicate in predicates:
            out.add((c.subject_id, c.predicate, c.value if c.object_id is None else c.object_id, c.bound))
    return out


METRICS = {"monthly_active_users", "daily_active_users", "weekly_active_users", "user_count", "downloads"}


@pytest.mark.parametrize("text,expected", [
    ("Meta Platforms said on Wednesday that Threads now has more than 320 million monthly active users, up from "
     "roughly 275 million three months earlier.",
     {("threads", "monthly_active_users", 320e6, "at_least"), ("threads", "monthly_active_users", 275e6, "approx")}),
    ("Snap Inc. said Snapchat averaged 453 million daily active users in the fourth quarter, and that the app now "
     "reaches more than 850 million monthly active users.",
     {("snapchat", "daily_active_users", 453e6, "exact"), ("snapchat", "monthly_active_users", 850e6, "at_least")}),
    ("ChatGPT, which OpenAI says has more than 300 million weekly active users, is growing.",
     {("chatgpt", "weekly_active_users", 300e6, "at_least")}),
    ("Kuaishou reported average daily active users of 408.1 million for the third quarter, while its monthly "
     "active users reached 714.5 million.",
     {("kuaishou", "daily_active_users", 408.1e6, "exact"), ("kuaishou", "monthly_active_users", 714.5e6, "exact")}),
    ("Temu has been downloaded more than 900 million times worldwide since its launch in 2022.",
     {("temu", "downloads", 900e6, "at_least")}),
    ("Bluesky, the decentralized social network that started as a project inside Twitter, said it had crossed "
     "30 million registered users.", {("bluesky", "user_count", 30e6, "at_least")}),
    ("Around 1.5 billion people use WhatsApp every month.",
     {("whatsapp", "monthly_active_users", 1.5e9, "approx")}),
    ("Pinduoduo, one of China's largest e-commerce platforms with roughly 900 million users, is growing.",
     {("pinduoduo", "user_count", 900e6, "approx")}),
    ("While boasting about 300 million monthly active users, Xiaohongshu's reach is smaller.",
     {("xiaohongshu", "monthly_active_users", 300e6, "approx")}),
    ("Snapchat DAUs hit 453M in Q4.", {("snapchat", "daily_active_users", 453e6, "exact")}),
    ("Threads crossed the 100 million user milestone.", {("threads", "user_count", 100e6, "at_least")}),
    ("Kuaishou and Douyin have 400 million and 750 million daily users respectively.",
     {("douyin", "daily_active_users", 750e6, "exact")}),
    ("Pinterest said monthly active users rose 11% to a record 553 million.",
     {("pinterest", "monthly_active_users", 553e6, "exact")}),
    ("Instagram boasts 2bn+ monthly users.", {("instagram", "monthly_active_users", 2e9, "at_least")}),
])
def test_metric_sentences(text, expected):
    assert facts(text, predicates=METRICS) == expected


@pytest.mark.parametrize("text", [
    "Threads could pass 1 billion monthly users within a few years, Zuckerberg said.",
    "Analysts expect Bluesky to reach 50 million users by the end of the year.",
    "The text-based app is adding more than a million sign-ups a day.",
    "Duolingo added 10 million new users in the quarter.",
    "Temu's valuation topped $50 billion, and its revenue reached 100 billion yuan.",
    "Tencent said WeChat's revenue rose 3% to 1.38 billion yuan.",
    "Reddit does not have 500 million daily active users.",
    "If the ban goes ahead, TikTok would lose 170 million users in America.",
    "Spotify has 640 million users, including 252 million subscribers.",
    "Roblox aims to reach 1 billion daily users.",
])
def test_metric_negatives(text):
    got = facts(text, predicates=METRICS)
    assert not {f for f in got if f[2] in (1e9, 50e6, 1e6, 10e6, 50e9, 100e9, 1.38e9, 500e6, 170e6, 252e6)}, got


def test_region_and_valid_at():
    text = "TikTok has said it has 170 million users in America."
    (c,) = [c for c in extract(text, published_at=PUB) if c.predicate == "user_count"]
    assert (c.subject_id, c.value, c.region) == ("tiktok", 170e6, "US")
    text = "Tencent said combined monthly active users of Weixin and WeChat rose 3% from a year earlier to " \
           "1.38 billion in the third quarter."
    cs = [c for c in extract(text, published_at=datetime(2024, 11, 13)) if c.subject_id == "wechat"]
    assert cs and cs[0].value == 1.38e9 and cs[0].valid_at == datetime(2024, 9, 30)
