"""`appfacts` — the command line.

  appfacts run                       materialize every asset in-process, print the current facts
  appfacts extract FILE... [--format jsonl|table]
  appfacts evaluate GOLD.jsonl --docs DIR
  appfacts facts [--as-of DATE] [--known-at TS] [--subject ID]     (reads the replica; --primary: the writer's file)
  appfacts history SUBJECT
  appfacts explain SUBJECT PREDICATE [--as-of DATE] [--known-at TS]   why a fact says what it says
  appfacts sql "QUERY"               read-only              (facts/history/explain/sql: --format table|json|csv)
  appfacts verify [--replica]        exit 1 and name the first bad event/batch if anything was altered
  appfacts verify-snapshot DATE|ALL  recompute stored snapshots from their log prefix and policy; exit 1 on a difference
  appfacts publish                   publish the read replica (warehouse/appfacts.read.duckdb) now
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
from contextlib import contextmanager
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


def emit(rows: list[dict], cols: list[str], fmt: str, table=None, out=None) -> None:
    """Rows as a table (`table` renders them; default render_table), a JSON array, JSON lines or
    CSV (every column, values unformatted, times in ISO 8601)."""
    out = out or sys.stdout
    if fmt == "json":
        print(json.dumps(rows, default=_json_default, ensure_ascii=False, indent=1), file=out)
    elif fmt == "jsonl":
        for r in rows:
            print(json.dumps(r, default=_json_default, ensure_ascii=False), file=out)
    elif fmt == "csv":
        import csv

        names = list(rows[0]) if rows else cols
        writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (_json_default(v) if isinstance(v, (datetime, date)) else v) for k, v in r.items()})
    elif table is not None:
        table(rows)
    else:
        print(render_table(rows, cols, {c: 100 for c in cols}), file=out)


def _json_default(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    return str(v)


FORMATS = ["table", "json", "csv", "jsonl"]


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


def _snapshot_tz() -> str:
    from assets.partitions import snapshot_timezone
    return snapshot_timezone()


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
        # with --date, the facts of that day's snapshot (as of its end), else the current ones
        as_of = ops.end_of_day(date.fromisoformat(args.date), _snapshot_tz()) if args.date else None
        facts = ops.current_facts(con, as_of=as_of)
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
        if not args.all:
            cut = extraction.CONFIDENCE_THRESHOLD if args.threshold is None else args.threshold
            claims = [c for c in claims if c.confidence >= cut]
        if args.format == "jsonl":
            for c in claims:
                sys.stdout.write(json.dumps(c.contract(path.name), ensure_ascii=False) + "\n")
        else:
            rows = [c.contract(path.name) for c in claims]
            for r in rows:
                r["value/object"] = r["object"] if r["object"] is not None else r["value"]
                r["qualifiers"] = ", ".join(f"{k}={v}" for k, v in r["qualifiers"].items() if v)
                r["evidence"] = r["evidence"]["text"]
            print(render_table(rows, ["doc", "subject", "predicate", "value/object", "qualifiers", "confidence",
                                      "evidence"],
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
        predictions[path.name] = [c.contract(path.name) for c in extraction.extract(doc.body, published_at=doc.published_at)
                                  if args.all or c.confidence >= extraction.CONFIDENCE_THRESHOLD]
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
    with _reader(args) as con:
        facts = ops.current_facts(con, _parse_when(args.as_of), _parse_when(args.known_at), subject)
    if not facts:
        print(f"no facts{' for ' + subject if subject else ''} as of {args.as_of or 'now'}"
              f"{' as known at ' + args.known_at if args.known_at else ''} (facts count only claims "
              "published and valid by then, and with --known-at only those recorded by then)", file=sys.stderr)
    emit(facts, list(facts[0]) if facts else [], args.format, table=print_facts)
    return 0


@contextmanager
def _reader(args):
    """The replica unless --primary; says so on stderr when falling back to the writer's file."""
    from warehouse import replica

    with replica.reader(primary=args.primary) as (con, path, is_replica):
        if not is_replica and not args.primary:
            print(f"note: no read replica at {replica.replica_path()} yet (a refresh or `appfacts publish` "
                  "writes it); reading the warehouse file itself", file=sys.stderr)
        yield con


def cmd_history(args) -> int:
    from warehouse import operations as ops
    from warehouse import store

    subject = resolve_subject(args.subject)
    with _reader(args) as con:
        rows = ops.fetch_dicts(con, "SELECT * FROM fact_history WHERE subject_id = ?", [subject])
    if not rows:
        print(f"no claims about {subject!r}", file=sys.stderr)
        if args.format != "table":
            emit(rows, [], args.format)
        return 0
    if args.format != "table":
        emit(rows, list(rows[0]), args.format)
        return 0
    for r in rows:
        r["value/object"] = r["object_id"] if r.get("object_id") is not None else r.get("value")
        r["state"] = ("WINNER" if r["is_winner"] else "") + (" QUARANTINED" if r["is_quarantined"] else "")
        r["claim"] = r["claim_id"][:12]
    print(render_table(rows, ["claim", "predicate", "value/object", "store", "country", "valid_at", "event_type",
                              "state", "actor", "reason", "evidence_text"], {"evidence_text": 60, "reason": 40}))
    print("(claim ids are shown by their first 12 characters; retract/release accept such prefixes)")
    return 0


