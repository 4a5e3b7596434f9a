#!/usr/bin/env python3
"""Throughput and memory benchmark of the extraction engine.

Generates news-like documents (corpus sentence shapes mixed with filler prose) from templates,
streams them one document at a time through `extraction.extract`, and prints:
  * MB/s per core for `extract` (CPU time of this single process, so contention from other
    processes on the machine does not skew it),
  * MB/s of one plain `re` pass (a word regex) over the same text, and the ratio,
  * peak traced memory (tracemalloc) at two corpus sizes, to show it stays flat (streaming).

    PYTHONPATH=. python bench/bench_extract.py [--mb 20] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction import extract, load_registry  # noqa: E402

APPS = ["Threads", "TikTok", "Xiaohongshu", "Lemon8", "CapCut", "Temu", "Shein", "Snapchat", "Bluesky",
        "ChatGPT", "DeepSeek", "Douyin", "Kuaishou", "WeChat", "QQ", "Weibo", "Telegram", "Discord", "Instagram",
        "WhatsApp", "Pinterest", "Reddit", "Gemini", "Perplexity", "Duolingo", "Roblox", "ZapChat", "Moodly"]
COMPANIES = ["Meta", "ByteDance", "PDD Holdings", "Tencent", "Snap Inc.", "OpenAI", "xAI", "Alibaba", "Google",
             "Microsoft", "Sina Corp", "Kuaishou Technology"]
COUNTRIES = ["the US", "the UK", "Brazil", "Japan", "India", "Germany", "China", "Mexico"]
STORES = ["Apple's App Store", "Google Play", "the App Store", "the iPhone charts"]
ORD = ["second", "third", "fourth", "fifth", "seventh", "ninth"]
PERIOD = ["in the third quarter", "in the fourth quarter", "last week", "on Monday", "in November", ""]
BOUND = ["more than ", "about ", "roughly ", "nearly ", "over ", "", "just under "]

FACT_TEMPLATES = [
    "{co} said on {day} that {app} now has {b}{n} million monthly active users, up from {b2}{m} million a year earlier.",
    "{app} averaged {n} million daily active users {period}, an increase of {p}% year over year.",
    "{app}, the {adj} app owned by {co}, was the most downloaded free iPhone app in {cty} this year.",
    "{app} climbed to No. {r} on {store} in {cty}, behind {app2}.",
    "{app} ranked {ord} among free apps on {store} in {cty} {period}.",
    "{co}-owned {app} passed {n} million monthly actives, executives told analysts.",
    "{app}, {co}'s video editor, came {ord}, with {app2} in third place.",
    "{app} has been downloaded more than {n} million times worldwide since its launch in 20{yy}.",
    "{app} could pass {n} million users next year, according to analysts who declined to be named.",
    "{co} held talks to acquire {app} in 20{yy}, but the bid was rejected by regulators.",
    "{app}, formerly known as {app2}, says it has about {n} million daily active users.",
    "Its revenue rose {p}% to ${n} million in the quarter, while operating costs fell {p2}%.",
]
FILLER = [
    "The company did not respond to a request for comment on the matter, and a spokesperson declined to say "
    "when the changes would reach users outside the pilot markets.",
    "Regulators in Washington and Brussels have been scrutinising the sector for months, focusing on how "
    "recommendation systems shape what teenagers see and how long they stay on their phones.",
    "Users have complained about the changes to the recommendation feed since the update, with many saying "
    "that posts from friends and family have been pushed aside in favour of sponsored content.",
    "Analysts said the shift reflects a broader change in how young people discover products online, as "
    "short videos and livestreams replace search engines as the first stop for shopping ideas.",
    "The hearing was adjourned until next month, when both sides are expected to present new evidence about "
    "how data on American users is stored, who can access it and under what conditions.",
    "Shares of the company rose {p}% in early trading on {day} before paring gains, as investors weighed the "
    "outlook for advertising spending against rising costs for data centres and content moderation.",
    "Critics argue that the moderation policies are applied inconsistently across regions, and that appeals "
    "from smaller creators are often ignored for weeks while popular accounts get answers within hours.",
    "The move follows a string of similar announcements by rivals over the past year, as platforms race to "
    "add artificial intelligence features to their apps without alienating advertisers or regulators.",
    "Executives said they remained focused on profitability rather than growth at any cost, pointing to cuts "
    "in marketing budgets and a slower pace of hiring in the second half of the year.",
    "Advertisers have been cautious, citing uncertainty about the regulatory outlook, and several large "
    "brands have paused campaigns until the courts rule on the legality of the proposed restrictions.",
    "In an interview, a spokesperson described the decision as a difficult but necessary one, adding that "
    "the company would continue to talk to officials in an effort to find a workable solution.",
    "Creators on the platform said engagement had dropped sharply after the policy change, and some said they "
    "had started posting the same videos elsewhere to protect their income from sudden swings.",
    "Privacy advocates have long warned that the data collected by such services can reveal sensitive details "
    "about a person's location, health and political views, even when names are removed.",
    "The law gives the government broad powers to restrict applications controlled by foreign adversaries, "
    "although legal experts say its enforcement will likely be tested in court for years.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_sentence(rng: random.Random, fact_share: float = 0.12) -> str:
    if rng.random() < fact_share:
        t = rng.choice(FACT_TEMPLATES)
    else:
        t = rng.choice(FILLER)
    app, app2 = rng.sample(APPS, 2)
    return t.format(co=rng.choice(COMPANIES), app=app, app2=app2, day=rng.choice(DAYS), b=rng.choice(BOUND),
                    b2=rng.choice(BOUND), n=rng.randint(2, 999), m=rng.randint(2, 999), p=rng.randint(1, 40),
                    p2=rng.randint(1, 40), period=rng.choice(PERIOD), adj=rng.choice(["discount", "lifestyle", "social"]),
                    cty=rng.choice(COUNTRIES), store=rng.choice(STORES), r=rng.randint(1, 20), ord=rng.choice(ORD),
                    yy=rng.randint(10, 24))


def iter_documents(total_bytes: int, seed: int = 7, doc_bytes: int = 4000, fact_share: float = 0.12):
    rng = random.Random(seed)
    produced = 0
    while produced < total_bytes:
        paras, size = [], 0
        while size < doc_bytes:
            para = " ".join(make_sentence(rng, fact_share) for _ in range(rng.randint(2, 5)))
            paras.append(para)
            size += len(para) + 2
        doc = "\n\n".join(paras) + "\n"
        produced += len(doc.encode("utf-8"))
        yield doc


WORD_RE = re.compile(r"\w+")


def run(total_mb: float, seed: int, trace: bool, fact_share: float = 0.12) -> dict:
    total = int(total_mb * 1024 * 1024)
    reg = load_registry()
    pub = datetime(2025, 1, 30)
    if trace:
        tracemalloc.start()
    nbytes = nclaims = 0
    t_extract = t_re = 0.0
    nwords = 0
    for doc in iter_documents(total, seed, fact_share=fact_share):
        nbytes += len(doc.encode("utf-8"))
        t0 = time.process_time()
        nclaims += len(extract(doc, published_at=pub, registry=reg))
        t1 = time.process_time()
        nwords += sum(1 for _ in WORD_RE.finditer(doc))
        t2 = time.process_time()
        t_extract += t1 - t0
        t_re += t2 - t1
    peak = None
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    mb = nbytes / 1024 / 1024
    return {"mb": mb, "claims": nclaims, "extract_mb_s": mb / t_extract, "re_mb_s": mb / t_re,
            "ratio": t_extract / t_re, "peak_mb": None if peak is None else peak / 1024 / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size for the speed run (default 20)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=3, help="speed rounds over the corpus (best is reported)")
    ap.add_argument("--fact-share", type=float, default=0.12,
                    help="share of sentences built from fact templates (default 0.12; the rest is filler prose)")
    ap.add_argument("--min-mb-s", type=float, default=None, help="exit 1 when extraction is slower than this")
    a = ap.parse_args()
    # like timeit, report the best of a few rounds (other processes on a shared machine only ever slow a
    # round down), and the median for reference
    rounds = [run(a.mb, a.seed, trace=False, fact_share=a.fact_share) for _ in range(a.rounds)]
    r = max(rounds, key=lambda x: x["extract_mb_s"])
    med = sorted(x["extract_mb_s"] for x in rounds)[len(rounds) // 2]
    print(f"corpus: {r['mb']:.1f} MB, {r['claims']} claims, fact-template share {a.fact_share:.2f}, {a.rounds} rounds")
    print(f"extract: {r['extract_mb_s']:.2f} MB/s per core (best round; median {med:.2f}; single process, CPU time)")
    print(f"plain re word pass: {r['re_mb_s']:.2f} MB/s; extract takes {r['ratio']:.1f}x the time of one re pass")
    small, large = max(1.0, a.mb / 8), max(2.0, a.mb / 4)
    m1 = run(small, a.seed, trace=True, fact_share=a.fact_share)
    m2 = run(large, a.seed, trace=True, fact_share=a.fact_share)
    print(f"peak traced memory: {m1['peak_mb']:.2f} MB at {m1['mb']:.1f} MB of text, "
          f"{m2['peak_mb']:.2f} MB at {m2['mb']:.1f} MB of text (streaming: flat)")
    if a.min_mb_s is not None and r["extract_mb_s"] < a.min_mb_s:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
