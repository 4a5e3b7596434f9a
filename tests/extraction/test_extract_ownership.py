"""Ownership: positive shapes and the hedges/investments that are not ownership."""
from __future__ import annotations

import pytest

from extraction import extract


def owned(text):
    out = set()
    for c in extract(text):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        if c.predicate == "owned_by":
            out.add((c.subject_id, c.object_id))
    return out


@pytest.mark.parametrize("text,expected", [
    ("Instagram, the photo-sharing service Meta bought in 2012, remains the company's growth engine.",
     {("instagram", "meta")}),
    ("Meta-owned WhatsApp passed 3 billion monthly actives.", {("whatsapp", "meta")}),
    ("The law requires TikTok's Beijing-based owner, ByteDance, to sell the app or face a ban.",
     {("tiktok", "bytedance")}),
    ("Elon Musk said on Friday that his artificial intelligence start-up xAI has acquired X, the social media "
     "platform formerly called Twitter, in an all-stock transaction.", {("x", "xai")}),
    ("Rival platform Weibo, controlled by Sina Corp, reported 587 million monthly active users.",
     {("weibo", "sina")}),
    ("Temu, the discount marketplace owned by PDD Holdings, was popular.", {("temu", "pdd-holdings")}),
    ("CapCut, ByteDance's video editor, came second.", {("capcut", "bytedance")}),
    ("ByteDance's video editor, CapCut, came second.", {("capcut", "bytedance")}),
    ("Kuaishou competes with ByteDance's Douyin, which has more than 750 million daily users.",
     {("douyin", "bytedance")}),
    ("Tencent-run apps such as WeChat and QQ dominate messaging in China.",
     {("wechat", "tencent"), ("qq", "tencent")}),
    ("Chinese lifestyle app Lemon8, which is also owned by ByteDance, has ranked as the second most downloaded app.",
     {("lemon8", "bytedance")}),
    ("Users prepare for TikTok to be banned from Sunday unless Chinese parent company ByteDance divests its ownership.",
     {("tiktok", "bytedance")}),
    ("Microsoft, which owns LinkedIn, said the network now has 1 billion members.", {("linkedin", "microsoft")}),
    ("Truth Social, owned by Trump Media & Technology Group, has about 5 million users.",
     {("truth-social", "trump-media")}),
])
def test_ownership_sentences(text, expected):
    assert owned(text) == expected


@pytest.mark.parametrize("text", [
    "Meta held talks to acquire Telegram in 2023, but the bid was rejected.",
    "Alibaba has invested in Xiaohongshu and holds a minority stake in the company.",
    "The start-up behind DeepSeek is backed by the Chinese hedge fund High-Flyer.",
    "Shein, which is headquartered in Singapore, is not affiliated with PDD Holdings.",
    "Bluesky has no corporate parent.",
    "If regulators object, the companies could be forced to unwind the merger.",
    "Kuaishou is not owned by ByteDance.",
    "Microsoft agreed to acquire TikTok's US business, but the deal was never completed.",
    "Oracle could buy TikTok if ByteDance agrees to sell.",
    "Lemon8 is ByteDance's answer to Instagram and Pinterest.",
    "Meta's rival Bluesky gained users.",
    "The deal does not change who controls Grok, the chatbot xAI develops.",
])
def test_ownership_negatives(text):
    assert owned(text) == set()
