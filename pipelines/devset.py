"""`appfacts devset …`: keep the real-text development set (seeds/realnews/) and its text cache.

    appfacts devset add ID --url URL --query Q --text-file F   # refuses held-out pages and copies
    appfacts devset check [--fix]      # cache vs sha256s, spans slice their text, ids and vocabulary
    appfacts devset missing            # id, url, query of every text the cache lacks (re-pull them)
    appfacts devset store ID --text-file F   # put a re-pulled text in the cache (sha256 checked)
    appfacts devset score [--split tune|test|all] [--all]   # P/R per split + reliability table
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from extraction import devset as ds

ROOT = Path(__file__).resolve().parent.parent
META_DIR = ROOT / "seeds" / "realnews" / "docs"


def cache_dir() -> Path:
    return Path(os.environ.get("APPFACTS_REALNEWS_CACHE", ROOT / ".cache" / "realnews"))


def shared_dir() -> Path:
    return Path(os.environ.get("APPFACTS_SHARED", ROOT.parent / "shared"))


def heldout_refusal(text_file: Path, url: str) -> str | None:
    """The external test's own check (shared/tools/heldout_check.py): a reason to refuse, or None."""
    tool = shared_dir() / "tools" / "heldout_check.py"
    if not tool.exists():
        raise RuntimeError(f"{tool} not found: set APPFACTS_SHARED to the shared folder; "
                           "no page enters the set unchecked")
    res = subprocess.run([sys.executable, str(tool), str(text_file), "--url", url],
                         capture_output=True, text=True)
    return (res.stdout + res.stderr).strip() or "held out" if res.returncode else None


def _copy_of(text: str, others: list[ds.Excerpt]) -> str | None:
    """A page that repeats one already in the set (syndication) would count twice: refuse it."""
    mine = ds.shingles(text)
    if not mine:
        return None
    for ex in others:
        path = cache_dir() / ex.name
        if path.exists():
            shared = len(mine & ds.shingles(path.read_text(encoding="utf-8")))
            if shared >= 0.3 * len(mine):
                return f"shares {shared} of {len(mine)} 8-word shingles with {ex.id} ({ex.url})"
    return None


def cmd_add(args) -> int:
    if not ds.ID_RE.match(args.id):
        raise RuntimeError(f"id {args.id!r}: use lowercase letters, digits and hyphens")
    meta = META_DIR / f"{args.id}.json"
    if meta.exists():
        raise RuntimeError(f"{meta} exists")
    src = Path(args.text_file)
    text = src.read_text(encoding="utf-8")
    reason = heldout_refusal(src, args.url)
    if reason:
        print(f"refused: {reason}", file=sys.stderr)
        return 3
    others = ds.load_all(META_DIR)
    if any(o.url == args.url for o in others):
        print(f"refused: {args.url} is already in the set", file=sys.stderr)
        return 3
    dup = _copy_of(text, others)
    if dup:
        print(f"refused: {dup}", file=sys.stderr)
        return 3
    cache_dir().mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, cache_dir() / f"{args.id}.txt")
    ex = ds.Excerpt(id=args.id, url=args.url, query=args.query, sha256=ds.sha256_text(text),
                    split=ds.split_of(args.id), topic=args.topic or "")
    META_DIR.mkdir(parents=True, exist_ok=True)
    ds.save(meta, ex)
    print(f"added {args.id} ({len(text)} chars, split {ex.split}): {meta.relative_to(ROOT)}")
    return 0


def _text_of(ex: ds.Excerpt) -> str | None:
    path = cache_dir() / ex.name
    return path.read_text(encoding="utf-8") if path.exists() else None


def cmd_check(args) -> int:
    problems, missing, n_facts = [], 0, 0
    for ex in ds.load_all(META_DIR):
        text = _text_of(ex)
        if text is None:
            missing += 1
        elif ds.sha256_text(text) != ex.sha256:
            problems.append(f"{ex.id}: cached text does not match its sha256 (re-pull it)")
            text = None
        if ex.split not in ds.SPLITS:
            problems.append(f"{ex.id}: split {ex.split!r}")
        changed = False
        for i, f in enumerate(ex.facts):
            n_facts += 1
            if args.fix and text is not None and (f.get("evidence_span") is None or "occurrence" in f):
                err = ds.fill_span(f, text)
                changed |= err is None
                if err:
                    problems.append(f"{ex.id} fact {i}: {err}")
            problems += [f"{ex.id} fact {i} ({f.get('subject')} {f.get('predicate')}): {p}"
                         for p in ds.fact_problems(f, text)]
        if changed:
            ds.save(META_DIR / f"{ex.id}.json", ex)
    n = len(ds.load_all(META_DIR))
    print("\n".join(problems) if problems else "", end="\n" if problems else "")
    print(f"{n} excerpts, {n_facts} gold facts, {missing} texts missing from {cache_dir()}, "
          f"{len(problems)} problems")
    return 1 if problems else 0


def cmd_missing(args) -> int:
    for ex in ds.load_all(META_DIR):
        text = _text_of(ex)
        if text is None or ds.sha256_text(text) != ex.sha256:
            print(json.dumps({"id": ex.id, "url": ex.url, "query": ex.query}, ensure_ascii=False))
    return 0


