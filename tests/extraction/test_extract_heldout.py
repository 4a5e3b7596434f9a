"""A second set of sentences in new shapes, written after the engine was developed and run once as a
held-out check (one general fix followed: "rose 11% to a record 553 million"). Same matching rules as the scorer."""
from __future__ import annotations

from datetime import datetime

from extraction import extract
from extraction.evaluate import score_sentences


def F(subject, predicate, value=None, obj=None, store=None, country=None):
    return {"subject": subject, "predicate": predicate, "value": value, "object": obj,
            "qualifiers": {"store": store, "country": country}}


CASES = [
 ("Spotify, the Swedish music streaming service, said it had 675 million monthly active users at the end of 2024.", [F("spotify","monthly_active_users",675e6)]),
 ("Duolingo's daily active users climbed 51% to 40.5 million in the fourth quarter.", [F("duolingo","daily_active_users",40.5e6)]),
 ("Temu, owned by Chinese e-commerce giant PDD Holdings, topped the Google Play chart in Germany last month.", [F("temu","owned_by",obj="pdd-holdings"), F("temu","chart_rank",1,store="google_play",country="DE")]),
 ("Little Red Book, the app known in China as Xiaohongshu, has about 300 million users.", [F("xiaohongshu","user_count",300e6)]),
 ("Lemon8 ranked No. 6 among free iPhone apps in the US on Tuesday, according to Sensor Tower.", [F("lemon8","chart_rank",6,store="app_store",country="US")]),
 ("Microsoft, which bought LinkedIn for $26.2 billion in 2016, said the network has more than 1 billion members.", [F("linkedin","owned_by",obj="microsoft"), F("linkedin","user_count",1e9)]),
 ("Grok, the chatbot developed by xAI, is not yet available in Europe.", []),
 ("Signal does not publish user figures, but it has been downloaded more than 100 million times on Google Play.", [F("signal","downloads",100e6)]),
 ("Kuaishou, a rival of Douyin, said average daily active users reached 400 million.", [F("kuaishou","daily_active_users",400e6)]),
 ("OpenAI is in talks to buy the browser start-up, people familiar with the matter said.", []),
 ("Threads is expected to overtake X in daily users within months, analysts said.", []),
 ("Roblox, which counts more than 85 million daily users, was the third most downloaded game on the App Store in Brazil.", [F("roblox","daily_active_users",85e6), F("roblox","chart_rank",3,store="app_store",country="BR")]),
 ("Pinterest said monthly active users rose 11% to a record 553 million.", [F("pinterest","monthly_active_users",553e6)]),
 ("The video-sharing app, which ByteDance bought in 2017 and merged with TikTok, was called Musical.ly.", []),
 ("According to data from Appfigures, DeepSeek was downloaded 2.6 million times on Monday and Tuesday.", [F("deepseek","downloads",2.6e6)]),
 ("Snap's Snapchat ranked fourth on the US App Store's free chart on Sunday, behind Temu, Threads and ChatGPT.", [F("snapchat","owned_by",obj="snap"), F("snapchat","chart_rank",4,store="app_store",country="US")]),
 ("Bluesky, which was spun out of Twitter in 2021, now counts more than 20 million users.", [F("bluesky","user_count",20e6)]),
 ("WhatsApp, bought by Facebook for $19 billion in 2014, now serves over 2 billion people.", [F("whatsapp","owned_by",obj="meta")]),
 ("Telegram has 950 million monthly users and hopes to reach 1 billion within a year.", [F("telegram","monthly_active_users",950e6)]),
 ("The top three free apps on Google Play in India were Meesho, Instagram and WhatsApp.", []),
 ("ChatGPT, the chatbot made by OpenAI, now has 400 million weekly users, the company's chief operating officer said.", [F("chatgpt","weekly_active_users",400e6)]),
 ("Douyin, which is only available in China, is operated by ByteDance.", [F("douyin","owned_by",obj="bytedance")]),
]


def test_heldout_precision_recall():
    tp, fp, fn, _, _ = score_sentences(CASES, extract, datetime(2025, 1, 30))
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.85
