"""Precision traps written as a held-out check: money, growth, rates, views, layoffs, investments, hedges,
past ranks and negated deals yield no claim at all."""
from __future__ import annotations

from datetime import datetime

import pytest

from extraction import extract

TRAPS = [
 "Amazon is said to have 35 million daily visitors on its store.",
 "The company laid off 1,000 employees last year.",
 "Meta spent $40 billion on data centres, and its Reality Labs unit lost 5 billion.",
 "About 2 million people attended the concert, which was streamed on YouTube.",
 "TikTok creators earned a combined 1 billion in payouts.",
 "More than 100 million videos are uploaded to TikTok every day.",
 "Instagram Reels are watched 200 billion times a day.",
 "X lost 1 million users after the election, according to Similarweb.",
 "Threads users posted 500 million times in the first month.",
 "The fine of 1.2 billion euros was imposed on Meta by Irish regulators.",
 "WhatsApp's 2 billion-user milestone was celebrated in 2020.",
 "Around 150 million Americans use TikTok, the company has claimed, though the figure cannot be verified.",
 "Netflix added 19 million subscribers in the fourth quarter to reach 302 million.",
 "If TikTok is banned, Lemon8 could climb to the top of the App Store.",
 "ChatGPT was once the No. 1 app in the US, before DeepSeek displaced it.",
 "Google did not buy Character.AI, but it licensed the start-up's technology.",
 "ByteDance was reportedly weighing a sale of CapCut.",
 "Amazon is an investor in Anthropic, the maker of Claude.",
 "Reddit's top executives said 2 million communities exist on the site.",
 "Telegram's founder, Pavel Durov, owns 100% of the company.",
 "Apple's App Store had 1.9 million apps available in 2024.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_no_claim(text):
    assert extract(text, published_at=datetime(2025, 1, 30)) == []
