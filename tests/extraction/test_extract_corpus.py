"""The dev corpus and the seed article, scored with the rules of shared/tools/score_facts.py."""
from __future__ import annotations

import ast
from pathlib import Path

from extraction import EXTRACTOR_VERSION, Claim, Registry, extract, iter_sentences, load_registry
from extraction.evaluate import evaluate, format_report, predict_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEV = FIXTURES / "corpus" / "dev"
SEED = FIXTURES / "seed"
PACKAGE = Path(__file__).resolve().parent.parent.parent / "extraction"


def test_dev_corpus_precision_recall_grounded():
    report = evaluate(DEV / "gold.jsonl", DEV, predict_dir(DEV))
    text = format_report(report)
    assert report.precision >= 0.95, text
    assert report.recall >= 0.90, text
    assert report.grounded_ratio == 1.0, text


def test_seed_article_is_exact():
    report = evaluate(SEED / "gold.jsonl", SEED, predict_dir(SEED))
    text = format_report(report)
    assert report.precision == 1.0, text
    assert report.recall == 1.0, text
    assert report.grounded_ratio == 1.0, text


def test_public_api():
    assert EXTRACTOR_VERSION.startswith("extractor-")
    reg = load_registry()
    assert isinstance(reg, Registry) and reg.resolve("RedNote") == ("xiaohongshu", True)
    assert reg.resolve("Sina Weibo") == ("weibo", True)
    assert reg.resolve("Twitter") == ("x", True)
    assert reg.resolve("Some New App") == ("some-new-app", False)
    text = "Threads has 300 million users. It is growing."
    assert [text[s:e] for s, e in iter_sentences(text)] == ["Threads has 300 million users.", "It is growing."]
    claims = extract(text)
    assert claims and all(isinstance(c, Claim) for c in claims)
    assert all(0.0 <= c.confidence <= 1.0 for c in claims)


def test_registry_ids_are_slugs_and_unique():
    reg = load_registry()
    for eid, ent in reg.entities.items():
        assert eid == eid.lower() and " " not in eid and ent.kind in ("app", "company", "person", "platform", "store", "source")
    for gid in ("pdd-holdings", "bluesky-social-pbc", "elon-musk", "snap", "sina", "meta", "openai", "wechat"):
        assert gid in reg.entities


def test_unknown_subjects_are_kept_unresolved():
    claims = extract("FooChat, a new messaging app, has 12 million users, the company said.")
    assert [(c.subject_id, c.subject_resolved, c.value) for c in claims] == [("foochat", False, 12e6)]


def test_no_dagster_or_duckdb_in_extraction():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for n in names:
                assert n.split(".")[0] not in ("dagster", "duckdb"), f"{path.name} imports {n}"
