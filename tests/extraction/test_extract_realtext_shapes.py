"""Golden sentences for the shapes real news pages use (rules added from the real-text development set).
Each positive has a negative twin; sentences are written for the project, not copied from the pages."""
import pytest

from extraction import extract


def facts(text: str) -> set[tuple]:
    out = set()
    for c in extract(text, calibrate=False):
        assert text[c.evidence_start:c.evidence_end] == c.evidence_text
        what = c.object_id if c.object_id is not None else int(c.value)
        out.add((c.subject_id, c.predicate, what) + ((c.store, c.country) if c.predicate == "chart_rank" else ()))
    return out


POSITIVE = [
    # ownership: makers, "the company behind", possessives with free adjectives, owner descriptors, as_owner
    ("Epic Games, the maker of Fortnite, sued Apple.", ("fortnite", "owned_by", "epic-games")),
    ("Kakao Corp., the company behind KakaoTalk, said so.", ("kakaotalk", "owned_by", "kakao")),
    ("Microsoft’s AI-powered Copilot was installed 2.1 million times.", ("copilot", "owned_by", "microsoft")),
    ("Elon Musk’s X said it had 600 million monthly users.", ("x", "owned_by", "elon-musk")),
    ("WhatsApp, owned by Facebook, grew again.", ("whatsapp", "owned_by", "meta")),
    ("The Facebook-owned instant messaging app WhatsApp grew.", ("whatsapp", "owned_by", "meta")),
    ("WeChat is the super app owned by China internet behemoth Tencent.", ("wechat", "owned_by", "tencent")),
    ("Reliance Industries-owned JioMusic grew.", ("jiomusic", "owned_by", "reliance")),
    ("Nintendo’s Mario Kart Tour topped the chart.", ("mario-kart-tour", "owned_by", "nintendo")),
    ("It is a wholly owned subsidiary of X Holdings, also owned by Mr Musk.", ("x", "owned_by", "elon-musk")),
    # metrics
    ("LINE users exceeded 20 million.", ("line", "user_count", 20_000_000)),
    ("Douyin's daily active users exceeded 400 million.", ("douyin", "daily_active_users", 400_000_000)),
    ("CapCut has racked up 1 billion downloads.", ("capcut", "downloads", 1_000_000_000)),
    ("Zalo currently has more than 70 million regular users.", ("zalo", "user_count", 70_000_000)),
    ("Aarogya Setu now has 10 crore downloads.", ("aarogya-setu", "downloads", 100_000_000)),
    ("Feishu grew fast. The app, eBay, has been downloaded 852.1 million times.", ("ebay", "downloads", 852_100_000)),
    # ranks
    ("Instagram and WhatsApp came in at No. 6 and 7 respectively on the US App Store.",
     ("whatsapp", "chart_rank", 7, "app_store", "US")),
    ("Roblox tops the chart on the US App Store. Clash of Clans ranks a distant second on the chart.",
     ("clash-of-clans", "chart_rank", 2, "app_store", "US")),
    ("Signal hit the top of both Apple and Google app stores.", ("signal", "chart_rank", 1, "google_play", None)),
    ("WhatsApp Business is the top free Play Store app in Morocco and the number 2 app in Ghana.",
     ("whatsapp-business", "chart_rank", 2, "google_play", "GH")),
    ("TikTok lagged behind at number six on the App Store.", ("tiktok", "chart_rank", 6, "app_store", None)),
    ("Temu has once again emerged as the most downloaded free app in the U.S.", ("temu", "chart_rank", 1, None, "US")),
]

NEGATIVE = [
    # a possessive that does not own, a rival, a modifier, a title, a place, a domain
    ("Google's rival ChatGPT grew.", ("chatgpt", "owned_by", "google")),
    ("ByteDance’s Instagram-like Lemon8 app grew fast.", ("instagram", "owned_by", "bytedance")),
    ("The news was shared by OpenAI's COO Brad Lightcap.", None),
    ("Kakao's Pangyo headquarters was closed.", None),
    ("There is no evidence that Google has bought the Perplexity.in domain.", None),
    ("Games developed by South Korean studios topped the charts.", None),
    # ranks that are not held ranks
    ("TikTok has been among the most downloaded apps in the region.", None),
    ("TikTok and Instagram are constantly vying for the top spot.", None),
    ("BeReal was in the top 3 in France and the United Kingdom.", None),
    ("Instagram and WhatsApp came in at No. 6 and 7 respectively, the report said, respectively.", None),
    # rates and audiences are not user bases
    ("Temu's average daily installs rose to 185,000.", None),
    ("Perplexity gets instant reach to over 330 million users.", None),
    ("Feishu grew fast. The app, eBay, has been downloaded 852.1 million times.", ("feishu", "downloads", 852_100_000)),
    # a company does not get downloaded when its app is named
    ("Facebook, under the renamed Meta Platforms, reported 23 million downloads.", ("meta", "downloads", 23_000_000)),
    # headline capitals are not names
    ("Pinterest Hits 600 Million Users, Beats Revenue Estimates", ("pinterest-hits", "user_count", 600_000_000)),
]


@pytest.mark.parametrize("text,fact", POSITIVE)
def test_real_text_shapes_are_read(text, fact):
    assert fact in facts(text), facts(text)


@pytest.mark.parametrize("text,fact", NEGATIVE)
def test_negative_twins_are_not(text, fact):
    got = facts(text)
    if fact is None:
        assert not got, got
    else:
        assert fact not in got, got
