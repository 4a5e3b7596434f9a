"""Sentences in shapes that are not in the dev corpus, written to check that the patterns are general.
Scored with the same matching rules as shared/tools/score_facts.py (extraction.evaluate.matches)."""
from __future__ import annotations

from datetime import datetime

from extraction import extract
from extraction.evaluate import score_sentences


def F(subject, predicate, value=None, obj=None, store=None, country=None, required=True):
    return {"subject": subject, "predicate": predicate, "value": value, "object": obj,
            "qualifiers": {"store": store, "country": country}, "required": required}


CASES = [
    ("Discord, the chat app popular with gamers, says more than 200 million people use it every month.",
     [F("discord", "monthly_active_users", 200e6)]),
    ("Pinterest ended the quarter with 553 million monthly active users, a record, the company said on Tuesday.",
     [F("pinterest", "monthly_active_users", 553e6)]),
    ("Messaging app Telegram surpassed 1 billion monthly active users in March, founder Pavel Durov said.",
     [F("telegram", "monthly_active_users", 1e9)]),
    ("According to Appfigures, Threads was the No. 3 free app on the US App Store on Sunday, ahead of Instagram.",
     [F("threads", "chart_rank", 3, store="app_store", country="US")]),
    ("Shein, the fast-fashion retailer, ranked second among shopping apps on Google Play in Mexico.",
     [F("shein", "chart_rank", 2, store="google_play", country="MX")]),
    ("Google-owned YouTube counts more than 2.5 billion logged-in monthly users.",
     [F("youtube", "monthly_active_users", 2.5e9), F("youtube", "owned_by", obj="google")]),
    ("Douyin's international sibling, TikTok, was the most downloaded app worldwide in 2024, Sensor Tower said.",
     [F("tiktok", "chart_rank", 1), F("tiktok", "version_of", obj="douyin")]),
    ("Alibaba, which also operates Taobao, said Alipay had roughly 1 billion users.",
     [F("alipay", "user_count", 1e9), F("taobao", "owned_by", obj="alibaba")]),
    ("Reddit said its daily active uniques rose to 97.2 million, though it did not break out monthly figures.",
     [F("reddit", "daily_active_users", 97.2e6)]),
    ("Perplexity has not disclosed how many users it has, but analysts estimate it could reach 30 million soon.", []),
    ("LinkedIn, which Microsoft acquired in 2016, now has more than 1 billion members in over 200 countries.",
     [F("linkedin", "user_count", 1e9), F("linkedin", "owned_by", obj="microsoft")]),
    ("Zoom said it had about 300 million daily meeting participants, a figure it later clarified.", []),
    ("RedNote, as Xiaohongshu is known to English speakers, topped the App Store in the US for three days.",
     [F("xiaohongshu", "chart_rank", 1, store="app_store", country="US"),
      F("xiaohongshu", "also_known_as", obj="RedNote")]),
    ("Gemini, Google's AI assistant, climbed to fourth place on the App Store in the UK.",
     [F("gemini", "chart_rank", 4, store="app_store", country="GB"), F("gemini", "owned_by", obj="google")]),
    ("Kwai, the international version of Kuaishou, is popular in Brazil.",
     [F("kwai", "version_of", obj="kuaishou")]),
    ("FooChat, a new messaging app, has 12 million users, the company said.",
     [F("foochat", "user_count", 12e6)]),
    ("Meta held talks to acquire Telegram in 2023, but the bid was rejected.", []),
    ("ByteDance, TikTok's parent, is valued at $300 billion.", [F("tiktok", "owned_by", obj="bytedance")]),
    ("YouTube is owned by Alphabet, Google's parent company.",
     [F("youtube", "owned_by", obj="alphabet"), F("google", "owned_by", obj="alphabet")]),
    ("X Corp, the company formerly known as Twitter Inc, lost advertisers.", [F("x", "also_known_as", obj="Twitter")]),
    ("In the US, ChatGPT is the top free app on the App Store, while Google Gemini ranks 15th.",
     [F("chatgpt", "chart_rank", 1, store="app_store", country="US"),
      F("gemini", "chart_rank", 15, store="app_store", country="US")]),
    ("Meta said its family of apps, which includes Facebook, Instagram and WhatsApp, had 3.35 billion daily active "
     "people in the fourth quarter.", []),
    ("It was the first time an app from China had topped the chart since TikTok in 2020.", []),
    ("Weibo had 598 million monthly active users at the end of June, down from 605 million a year earlier.",
     [F("weibo", "monthly_active_users", 598e6), F("weibo", "monthly_active_users", 605e6)]),
    ("Mastodon says it has roughly 9 million registered accounts but only about 1 million monthly active users.",
     [F("mastodon", "user_count", 9e6), F("mastodon", "monthly_active_users", 1e6)]),
    ("The deal would give Microsoft control of TikTok's US operations, which have about 150 million users.", []),
    ("Telegram could reach 1 billion users this year, Durov predicted.", []),
    ("Snapchat's parent company, Snap, reported revenue of $1.36 billion.", [F("snapchat", "owned_by", obj="snap")]),
    ("Threads could pass 1 billion monthly users within a few years, Zuckerberg said.", []),
]


def score():
    return score_sentences(CASES, extract, datetime(2025, 1, 30))


def test_generality_precision_recall():
    tp, fp, fn, misses, extras = score()
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= 0.95, extras
    assert recall >= 0.85, misses