def cmd_explain(args) -> int:
    from warehouse import operations as ops

    subject = resolve_subject(args.subject)
    with _reader(args) as con:
        rows = ops.explain(con, subject, args.predicate, _parse_when(args.as_of), _parse_when(args.known_at))
        policy = ops.policy_text(con, rows[0]["policy_version"]) if rows else ""
    if not rows:
        print(f"no claims about {subject} {args.predicate}"
              f"{' recorded by ' + args.known_at if args.known_at else ''}", file=sys.stderr)
        if args.format != "table":
            emit(rows, [], args.format)
        return 1
    if args.format != "table":
        emit(rows, list(rows[0]), args.format)
        return 0
    print_explanation(rows, policy, color=sys.stdout.isatty())
    return 0


def print_explanation(rows: list[dict], policy: str, color: bool = False, out=None) -> None:
    """Per fact key: the winner and why, then every claim with its sentence (evidence in [[ ]],
    or reverse video on a terminal), times, events and validation outcomes."""
    out = out or sys.stdout
    hl = (lambda s: s.replace("[[", "\033[7m").replace("]]", "\033[0m")) if color else (lambda s: s)
    keys = list(dict.fromkeys(r["fact_key"] for r in rows))
    for key in keys:
        claims = [r for r in rows if r["fact_key"] == key]
        win = next((r for r in claims if r["status"] == "winner"), None)
        print(f"\n== {key}", file=out)
        if win:
            print(f"   fact: {_fmt_value(win['object_id'] if win['object_id'] is not None else win['value'])}"
                  f"  (claim {win['claim_id'][:12]}, {win['policy_version']})", file=out)
        else:
            print("   no fact: no claim counts as of then", file=out)
        for r in claims:
            what = _fmt_value(r["object_id"] if r["object_id"] is not None else r["value"])
            quals = ", ".join(f"{k}={r[k]}" for k in ("store", "country", "chart", "region", "bound") if r.get(k))
            print(f"\n   [{r['status'].upper()}] {what}{'  (' + quals + ')' if quals else ''}  claim {r['claim_id'][:12]}"
                  f"  confidence {r['confidence']}", file=out)
            print(f"     why:        {r['why']}", file=out)
            print(f"     document:   {r['source_path'] or r['doc_id'][:12]}", file=out)
            print(f"     sentence:   {hl(r['sentence'] or r['evidence_text'])}", file=out)
            print(f"     valid_at {_fmt_value(r['valid_at'])}   published_at {_fmt_value(r['published_at'])}"
                  f"   recorded_at {_fmt_value(r['recorded_at'])}", file=out)
            print(f"     events:     {r['events']}", file=out)
            print(f"     validation: {r['validation']}", file=out)
    print(f"\npolicy {rows[0]['policy_version']}: {policy}", file=out)


def cmd_sql(args) -> int:
    import duckdb

    with _reader(args) as con:
        try:
            cur = con.execute(args.query)
        except duckdb.Error as exc:
            raise UsageError(str(exc).splitlines()[0]) from None
        if cur.description is None:
            return 0
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    emit(rows, names, args.format)
    return 0


def cmd_verify(args) -> int:
    from warehouse import store

    if args.replica:
        return _verify_replica()
    with store.session(read_only=True) as con:
        problems = store.verify(con)
        n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in store.event_tables(con)}
    if problems:
        print(f"TAMPERED: {problems[0]}")
        for p in problems[1:]:
            print(f"  also: {p}")
        return 1
    print("verified: " + ", ".join(f"{t} {c} events" for t, c in n.items()) + "; every hash and chain link holds")
    return 0


def _verify_replica() -> int:
    from warehouse import replica, store

    path = replica.replica_path()
    if not path.exists():
        raise UsageError(f"no read replica at {path} (a refresh or `appfacts publish` writes it)")
    with store.session(path, read_only=True) as rep, store.session(read_only=True) as primary:
        problems = replica.verify(rep, primary)
        rows = replica.info(rep)
    if problems:
        print(f"REPLICA DIFFERS: {problems[0]}")
        for p in problems[1:]:
            print(f"  also: {p}")
        return 1
    print(f"replica {path} published {_fmt_value(rows[0]['published_at'])} holds the log prefix "
          + ", ".join(f"{r['table_name']} up to seq {r['max_seq']}" for r in rows)
          + "; the same rows and hashes as the primary up to there")
    return 0


