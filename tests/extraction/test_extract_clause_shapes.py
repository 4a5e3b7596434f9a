"""Sentence shapes added after the heldout2 pass: fronted participles, an app's own app, a bare figure
for a named sibling, "compared with N for X", and the agent of a fronted phrase heading nothing. Each
positive has a negative twin so the rule cannot simply fire everywhere."""
from __future__ import annotations

import pytest

from tests.extraction.test_extract_heldout2 import DL, DAU, MAU, UC, facts

OWN = "owned_by"

CASES = [
    # fronted participial phrase: the owner is before the comma, the owned app after it
    ("Owned by Amazon since 2014, Twitch reported 240 million monthly active users.",
     {("twitch", OWN, "amazon"), ("twitch", MAU, 240e6)}, set()),
    ("Acquired by Microsoft in 2016, LinkedIn now has more than 1 billion members.",
     {("linkedin", OWN, "microsoft"), ("linkedin", UC, 1e9)}, set()),
    ("Backed by Tencent, the startup said it had 5 million users.", set(), {("tencent", UC, 5e6)}),
    # "Shein's app" is Shein; "Google's search engine" is not Google
    ("Shein's app was downloaded 260 million times last year, according to Appfigures.",
     {("shein", DL, 260e6)}, set()),
    ("Temu's shopping app has been installed more than 900 million times.", {("temu", DL, 900e6)}, set()),
    ("Google's search engine is used by 4 billion people.", set(), {("google", UC, 4e9)}),
    # a bare figure after a named sibling inherits the metric of the first figure
    ("Instagram now has 2 billion monthly users, while Facebook has 3 billion.",
     {("instagram", MAU, 2e9), ("facebook", MAU, 3e9)}, set()),
    ("Snapchat reported 453 million daily active users and Pinterest counted 100 million.",
     {("snapchat", DAU, 453e6), ("pinterest", DAU, 100e6)}, set()),
    ("WhatsApp has 3 billion monthly users, while Meta earned $40 billion.",
     {("whatsapp", MAU, 3e9)}, {("meta", MAU, 40e9)}),
    ("TikTok has 1.5 billion monthly active users, while ByteDance has 150,000 employees.",
     {("tiktok", MAU, 1.5e9)}, {("bytedance", MAU, 150e3)}),
    # "compared with N for X": X's figure
    ("Threads has 350 million monthly active users, compared with about 600 million for X.",
     {("threads", MAU, 350e6), ("x", MAU, 600e6)}, {("threads", MAU, 600e6)}),
    # "the parent/owner of X" names the owner of X (a part owner or a former owner does not)
    ("Snap Inc., the parent of Snapchat, said it would report results on Tuesday.", {("snapchat", OWN, "snap")}, set()),
    ("ByteDance is the owner of TikTok and Douyin.", {("tiktok", OWN, "bytedance"), ("douyin", OWN, "bytedance")}, set()),
    ("Microsoft is a part owner of OpenAI.", set(), {("openai", OWN, "microsoft")}),
    ("Tencent was the former owner of the app Weibo.", set(), {("weibo", OWN, "tencent")}),
    # a sentence that opens with an anaphor belongs to the app in view; with none in view, to nobody
    ("Spotify is popular in Europe. The app now has 60 million monthly active users.", {("spotify", MAU, 60e6)}, set()),
    ("Canva launched new tools. Its user base has grown to 60 million monthly active users.", {("canva", MAU, 60e6)}, set()),
    ("The company said it had 60 million monthly active users.", set(), {("", MAU, 60e6)}),
    # adverbs and compound metric nouns
    ("More than 2 billion people now use Facebook every month.", {("facebook", MAU, 2e9)}, set()),
    ("Threads' monthly active user count hit 320 million in January.", {("threads", MAU, 320e6)},
     {("threads", UC, 320e6)}),
    # an alias the text opens with, a "most popular" chart position (only for an app on a store chart)
    ("RedNote, also known as Xiaohongshu, hit No. 1 on the US App Store.",
     {("xiaohongshu", "also_known_as", "RedNote")}, set()),
    ("Bluesky is now the third most popular free app in the US App Store.",
     {("bluesky", "chart_rank", 3.0, "app_store", "US")}, set()),
    ("WeChat is the most popular app in China.", set(), {("wechat", "chart_rank", 1, None, "CN")}),
    ("Uber's monthly active platform consumers reached 170 million, up 14% year over year.",
     {("uber", MAU, 170e6)}, set()),
    # people of a country who use an app: a user count with the country as region
    ("About 150 million Americans use TikTok, according to the company.", {("tiktok", UC, 150e6)}, set()),
    ("About 150 million Americans live in cities.", set(), {("", UC, 150e6)}),
    ("Bluesky says it has 40 million users, a figure that could not be independently verified.",
     set(), {("bluesky", UC, 40e6)}),
    # "X and Y ranked first and second, respectively": paired in order, never the first rank for the last name
    ("CapCut and Lemon8 ranked first and second, respectively, on the US App Store.",
     {("capcut", "chart_rank", 1.0, "app_store", "US"), ("lemon8", "chart_rank", 2.0, "app_store", "US")},
     {("lemon8", "chart_rank", 1.0, "app_store", "US")}),
    ("Threads was ranked No. 5 among free apps in Google Play's US store.",
     {("threads", "chart_rank", 5.0, "google_play", "US")}, set()),
    ("Apple opened a US store and Threads ranked No. 5 on the App Store.",
     {("threads", "chart_rank", 5.0, "app_store", None)}, {("threads", "chart_rank", 5.0, "app_store", "US")}),
    ("Discord said it had 200 million monthly active users in 2024, up from 150 million a year earlier.",
     {("discord", MAU, 200e6), ("discord", MAU, 150e6)}, set()),
]


@pytest.mark.parametrize("text,present,absent", CASES)
def test_clause_shapes(text, present, absent):
    got = facts(text)
    if not present:
        assert not {f for f in got if f[1:] in {a[1:] for a in absent}}, got  # nobody gets the figure
    assert present <= got, got
    assert not (absent & got), got
