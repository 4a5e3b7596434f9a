"""A seeded generator of news-like documents for the scale benchmark and the crash drills.

Every document (3-8 KB) has YAML front matter (title, published_at), a few sentences the
extractor turns into claims — user metrics in many number formats, chart ranks, ownership,
versions and aliases, about apps and companies of seeds/entities.csv — and filler paragraphs of
ordinary news prose. Same seed, same documents, byte for byte.
"""
from __future__ import annotations

import csv
import hashlib
import random
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ENTITIES = PROJECT / "seeds" / "entities.csv"

MILLIONS = ["{m} million", "{m}m", "about {m} million", "more than {m} million", "nearly {m} million",
            "roughly {m},000,000", "{m}.{d} million"]
BILLIONS = ["{b}bn", "{b} billion", "over {b} billion", "about {b} billion"]
# (sentence, share of the app's monthly users): each app has a stable size, stated within
# +-20%, so no figure is 10x away from the last and DAU < WAU < MAU (validation outcomes do not
# depend on which documents a run happens to see together)
METRICS = [("{app} has {n} monthly active users, the company said.", 1.0),
           ("{app} now has {n} daily active users.", 0.4),
           ("{app} reached {n} weekly active users in {month}.", 0.7),
           ("{app} has been downloaded {n} times.", 3.0),
           ("{app} said it has {n} users worldwide.", 1.0)]
RANKS = ["{app} ranked No. {r} on the App Store in the US.",
         "{app} was the No. {r} free app on Google Play in {country}.",
         "{app} climbed to the top spot on the iOS App Store in {country}."]
RELATIONS = ["{app}, owned by {company}, expanded into new markets.",
             "{company}-owned {app} announced new features this week.",
             "{app} is the international version of {other}.",
             "{app}, also known as {alias}, gained users this month."]
FILLER = ["Analysts said the market for mobile apps remained crowded, with users splitting their "
          "time between messaging, video and shopping.",
          "The company did not respond to a request for comment on its plans for the coming year.",
          "Regulators in several countries have questioned how the largest platforms handle data, "
          "advertising and the safety of younger users.",
          "Executives told investors on a call that spending on infrastructure would rise, and "
          "that new features would reach more markets over the next quarters.",
          "Competition for advertising budgets has intensified as brands shift money toward "
          "short video and creator partnerships.",
          "Industry observers noted that growth in mature markets has slowed, while emerging "
          "markets continue to add new users at a fast pace."]
COUNTRIES = ["the US", "Japan", "Brazil", "India", "Germany", "the UK", "France", "Canada"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September"]


def load_entities() -> tuple[list[dict], list[dict]]:
    with ENTITIES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if r["kind"] == "app"], [r for r in rows if r["kind"] == "company"]


def app_size_millions(app: dict) -> int:
    """The app's stable monthly users in millions (5 to 900), from its id."""
    return 5 + int(hashlib.sha256(app["id"].encode()).hexdigest(), 16) % 896


def _number(rng: random.Random, millions: float) -> str:
    if millions >= 1500:
        return rng.choice(BILLIONS).format(b=round(millions / 1000, 1))
    return rng.choice(MILLIONS).format(m=max(2, int(millions)), d=rng.randint(1, 9))


def _claim_sentence(rng: random.Random, apps: list[dict], companies: list[dict]) -> str:
    app = rng.choice(apps)
    kind = rng.random()
    if kind < 0.5:
        sentence, share = rng.choice(METRICS)
        size = app_size_millions(app) * share * rng.uniform(0.9, 1.1)
        return sentence.format(app=app["name"], n=_number(rng, size), month=rng.choice(MONTHS))
    if kind < 0.75:
        return rng.choice(RANKS).format(app=app["name"], r=rng.randint(1, 50), country=rng.choice(COUNTRIES))
    aliases = [a for a in app["aliases"].split("|") if a]
    return rng.choice(RELATIONS).format(app=app["name"], company=rng.choice(companies)["name"],
                                        other=rng.choice(apps)["name"],
                                        alias=rng.choice(aliases) if aliases else app["name"] + " Lite")


def document(i: int, seed: int = 7, entities=None) -> tuple[str, str]:
    """(file name, text) of document number `i` of the corpus with this seed."""
    rng = random.Random(seed * 1_000_003 + i)
    apps, companies = entities or load_entities()
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 500))
    size = rng.randint(3300, 8000)
    paras = [f"Report {i}: " + " ".join(_claim_sentence(rng, apps, companies) for _ in range(3))]
    length = len(paras[0])
    while length < size - 150:
        if rng.random() < 0.3:
            para = " ".join(_claim_sentence(rng, apps, companies) for _ in range(rng.randint(1, 3)))
        else:
            para = " ".join(rng.sample(FILLER, 3))
        paras.append(para)
        length += len(para) + 2
    title = f"App market update {i}"
    text = f"---\ntitle: {title}\npublished_at: {day.isoformat()}\n---\n" + "\n\n".join(paras) + "\n"
    return f"doc{i:07d}.md", text


def write_corpus(folder: Path, start: int, count: int, seed: int = 7, shard: int = 1000) -> list[Path]:
    """Write documents start..start+count-1 into `folder` (in sub-folders of `shard` files)."""
    entities = load_entities()
    out = []
    for i in range(start, start + count):
        name, text = document(i, seed, entities)
        path = Path(folder) / f"shard{i // shard:04d}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
