"""`appfacts` — the command line.

  appfacts run                       materialize every asset in-process, print the current facts
  appfacts extract FILE... [--format jsonl|table]
  appfacts evaluate GOLD.jsonl --docs DIR
  appfacts facts [--as-of DATE] [--known-at TS] [--subject ID]
  appfacts history SUBJECT
  appfacts sql "QUERY"               read-only
  appfacts verify                    exit 1 and name the first bad event/batch if anything was altered
  appfacts compact                   re-order claim_events by subject (same rows) for fast lookups
  appfacts retract CLAIM_ID --reason TEXT [--actor NAME]
  appfacts assert SUBJECT PREDICATE VALUE|OBJECT --doc DOC --evidence TEXT --reason TEXT
  appfacts release CLAIM_ID --reason TEXT [--actor NAME]
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import sys
from datetime import date, datetime, timezone
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


# --- formatting --------------------------------------------------------------------------------

def _fmt_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer():
            v = int(v)
        else:
            return f"{v:,.4g}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, datetime):
        return v.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    return str(v)


def render_table(rows: list[dict], cols: list[str], widths: dict[str, int] | None = None) -> str:
    widths = widths or {}
    cells = [[_fmt_value(r.get(c)) for c in cols] for r in rows]
    out_w = []
    for i, c in enumerate(cols):
        w = max([len(c)] + [len(row[i]) for row in cells])
        out_w.append(min(w, widths.get(c, 60)))

    def clip(s: str, w: int) -> str:
        s = s.replace("\n", " ")
        return s if len(s) <= w else s[: w - 1] + "…"

    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, out_w)),
             "  ".join("-" * w for w in out_w)]
    lines += ["  ".join(clip(v, w).ljust(w) for v, w in zip(row, out_w)) for row in cells]
    return "\n".join(lines)


def facts_rows_for_display(facts: list[dict]) -> list[dict]:
    out = []
    for f in facts:
        quals = ", ".join(f"{k}={f[k]}" for k in ("store", "country", "chart", "region", "bound") if f.get(k))
        unresolved = f.get("subject_resolved") is False or f.get("object_resolved") is False
        flags = ("CONFLICT " if f.get("conflict") else "") + ("UNKNOWN-ENTITY " if unresolved else "") \
            + (f"{f['n_claims']} claims" if f.get("n_claims", 1) > 1 else "")
        out.append({
            "subject": f["subject_id"], "predicate": f["predicate"], "flags": flags.strip(),
            "value/object": f["object_id"] if f.get("object_id") is not None else f.get("value"),
            "qualifiers": quals, "valid_at": f.get("valid_at"),
            "source": Path(f.get("source_path") or "").name or f.get("doc_id", "")[:12],
            "evidence": f.get("evidence_text"),
        })
    return out


FACT_COLS = ["subject", "predicate", "value/object", "qualifiers", "valid_at", "flags", "source", "evidence"]


def print_facts(facts: list[dict], out=None) -> None:
    out = out or sys.stdout
    print(render_table(facts_rows_for_display(facts), FACT_COLS,
                       {"evidence": 90, "source": 28, "qualifiers": 48}), file=out)
    print(f"({len(facts)} facts)", file=out)


class UsageError(Exception):
    """A user mistake: printed as one line, exit 1."""


def resolve_subject(name: str) -> str:
    """Canonical id for a name or alias in seeds/entities.csv ("RedNote" -> "xiaohongshu")."""
    import extraction

    return extraction.load_registry().resolve(name)[0]


def claim_ref(con, ref: str) -> str:
    """The full claim_id for an id or a unique prefix of one (at least 6 characters)."""
    if len(ref) < 6:
        raise UsageError(f"claim id {ref!r} is too short: give at least 6 characters")
    rows = con.execute("SELECT DISTINCT claim_id FROM claim_events WHERE starts_with(claim_id, ?) LIMIT 2",
                       [ref]).fetchall()
    if not rows:
        raise UsageError(f"no claim with id {ref!r} (see `appfacts history SUBJECT` for ids)")
    if len(rows) > 1:
        raise UsageError(f"claim id {ref!r} is ambiguous: give more characters")
    return rows[0][0]


# --- commands ----------------------------------------------------------------------------------

def _ensure_dagster_home() -> Path:
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_DIR / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and (PROJECT_DIR / "dagster.yaml").exists():
        shutil.copy(PROJECT_DIR / "dagster.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def cmd_run(args) -> int:
    _ensure_dagster_home()
    import dagster as dg

    from assets.resources import WarehouseResource
    from pipelines.definitions import defs, today_key
    from pipelines.recovery import fail_dead_runs, run_identity_tags
    from warehouse import operations as ops
    from warehouse import store

    inbox = WarehouseResource().inbox_path()
    if not inbox.is_dir():
        raise UsageError(f"inbox {inbox} is not a folder (set APPFACTS_INBOX to a folder of .txt/.md files)")
    counts_sql = "SELECT (SELECT count(*) FROM document_events) + (SELECT count(*) FROM claim_events) " \
                 "+ (SELECT count(*) FROM validation_events) + (SELECT count(*) FROM fact_snapshots)"
    with store.session(timeout_s=60) as con:
        problems = store.verify(con)
        if problems:
            raise UsageError(f"the warehouse failed verification ({problems[0]}); nothing was run. "
                             "Restore it from a copy, or inspect with `appfacts verify`.")
        before = con.execute(counts_sql).fetchall()[0][0]
    with dg.DagsterInstance.get() as instance:
        # a run killed earlier (kill -9, OOM, reboot) would hold the warehouse pool forever
        fail_dead_runs(instance, log=lambda line: print(f"appfacts run: {line}", file=sys.stderr))
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=instance, partition_key=args.date or today_key(), raise_on_error=False,
            tags={"appfacts/warehouse": str(store.resolve_path())[:200], **run_identity_tags()},
            run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}})
    with store.session(timeout_s=60) as con:
        after = con.execute(counts_sql).fetchall()[0][0]
        facts = ops.current_facts(con)
        notes = ops.fetch_dicts(con, "SELECT event_type, source_path, reason FROM document_events "
                                     "WHERE event_type <> 'document_ingested' AND run_id = ? ORDER BY seq",
                                [result.run_id])
        quarantined = ops.fetch_dicts(con, "SELECT claim_id, failed, evidence_text FROM quarantine")
    print_facts(facts)
    for r in notes:
        word = "rejected" if r["event_type"] == "document_rejected" else "duplicate"
        print(f"{word} {r['source_path']}: {r['reason']}", file=sys.stderr)
    for q in quarantined:
        print(f"quarantined claim {q['claim_id']}: failed {q['failed']}: {q['evidence_text'][:80]}",
              file=sys.stderr)
    print(f"warehouse: {store.resolve_path()}  events appended this run: {after - before}  "
          f"quarantined claims: {len(quarantined)}  run: {result.run_id}")
    if not result.success:
        for ev in result.all_events:
            if ev.is_step_failure:
                err = ev.event_specific_data.error
                cause = err.cause or err
                print(f"step {ev.step_key} failed: {cause.message.strip().splitlines()[-1]}", file=sys.stderr)
            elif ev.event_type_value == "ASSET_CHECK_EVALUATION" and not ev.asset_check_evaluation_data.passed:
                print(f"check {ev.asset_check_evaluation_data.check_name} failed: see the Dagster UI "
                      f"(make ui) for its metadata", file=sys.stderr)
        return 1
    rejected = [r for r in notes if r["event_type"] == "document_rejected"]
    return 2 if (args.strict and rejected) else 0


def cmd_extract(args) -> int:
    import extraction
    from extraction.documents import DocumentRejected, read_document

    status = 0
    for name in args.files:
        path = Path(name)
        try:
            doc = read_document(path)
        except DocumentRejected as exc:
            print(f"appfacts extract: {path}: rejected: {exc.reason}", file=sys.stderr)
            status = 2 if args.strict else 0
            continue
        claims = extraction.extract(doc.body, published_at=doc.published_at)
        if args.format == "jsonl":
            for c in claims:
                sys.stdout.write(json.dumps(c.contract(path.name), ensure_ascii=False) + "\n")
        else:
            rows = [c.contract(path.name) for c in claims]
            for r in rows:
                r["value/object"] = r["object"] if r["object"] is not None else r["value"]
                r["qualifiers"] = ", ".join(f"{k}={v}" for k, v in r["qualifiers"].items() if v)
                r["evidence"] = r["evidence"]["text"]
            print(render_table(rows, ["doc", "subject", "predicate", "value/object", "qualifiers", "evidence"],
                               {"evidence": 90}))
    return status


def cmd_evaluate(args) -> int:
    import extraction
    from extraction import evaluate as ev
    from extraction.documents import DocumentRejected, read_document

    docs = Path(args.docs)
    predictions: dict[str, list[dict]] = {}
    for path in sorted(p for p in docs.iterdir() if p.suffix in (".md", ".txt", ".markdown")):
        try:
            doc = read_document(path)
        except DocumentRejected as exc:
            print(f"appfacts evaluate: {path}: rejected: {exc.reason}", file=sys.stderr)
            continue
        predictions[path.name] = [c.contract(path.name) for c in extraction.extract(doc.body, published_at=doc.published_at)]
    report = ev.evaluate(Path(args.gold), docs, predictions)
    print(ev.format_report(report))
    return 0


def _parse_when(text: str | None, end_of_day: bool = True) -> datetime | None:
    if not text:
        return None
    from warehouse.operations import end_of_day as eod

    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return eod(d) if end_of_day else datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{text!r} is not a date (YYYY-MM-DD) or an ISO timestamp") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def cmd_facts(args) -> int:
    from warehouse import operations as ops
    from warehouse import store

    subject = resolve_subject(args.subject) if args.subject else None
    with store.session(read_only=True) as con:
        facts = ops.current_facts(con, _parse_when(args.as_of), _parse_when(args.known_at), subject)
    if not facts:
        print(f"no facts{' for ' + subject if subject else ''} as of {args.as_of or 'now'}"
              f"{' as known at ' + args.known_at if args.known_at else ''} (facts count only claims "
              "published and valid by then, and with --known-at only those recorded by then)", file=sys.stderr)
    if args.format == "jsonl":
        for f in facts:
            print(json.dumps(f, default=str, ensure_ascii=False))
    else:
        print_facts(facts)
    return 0


def cmd_history(args) -> int:
    from warehouse import operations as ops
    from warehouse import store

    subject = resolve_subject(args.subject)
    with store.session(read_only=True) as con:
        rows = ops.fetch_dicts(con, "SELECT * FROM fact_history WHERE subject_id = ?", [subject])
    if not rows:
        print(f"no claims about {subject!r}", file=sys.stderr)
        return 0
    for r in rows:
        r["value/object"] = r["object_id"] if r.get("object_id") is not None else r.get("value")
        r["state"] = ("WINNER" if r["is_winner"] else "") + (" QUARANTINED" if r["is_quarantined"] else "")
        r["claim"] = r["claim_id"][:12]
    print(render_table(rows, ["claim", "predicate", "value/object", "store", "country", "valid_at", "event_type",
                              "state", "actor", "reason", "evidence_text"], {"evidence_text": 60, "reason": 40}))
    print("(claim ids are shown by their first 12 characters; retract/release accept such prefixes)")
    return 0


def cmd_sql(args) -> int:
    from warehouse import store

    import duckdb

    with store.session(read_only=True) as con:
        try:
            cur = con.execute(args.query)
        except duckdb.Error as exc:
            raise UsageError(str(exc).splitlines()[0]) from None
        if cur.description is None:
            return 0
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, default=str, ensure_ascii=False))
    else:
        print(render_table(rows, names, {n: 100 for n in names}))
    return 0


def cmd_verify(args) -> int:
    from warehouse import store

    with store.session(read_only=True) as con:
        problems = store.verify(con)
        n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in store.EVENT_COLUMNS}
    if problems:
        print(f"TAMPERED: {problems[0]}")
        for p in problems[1:]:
            print(f"  also: {p}")
        return 1
    print("verified: " + ", ".join(f"{t} {c} events" for t, c in n.items()) + "; every hash and chain link holds")
    return 0


def cmd_compact(args) -> int:
    from warehouse import store

    with store.session() as con:
        n = store.compact(con)
        problems = store.verify(con)
    print(f"compacted claim_events: {n:,} events re-ordered by subject; "
          + ("verify: intact" if not problems else f"verify: {problems[0]}"))
    return 1 if problems else 0


def cmd_retract(args) -> int:
    from warehouse import operations as ops
    from warehouse import store

    with store.session() as con:
        cid = claim_ref(con, args.claim_id)
        ok = ops.retract_claim(con, cid, args.reason, args.actor)
    print(f"retracted {cid}" if ok else f"claim {cid} is already retracted; nothing recorded")
    return 0 if ok else 1


def cmd_assert(args) -> int:
    from pydantic import ValidationError

    from expectations.claims import validate_content
    from extraction.models import METRIC_PREDICATES, RELATION_PREDICATES, Claim
    from extraction.numbers import find_numbers
    from warehouse import operations as ops
    from warehouse import store

    with store.session() as con:
        try:
            doc_id, body, _ = ops.find_document(con, args.doc)
            start = body.find(args.evidence)
            if start < 0:
                raise ValueError("the evidence text is not in that document")
            relation = args.predicate in RELATION_PREDICATES
            claim = Claim(subject_id=args.subject, predicate=args.predicate,
                          value=None if relation else float(args.what), object_id=args.what if relation else None,
                          store=args.store, country=args.country, chart=args.chart, region=args.region,
                          bound=args.bound, evidence_start=start, evidence_end=start + len(args.evidence),
                          evidence_text=args.evidence, confidence=args.confidence)
            if args.predicate in METRIC_PREDICATES:
                stated = [n.value for n in find_numbers(args.evidence, min_value=1)]
                if not any(abs(v - claim.value) <= 0.01 * claim.value for v in stated):
                    raise ValueError(f"the evidence states no figure within 1% of {claim.value:,.0f}"
                                     + (f" (it says {', '.join(f'{v:,.0f}' for v in stated)})" if stated else ""))
            cid = ops.assert_claim(con, claim, doc_id, args.actor, args.reason)
        except (ValueError, ValidationError) as exc:
            print(f"appfacts assert: {exc}", file=sys.stderr)
            return 1
        report = validate_content(con, run_id=None)  # the same content suite every claim passes
    held = [q for q in report.quarantined if q["claim_id"] == cid]
    if held:
        print(f"asserted {cid}, but it is QUARANTINED: failed {held[0]['failed']} "
              "(review it, then `appfacts release` it if it is right)")
        return 1
    print(f"asserted {cid}")
    return 0


def cmd_release(args) -> int:
    from expectations.claims import release_claim
    from warehouse import store

    with store.session() as con:
        cid = claim_ref(con, args.claim_id)
        ok = release_claim(con, cid, args.reason, args.actor)
    print(f"released {cid}" if ok else f"claim {cid} is not in quarantine; nothing recorded")
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="appfacts", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="materialize all assets in-process and print the current facts")
    p.add_argument("--strict", action="store_true", help="exit 2 when a document was rejected")
    p.add_argument("--date", help="snapshot date (partition) to compute; default today")
    p.add_argument("--log-level", default="ERROR", help="Dagster console log level (default ERROR)")
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("extract", help="extract claims from files (no warehouse)")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["jsonl", "table"], default="table")
    p.add_argument("--strict", action="store_true", help="exit 2 when a file was rejected")
    p.set_defaults(fn=cmd_extract)
    p = sub.add_parser("evaluate", help="score extraction against a gold file")
    p.add_argument("gold")
    p.add_argument("--docs", required=True)
    p.set_defaults(fn=cmd_evaluate)
    p = sub.add_parser("facts", help="facts as of a date (no look-ahead)")
    p.add_argument("--as-of", help="YYYY-MM-DD (end of that day, UTC) or ISO timestamp; default now")
    p.add_argument("--known-at", help="only what the warehouse had recorded by this time")
    p.add_argument("--subject")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.set_defaults(fn=cmd_facts)
    p = sub.add_parser("history", help="every claim about a subject, winners and losers")
    p.add_argument("subject")
    p.set_defaults(fn=cmd_history)
    p = sub.add_parser("sql", help="run a read-only SQL query on the warehouse")
    p.add_argument("query")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.set_defaults(fn=cmd_sql)
    p = sub.add_parser("verify", help="check every event hash and the batch chain")
    p.set_defaults(fn=cmd_verify)
    p = sub.add_parser("compact", help="re-order claim_events by subject for fast lookups (keeps every row)")
    p.set_defaults(fn=cmd_compact)
    p = sub.add_parser("assert", help="record a manual claim, grounded in an ingested document")
    p.add_argument("subject")
    p.add_argument("predicate")
    p.add_argument("what", help="the value (metrics, chart_rank) or the object (relations)")
    p.add_argument("--doc", required=True, help="doc_id (or prefix) or source path of an ingested document")
    p.add_argument("--evidence", required=True, help="the exact text in that document that says so")
    p.add_argument("--reason", required=True)
    p.add_argument("--actor", default=getpass.getuser())
    for q in ("store", "country", "chart", "region", "bound"):
        p.add_argument(f"--{q}")
    p.add_argument("--confidence", type=float, default=1.0)
    p.set_defaults(fn=cmd_assert)
    for name, fn, help_ in (("retract", cmd_retract, "retract a claim (a new event)"),
                            ("release", cmd_release, "re-admit a reviewed quarantined claim")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("claim_id")
        p.add_argument("--reason", required=True)
        p.add_argument("--actor", default=getpass.getuser())
        p.set_defaults(fn=fn)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.fn(args)
    except (UsageError, FileNotFoundError, RuntimeError) as exc:
        print(f"appfacts {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `appfacts history x | head`: the reader left; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
