"""Held-out corpus 2 (tests/fixtures/corpus/heldout2): 15 articles written in the manner of Reuters, Bloomberg,
The Verge, TechCrunch, SCMP and earnings releases, before the engine's code was read; then golden sentences for
the general shapes the engine learned from it (each a pattern of news English, not a sentence of the corpus).

Baseline before the fixes: precision 0.667 / recall 0.349 on heldout2 (tp 30, fp 15, fn 56); after them
precision 1.0 / recall 0.988. The thresholds below leave room: the corpus guided the fixes, so it is no longer
a clean held-out measure."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from extraction import extract
from extraction.evaluate import evaluate, format_report, predict_dir

HELDOUT2 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "heldout2"


def test_heldout2_precision_recall_grounded():
    report = evaluate(HELDOUT2 / "gold.jsonl", HELDOUT2, predict_dir(HELDOUT2))
    text = format_report(report)
    assert report.precision >= 0.95, text
    assert report.recall >= 0.90, text
    assert report.grounded_ratio == 1.0, text


def facts(text: str) -> set[tuple]:
    out = set()
    for c in extract(text, published_at=datetime(2025, 3, 1)):
        p = c.contract("x")
        q = p["qualifiers"]
        what = p["object"] if p["object"] is not None else p["value"]
        if p["predicate"] == "chart_rank":
            out.add((p["subject"], "chart_rank", what, q.get("store"), q.get("country")))
        else:
            out.add((p["subject"], p["predicate"], what))
    return out


MAU, DAU, WAU, UC, DL = ("monthly_active_users", "daily_active_users", "weekly_active_users", "user_count",
                         "downloads")

POSITIVE = [
    # players / uniques / per-period phrasings
    ("Pokemon Go still counts more than 30 million monthly active players.", ("pokemon-go", MAU, 30e6)),
    ("Honor of Kings has more than 100 million daily active players.", ("honor-of-kings", DAU, 100e6)),
    ("Fortnite has more than 650 million registered players, Epic says.", ("fortnite", UC, 650e6)),
    ("WhatsApp serves more than 3 billion users a month, Zuckerberg told analysts.", ("whatsapp", MAU, 3e9)),
    ("Copilot is used by more than 100 million people monthly.", ("copilot", MAU, 100e6)),
    ("WhatsApp is used by 2.9 billion people, according to Meta.", ("whatsapp", UC, 2.9e9)),
    ("Snapchat now reaches more than 850 million people every month.", ("snapchat", MAU, 850e6)),
    ("Roblox says its daily active users jumped 41 percent year over year to 111.8 million.", ("roblox", DAU, 111.8e6)),
    ("Reddit said that daily active uniques, its measure of users who visit at least once a day, rose 21% to "
     "110.4 million.", ("reddit", DAU, 110.4e6)),
    # a metric noun opening its sentence belongs to the app the text is about
    ("Spotify reported results on Tuesday. Total Monthly Active Users (MAUs) grew 12% Y/Y to 675 million.",
     ("spotify", MAU, 675e6)),
    ("Reddit reported results on Thursday. Weekly active uniques climbed to 416.4 million, the company said.",
     ("reddit", WAU, 416.4e6)),
    # product names built on a registered name
    ("Reddit Answers, its AI search product, now has 6 million weekly users.", ("reddit-answers", WAU, 6e6)),
    # unknown multi-word names, names with "of"
    ("Arena of Valor, the international version of Honor of Kings, is popular in Vietnam.",
     ("arena-of-valor", "version_of", "honor-of-kings")),
    ("Cici, the international edition of Doubao, is gaining users.", ("cici", "version_of", "doubao")),
    # ownership
    ("Paytm, operated by One 97 Communications Ltd., said it had a record quarter.",
     ("paytm", "owned_by", "one-97-communications")),
    ("Shopee, the e-commerce arm of Singapore's Sea Ltd, extended its lead.", ("shopee", "owned_by", "sea")),
    ("Tokopedia has been majority owned by TikTok's parent ByteDance since 2024.",
     ("tokopedia", "owned_by", "bytedance")),
    ("Talks between Grab and GoTo, which owns Indonesian rival Gojek, have stalled.", ("gojek", "owned_by", "goto")),
    ("Walmart, which bought Flipkart in 2018, owns about 85% of PhonePe.", ("phonepe", "owned_by", "walmart")),
    ("Tencent, which also owns a majority stake in Finland's Supercell, reported results.",
     ("supercell", "owned_by", "tencent")),
    ("Minecraft, the game Microsoft acquired in 2014 when it bought block-building studio Mojang, is 16 years old.",
     ("minecraft", "owned_by", "microsoft")),
    ("Honor of Kings, Tencent Holdings' flagship mobile game, is popular.", ("honor-of-kings", "owned_by", "tencent")),
    ("Fortnite, Epic Games' battle royale hit, returned to the App Store.", ("fortnite", "owned_by", "epic-games")),
    ("Threads, the Meta-owned app, now boasts 275 million monthly users.", ("threads", "owned_by", "meta")),
    ("Truth Social, the social network run by Trump Media & Technology Group, is growing.",
     ("truth-social", "owned_by", "trump-media")),
    # aliases
    ("X, which Elon Musk rebranded from Twitter in 2023, rose in the charts.", ("x", "also_known_as", "Twitter")),
    ("Gemini, which was called Bard until Google rebranded it, is growing.", ("gemini", "also_known_as", "Bard")),
    ("Battlegrounds Mobile India, which goes by BGMI among players, is popular.",
     ("battlegrounds-mobile-india", "also_known_as", "BGMI")),
    # ranks
    ("Google's Gemini app dethroned OpenAI's ChatGPT on Friday to become the top free iPhone app in the US.",
     ("gemini", "chart_rank", 1, "app_store", "US")),
    ("Temu was the top free iPhone app in Japan, followed by TikTok Lite and the flea-market app Mercari.",
     ("mercari", "chart_rank", 3, "app_store", "JP")),
    ("Battlegrounds Mobile India, which goes by BGMI, ranked first among games on Google Play in India.",
     ("battlegrounds-mobile-india", "chart_rank", 1, "google_play", "IN")),
    ("Temu slipped to second place on Apple's US free chart, behind ChatGPT.",
     ("temu", "chart_rank", 2, "app_store", "US")),
    ("Mosseri said the app was testing an iPad version, and that Edits, the video-editing app Meta launched last "
     "week, had climbed to No. 2 on the US App Store's free chart.", ("edits", "chart_rank", 2, "app_store", "US")),
    # more verbs and number shapes
    ("Snap's mDAU tallied 453 million in the quarter.", ("snapchat", DAU, 453e6)),
    ("Duolingo's daily active users ended the quarter at 40.5 million.", ("duolingo", DAU, 40.5e6)),
    ("ChatGPT's weekly users doubled from 400 million in February to 800 million by October.",
     ("chatgpt", WAU, 800e6)),
    ("ChatGPT's weekly users doubled from 400 million in February to 800 million by October.",
     ("chatgpt", WAU, 400e6)),
    ("Duolingo ended the quarter with 130.2 million monthly active users.", ("duolingo", MAU, 130.2e6)),
    ("Discord has nearly half a billion registered users.", ("discord", UC, 5e8)),
    ("Free Fire has 100-million-plus daily users.", ("free-fire", DAU, 100e6)),
    ("Zoom is used by 300 million people daily.", ("zoom", DAU, 300e6)),
    ("PhonePe is India's biggest payments app. The Bengaluru-based firm now serves more than 600 million "
     "registered users.", ("phonepe", UC, 600e6)),
    ("Alipay, owned by Alibaba's Ant Group, has more than 1 billion users.", ("alipay", "owned_by", "ant-group")),
    ("Meta launched Vibes inside its Meta AI app, which the company says has more than 1 billion monthly users.",
     ("meta-ai", MAU, 1e9)),
    ("In the US, Temu's rival Shein jumped 12 places to No. 4 on the iPhone free chart.",
     ("shein", "chart_rank", 4, "app_store", "US")),
    ("Monopoly Go! was the top-grossing game on Google Play in the United States, followed by Royal Match and "
     "Candy Crush Saga.", ("royal-match", "chart_rank", 2, "google_play", "US")),
    ("Monopoly Go! was the top-grossing game on Google Play in the United States, followed by Royal Match and "
     "Candy Crush Saga.", ("candy-crush", "chart_rank", 3, "google_play", "US")),
]


@pytest.mark.parametrize("text,fact", POSITIVE)
def test_general_shapes(text, fact):
    assert fact in facts(text)


NEGATIVE = [
    # paid tiers, subsets, non-user counts
    ("Telegram Premium, the paid tier, had more than 12 million subscribers.", None),
    ("Snapchat+, the paid subscription tier, topped 14 million subscribers.", None),
    ("Grab said monthly transacting users rose 14% to 45 million.", None),
    ("Garena said quarterly active users across its titles reached 650 million.", None),
    ("Spotify said Ad-Supported MAUs rose 11% to 425 million.", ("ad-supported-maus", MAU, 425e6)),
    ("Meta's ads reach more than 3 billion people every month, the company said.", None),
    ("Grow a Garden drew more than 21 million concurrent players.", None),
    ("Snap said that daily active users rose 9% to 453 million.", ("snap", DAU, 453e6)),
    ("Pinterest reported revenue of $1.15 billion. Monthly active users are expected to reach 600 million.", None),
    # stakes, chief executives, deals
    ("Tencent owns a 29% stake in Snap.", None),
    ("Epic, in which Tencent holds a roughly 40 percent stake, says Fortnite is growing.",
     ("epic-games", "owned_by", "tencent")),
    ("Discord, which is run by Jason Citron, is growing.", None),
    ("Niantic has agreed to sell Pokemon Go to Scopely for $3.5 billion.", ("pokemon-go", "owned_by", "scopely")),
    ("Microsoft walked away from talks to buy TikTok's US operations in 2020.", ("tiktok", "owned_by", "microsoft")),
    ("Moonshot AI, which is backed by Alibaba Group Holding, was valued at $3.3 billion.",
     ("moonshot-ai", "owned_by", "alibaba")),
    ("Latin America reached 100 million users, up 20%.", None),
    ("North America counts 100 million monthly active users.", None),
    ("Google's search engine is used by 4 billion people.", None),
    ("OpenAI's chatbot has 400 million weekly users.", ("openai", WAU, 400e6)),
    ("Bumble reported results. Daily active users rose 5% to 20 million at its rival Hinge.",
     ("bumble", DAU, 20e6)),
    ("Shares of Spotify rose 5% on Tuesday. Monthly active users are expected to reach 700 million.", None),
    ("The campaign reached 50 million people on Facebook.", None),
    ("Meta launched Vibes inside its Meta AI app, which the company says has more than 1 billion monthly users.",
     ("meta", MAU, 1e9)),
    ("Netflix said its games had been downloaded 100 million times.", None),
    ("Roblox, which was the most downloaded game in 2020, has since slipped out of the top 10.", None),
    ("Goldman Sachs reached a settlement over 10 million accounts.", None),
    # historic ranks
    ("TikTok Lite was once the No. 1 app in Japan in 2022 before regulators criticised it.", None),
]


@pytest.mark.parametrize("text,fact", NEGATIVE)
def test_general_traps(text, fact):
    got = facts(text)
    if fact is None:
        assert got == set(), got
    else:
        assert fact not in got, got