def cmd_store(args) -> int:
    ex = ds.load(META_DIR / f"{args.id}.json")
    text = Path(args.text_file).read_text(encoding="utf-8")
    if ds.sha256_text(text) != ex.sha256:
        raise RuntimeError(f"{args.text_file}: sha256 differs from {ex.id}'s; not stored")
    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / ex.name).write_text(text, encoding="utf-8")
    print(f"stored {ex.id}")
    return 0


def cmd_score(args) -> int:
    from extraction import evaluate as ev
    excerpts = [ex for ex in ds.load_all(META_DIR) if args.split in ("all", ex.split)]
    cache_dir().mkdir(parents=True, exist_ok=True)
    if not any((cache_dir() / ex.name).exists() for ex in excerpts):
        raise RuntimeError(f"none of the {len(excerpts)} texts is in {cache_dir()}: re-pull them first "
                           "(`appfacts devset missing` lists id, url and query; see seeds/realnews/README.md)")
    result = ds.score_excerpts(excerpts, cache_dir(), all_candidates=args.all, threshold=args.threshold)
    if args.json:
        print(json.dumps(result["summary"]))
        return 0
    if args.verbose:
        print(ev.format_report(result["report"]))
    print(f"split {args.split}: {result['scored']} excerpts scored, {result['missing']} texts missing")
    print(json.dumps(result["summary"]))
    print(f"{'confidence':<12} {'claims':>6} {'correct':>7} {'share':>6}")
    for r in result["reliability"]:
        share = "-" if r["share_correct"] is None else f"{r['share_correct']:.3f}"
        print(f"{r['bucket']:<12} {r['claims']:>6} {r['correct']:>7} {share:>6}")
    return 0


FIXTURES = ROOT / "tests" / "fixtures"
WRITTEN_CORPORA = (FIXTURES / "corpus" / "dev", FIXTURES / "corpus" / "heldout2", FIXTURES / "seed")


def cmd_train(args) -> int:
    import extraction
    from extraction import confidence

    tune = [ex for ex in ds.load_all(META_DIR) if ex.split == "tune"]
    docs = ds.excerpt_docs(tune, cache_dir())
    if args.with_written:
        for d in WRITTEN_CORPORA:
            docs += ds.corpus_docs(d / "gold.jsonl", d)
    rows = ds.training_rows(docs)
    weights = confidence.train(rows, l2=args.l2)
    # the confidence scale: the policy threshold marks where real text (the tune split) reaches the target
    real = ds.training_rows(ds.excerpt_docs(tune, cache_dir()))
    knots = confidence.fit_knots([(confidence.probability(f, weights), y) for f, y in real],
                                 extraction.CONFIDENCE_THRESHOLD, args.target)
    model = {"trained_on": {"documents": len(docs), "candidates": len(rows),
                            "right": sum(y for _, y in rows), "tune_excerpts": len(tune),
                            "written_corpora": bool(args.with_written)},
             "l2": args.l2, "target_precision_at_threshold": args.target, "knots": knots, "weights": weights}
    confidence.MODEL_PATH.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    confidence.load_model.cache_clear()
    print(f"trained on {len(rows)} candidates of {len(docs)} documents ({model['trained_on']['right']} right): "
          f"{confidence.MODEL_PATH.relative_to(ROOT)}")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("devset", help="the real-text development set (seeds/realnews, .cache/realnews)")
    dsub = p.add_subparsers(dest="devset_command", required=True)
    q = dsub.add_parser("add", help="add an excerpt (refuses held-out pages and copies of set pages)")
    q.add_argument("id")
    q.add_argument("--url", required=True)
    q.add_argument("--query", required=True, help="the search query that finds the page")
    q.add_argument("--text-file", required=True)
    q.add_argument("--topic")
    q.set_defaults(fn=cmd_add)
    q = dsub.add_parser("check", help="cache against sha256s; every gold span slices its text")
    q.add_argument("--fix", action="store_true", help="fill missing evidence_span from evidence_text")
    q.set_defaults(fn=cmd_check)
    q = dsub.add_parser("missing", help="texts to re-pull through the search tool (id, url, query)")
    q.set_defaults(fn=cmd_missing)
    q = dsub.add_parser("store", help="store a re-pulled text in the cache (sha256 checked)")
    q.add_argument("id")
    q.add_argument("--text-file", required=True)
    q.set_defaults(fn=cmd_store)
    q = dsub.add_parser("score", help="score the extractor on a split, with a reliability table")
    q.add_argument("--split", choices=["tune", "test", "all"], default="tune")
    q.add_argument("--all", action="store_true", help="score every candidate, not only facts-bound claims")
    q.add_argument("--threshold", type=float, default=None)
    q.add_argument("--json", action="store_true")
    q.add_argument("-v", "--verbose", action="store_true", help="list misses and extras per excerpt")
    q.set_defaults(fn=cmd_score)
    q = dsub.add_parser("train", help="fit the confidence model on the tune split (never on the test split)")
    q.add_argument("--l2", type=float, default=1.0)
    q.add_argument("--target", type=float, default=0.85,
                   help="precision the tune split must reach at the policy threshold")
    q.add_argument("--with-written", action=argparse.BooleanOptionalAction, default=True,
                   help="also train on the written-for-us corpora (dev, heldout2, seed)")
    q.set_defaults(fn=cmd_train)