def cmd_verify_snapshot(args) -> int:
    from assets.partitions import snapshot_timezone
    from warehouse import recompute, store

    day = None if args.date.upper() == "ALL" else _parse_day(args.date)
    with store.session(read_only=True) as con:
        checks = recompute.verify_snapshots(con, day, tz=snapshot_timezone())
    if not checks:
        print(f"no stored snapshot computation{' for ' + args.date if day else ''}", file=sys.stderr)
        return 1
    bad = [c for c in checks if not c.ok]
    for c in checks:
        head = (f"{c.snapshot_date} computation {c.computation_id[:12]} ({c.policy_version}, log prefix "
                f"claim seq {c.claim_seq} / validation seq {c.validation_seq}, {c.prefix_source}): ")
        if c.ok:
            print(head + f"OK, {c.stored} facts recomputed identically")
        else:
            print(head + f"DIFFERS ({c.stored} stored, {c.recomputed} recomputed)")
            for d in c.differences:
                print(f"    {d}")
    print(f"{len(checks)} computations checked, {len(bad)} differ")
    return 1 if bad else 0


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date (YYYY-MM-DD) or ALL") from None


def cmd_publish(args) -> int:
    from warehouse import replica, store

    with store.session() as con:
        pub = replica.publish(con)
    print(f"published {pub.path} ({pub.method}, {pub.seconds:.2f}s): "
          + ", ".join(f"{t} up to seq {n}" for t, n in sorted(pub.prefix.items())))
    return 0


def _publish_after_correction(con) -> None:
    """Manual corrections publish the replica too, so readers see them."""
    from warehouse import replica

    pub = replica.publish(con)
    print(f"(read replica republished: {pub.path})", file=sys.stderr)


def cmd_compact(args) -> int:
    from warehouse import store

    with store.session() as con:
        n = store.compact(con)
        problems = store.verify(con)
        if not problems:
            _publish_after_correction(con)
    print(f"compacted claim_events: {n:,} events re-ordered by subject; "
          + ("verify: intact" if not problems else f"verify: {problems[0]}"))
    return 1 if problems else 0


def cmd_retract(args) -> int:
    from warehouse import operations as ops
    from warehouse import store

    with store.session() as con:
        cid = claim_ref(con, args.claim_id)
        ok = ops.retract_claim(con, cid, args.reason, args.actor)
        if ok:
            _publish_after_correction(con)
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
        _publish_after_correction(con)
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
        if ok:
            _publish_after_correction(con)
    print(f"released {cid}" if ok else f"claim {cid} is not in quarantine; nothing recorded")
    return 0 if ok else 1


def _reader_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="table (default), json (an array), csv, or jsonl (one JSON object a line)")
    p.add_argument("--primary", action="store_true",
                   help="read the warehouse file itself instead of the read replica (holds it while reading)")


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
    p.add_argument("--all", action="store_true",
                   help="every candidate with its confidence (default: only claims at or above the facts threshold)")
    p.add_argument("--threshold", type=float, help="confidence cut (default: the policy threshold)")
    p.set_defaults(fn=cmd_extract)
    p = sub.add_parser("evaluate", help="score extraction against a gold file")
    p.add_argument("gold")
    p.add_argument("--docs", required=True)
    p.add_argument("--all", action="store_true", help="score every candidate, not only facts-bound claims")
    p.set_defaults(fn=cmd_evaluate)
    p = sub.add_parser("facts", help="facts as of a date (no look-ahead)")
    p.add_argument("--as-of", help="YYYY-MM-DD (end of that day, UTC) or ISO timestamp; default now")
    p.add_argument("--known-at", help="only what the warehouse had recorded by this time")
    p.add_argument("--subject")
    _reader_options(p)
    p.set_defaults(fn=cmd_facts)
    p = sub.add_parser("history", help="every claim about a subject, winners and losers")
    p.add_argument("subject")
    _reader_options(p)
    p.set_defaults(fn=cmd_history)
    p = sub.add_parser("explain", help="why a fact says what it says: the winner, every competing or "
                                       "retracted claim, sentences and validation outcomes")
    p.add_argument("subject")
    p.add_argument("predicate")
    p.add_argument("--as-of", help="YYYY-MM-DD (end of that day, UTC) or ISO timestamp; default now")
    p.add_argument("--known-at", help="only what the warehouse had recorded by this time")
    _reader_options(p)
    p.set_defaults(fn=cmd_explain)
    p = sub.add_parser("sql", help="run a read-only SQL query on the read replica")
    p.add_argument("query")
    _reader_options(p)
    p.set_defaults(fn=cmd_sql)
    p = sub.add_parser("verify", help="check every event hash and the batch chain")
    p.add_argument("--replica", action="store_true",
                   help="check the read replica holds exactly the log prefix it claims, as in the warehouse")
    p.set_defaults(fn=cmd_verify)
    p = sub.add_parser("verify-snapshot", help="recompute stored snapshots from their log prefix and "
                                               "policy version and report any difference")
    p.add_argument("date", help="YYYY-MM-DD, or ALL for every stored computation")
    p.set_defaults(fn=cmd_verify_snapshot)
    p = sub.add_parser("publish", help="publish the read replica now")
    p.set_defaults(fn=cmd_publish)
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
    from pipelines.devset import add_parsers as add_devset_parsers
    add_devset_parsers(sub)
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
