"""The asset graph: documents → claims → validated_claims → fact_snapshots.

Bodies stay thin: they open a short warehouse session and call plain functions of `warehouse`,
`expectations` and `extraction`. Every asset/check that writes the warehouse is in pool
"warehouse" (DuckDB allows one writing process).
"""

from contextlib import closing, contextmanager
from datetime import date
from typing import Iterator

import duckdb

import dagster as dg

import extraction
from assets.partitions import snapshot_partitions
from assets.resources import WarehouseResource
from expectations import claims as claim_suites
from expectations import docs as data_docs
from expectations import documents as document_suite
from expectations import snapshots as snapshot_suite
from warehouse import operations as ops
from warehouse import recompute, replica, store
from warehouse.store import WarehouseLocked

GROUP = "appfacts"
POOL = "warehouse"


@contextmanager
def writer(context, warehouse: WarehouseResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse writer session. A reader holding the file (e.g. a DuckDB CLI session) blocks
    writers: the connect waits `lock_timeout_s`, then the step is retried `lock_retries` times,
    waiting longer each time; then the run fails naming the holder (re-execute from failure
    resumes it; nothing was half-written, each batch is one transaction)."""
    context = getattr(context, "op_execution_context", context)  # asset checks wrap it
    try:
        con = warehouse.open()
    except WarehouseLocked as exc:
        attempt = context.retry_number + 1
        context.log.warning(f"{exc} (attempt {attempt} of {warehouse.lock_retries + 1})")
        if context.retry_number >= warehouse.lock_retries:
            raise
        raise dg.RetryRequested(max_retries=warehouse.lock_retries,
                                seconds_to_wait=warehouse.lock_retry_wait_s * attempt) from exc
    with closing(con):
        yield con


def _table(rows: list[dict], cols: list[str], limit: int = 20) -> dg.MetadataValue:
    head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
    body = "".join("| " + " | ".join(str(r.get(c, "")).replace("|", "/")[:80] for c in cols) + " |\n"
                   for r in rows[:limit])
    return dg.MetadataValue.md(head + body if rows else "(none)")


def _docs(context, warehouse: WarehouseResource, outcome) -> dict:
    """Render the run's Great Expectations Data Docs; metadata linking its page and the index."""
    op_context = getattr(context, "op_execution_context", context)
    try:
        pages = data_docs.render(outcome, warehouse.warehouse_path(), op_context.run_id)
    except Exception as exc:  # the report is derived from the warehouse; it never blocks a run
        op_context.log.warning(f"Great Expectations Data Docs not rendered this run: {exc!r}")
        return {}
    if not pages:
        return {}
    shown = next((p for p in pages if not p.success), pages[0])
    return {"data_docs": dg.MetadataValue.url(shown.page.as_uri()),
            "data_docs_index": dg.MetadataValue.path(str(shown.index))}


def _suite_check(context, warehouse: WarehouseResource, outcome) -> dg.AssetCheckResult:
    """A blocking-severity check result from a GX suite outcome: counts plus failing expectations."""
    sample = [{"expectation": o.name, "unexpected": o.unexpected_count} for o in outcome.failed]
    return dg.AssetCheckResult(
        passed=outcome.success, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"suite": outcome.suite, "suite_version": outcome.suite_version,
                  "rows": outcome.rows, "failed_expectations": len(outcome.failed),
                  "failures": _table(sample, ["expectation", "unexpected"]),
                  **_docs(context, warehouse, outcome)})


@dg.asset(group_name=GROUP, pool=POOL, kinds={"duckdb"},
          description="Documents of the inbox as append-only document_events "
                      "(ingested, duplicate or rejected with a reason).")
def documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writer(context, warehouse) as con:
        rep = ops.ingest_documents(con, warehouse.inbox_path(), run_id=context.run_id)
        total = con.execute("SELECT count(*) FROM document_events").fetchall()[0][0]
    for path, reason in rep.rejected:
        context.log.warning(f"rejected {path}: {reason}")
    return dg.MaterializeResult(metadata={
        "inbox": str(warehouse.inbox_path()),
        "warehouse": str(warehouse.warehouse_path()),
        "files_seen": rep.seen,
        "ingested": len(rep.ingested),
        "duplicates": len(rep.duplicates),
        "rejected": _table([{"file": p, "reason": r} for p, r in rep.rejected], ["file", "reason"]),
        "events_appended": rep.appended,
        "document_events_total": total,
    })


@dg.asset_check(asset=documents, blocking=True, pool=POOL,
                description="The tamper-evidence ledger holds: every event row matches its hash and "
                            "every batch its chain link (`appfacts verify`). Nothing downstream runs otherwise.")
def warehouse_ledger(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.session(read_only=True) as con:
        problems = store.verify(con)
    return dg.AssetCheckResult(
        passed=not problems, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"problems": len(problems), "first_problem": str(problems[0]) if problems else "",
                  "warehouse": str(warehouse.warehouse_path())})


@dg.asset_check(asset=documents, blocking=True, pool=POOL,
                description="Great Expectations suite documents_structural: event ids, types, "
                            "reasons for every rejection, text and a knowable time for every document.")
def documents_structural(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.session() as con:
        outcome = document_suite.validate(con)
    return _suite_check(context, warehouse, outcome)


@dg.asset(group_name=GROUP, pool=POOL, deps=[documents], kinds={"duckdb"},
          description="Grounded claims extracted from every ingested document, appended as "
                      "claim_asserted / claim_retracted events (only the difference).")
def claims(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writer(context, warehouse) as con:
        rep = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION,
                                 run_id=context.run_id)
        preview = ops.fetch_dicts(con, "SELECT subject_id, predicate, value, object_id, evidence_text "
                                       "FROM claim_events ORDER BY seq DESC LIMIT 20")
        total = con.execute("SELECT count(*) FROM claim_events").fetchall()[0][0]
    for path, err in rep.errors:
        context.log.error(f"extraction failed on {path}: {err}")
    return dg.MaterializeResult(metadata={
        "extractor_version": extraction.EXTRACTOR_VERSION,
        "documents": rep.documents,
        "claims_extracted": rep.claims,
        "new_claims": rep.asserted,
        "retracted": rep.retracted,
        "kept_retracted_by_a_person": rep.kept_retracted,
        "rescored": rep.rescored,
        "extraction_errors": len(rep.errors),
        "claim_events_total": total,
        "preview": _table(preview, ["subject_id", "predicate", "value", "object_id", "evidence_text"]),
    })


@dg.asset_check(asset=claims, blocking=True, pool=POOL,
                description="Great Expectations suite claims_structural: ids, vocabulary, "
                            "entity flags, evidence grounding, referential integrity.")
def claims_structural(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.session() as con:
        outcome, frame = claim_suites.validate_structure(con)
    sample = [
        {"expectation": o.name, "unexpected": o.unexpected_count,
         "claim_ids": ", ".join(str(frame["claim_id"].iloc[i])[:12] for i in o.unexpected_rows[:5])}
        for o in outcome.failed
    ]
    return dg.AssetCheckResult(
        passed=outcome.success, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"suite": claim_suites.STRUCTURAL_SUITE, "suite_version": claim_suites.STRUCTURAL_VERSION,
                  "rows": outcome.rows, "expectations": len(outcome.outcomes),
                  "failed_expectations": len(outcome.failed),
                  "failures": _table(sample, ["expectation", "unexpected", "claim_ids"]),
                  **_docs(context, warehouse, outcome)})


@dg.asset(group_name=GROUP, pool=POOL, deps=[claims], kinds={"duckdb"},
          check_specs=[dg.AssetCheckSpec("claims_content", asset="validated_claims",
                                         description="Great Expectations suite claims_content: ranges, "
                                                     "DAU <= MAU, valid_at vs published_at.")],
          description="Content validation (Great Expectations suite claims_content): implausible "
                      "claims are quarantined as validation_events, kept, and left out of facts.")
def validated_claims(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writer(context, warehouse) as con:
        rep = claim_suites.validate_content(con, run_id=context.run_id)
        in_quarantine = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    return dg.MaterializeResult(
        metadata={"suite": claim_suites.CONTENT_SUITE, "suite_version": claim_suites.CONTENT_VERSION,
                  "claims_judged": rep.judged, "newly_quarantined": len(rep.quarantined),
                  "in_quarantine": in_quarantine,
                  "quarantined": _table(rep.quarantined, ["claim_id", "failed", "subject_id", "predicate", "value"])},
        check_results=[dg.AssetCheckResult(
            check_name="claims_content", passed=not rep.quarantined, severity=dg.AssetCheckSeverity.WARN,
            metadata={"judged": rep.judged, "quarantined": len(rep.quarantined),
                      "sample": _table(rep.quarantined, ["claim_id", "failed", "evidence_text"], 5),
                      **_docs(context, warehouse, rep.outcome)})],
    )


@dg.asset_check(asset=validated_claims, pool=POOL,
                description="Nightly full-table pass of the claims_content suite over every current "
                            "claim (chunked); appends validation events only where an outcome changed.")
def claims_content_full(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with writer(context, warehouse) as con:
        rep = claim_suites.validate_content(con, run_id=context.op_execution_context.run_id, full=True, chunks=4)
        in_quarantine = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
        if rep.appended:  # an outcome changed, so facts may have: readers should see it
            replica.publish(con, warehouse.warehouse_path())
    return dg.AssetCheckResult(
        passed=in_quarantine == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={"suite": claim_suites.CONTENT_SUITE, "suite_version": claim_suites.CONTENT_VERSION,
                  "claims_judged": rep.judged, "events_appended": rep.appended,
                  "in_quarantine": in_quarantine,
                  "sample": _table(rep.quarantined, ["claim_id", "failed", "evidence_text"], 5),
                  **_docs(context, warehouse, rep.outcome)})


SNAPSHOT_PARTITIONS = snapshot_partitions()


@dg.asset(group_name=GROUP, pool=POOL, deps=[validated_claims], kinds={"duckdb"},
          partitions_def=SNAPSHOT_PARTITIONS, backfill_policy=dg.BackfillPolicy.single_run(),
          description="Point-in-time facts as of the end of each day (partition = snapshot date, "
                      "no look-ahead), appended as a computation; an unchanged result appends "
                      "nothing, a changed one appends a new computation and keeps the old. A "
                      "backfill runs as one run over its date range (one writer, no lock fights).")
def fact_snapshots(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    tz = SNAPSHOT_PARTITIONS.timezone
    days = [date.fromisoformat(k) for k in context.partition_keys]
    reports, exports = [], []
    with writer(context, warehouse) as con:
        for day in days:
            reports.append(ops.compute_snapshot(con, day, tz, run_id=context.run_id))
            if warehouse.export_parquet:
                exports.append(ops.export_snapshot(con, day, warehouse.snapshot_export_dir()))
        preview = ops.fetch_dicts(con, "SELECT subject_id, predicate, value, object_id, store, country "
                                       "FROM snapshots WHERE snapshot_date = ? ORDER BY subject_id, predicate "
                                       "LIMIT 30", [days[-1]])
        # the refresh's last write: publish the read replica analysts open (atomic swap, no waiting)
        published = replica.publish(con, warehouse.warehouse_path())
    context.log.info(f"published read replica {published.path} in {published.seconds:.2f}s")
    last = reports[-1]
    return dg.MaterializeResult(metadata={
        "snapshot_dates": f"{days[0].isoformat()} .. {days[-1].isoformat()}" if len(days) > 1 else days[0].isoformat(),
        "partitions": len(days), "timezone": tz, "facts": last.facts,
        "rows_appended": sum(r.appended for r in reports),
        "conflicts": last.conflicts, "computation_id": last.computation_id or "",
        "policy_version": ops.POLICY_VERSION, "warehouse": str(warehouse.warehouse_path()),
        "read_replica": dg.MetadataValue.path(str(published.path)),
        "replica_published_at": published.published_at.isoformat(),
        "replica_log_prefix": ", ".join(f"{t} ≤ {n}" for t, n in sorted(published.prefix.items())),
        "parquet": ", ".join(str(e) for e in exports if e)[:500],
        "preview": _table(preview, ["subject_id", "predicate", "value", "object_id", "store", "country"]),
    })


@dg.asset_check(asset=fact_snapshots, pool=POOL,
                description="Great Expectations suite snapshots_structural: one row per key per "
                            "computation, known policy, sane counts, no look-ahead.")
def snapshots_structural(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.session() as con:
        outcome = snapshot_suite.validate(con)
    return _suite_check(context, warehouse, outcome)


@dg.asset_check(asset=fact_snapshots, pool=POOL,
                description="Every stored snapshot computation recomputed from the log prefix it was "
                            "computed on, under the policy version it names (`appfacts verify-snapshot`). "
                            "Each computation is recomputed until it passes once; the ledger check proves "
                            "its rows unchanged after that.")
def snapshots_reproducible(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with writer(context, warehouse) as con:
        checks = recompute.verify_snapshots(con, tz=SNAPSHOT_PARTITIONS.timezone, unverified_only=True)
        recompute.record_outcomes(con, checks, context.op_execution_context.run_id)
        total = con.execute("SELECT count(*) FROM snapshot_prefixes").fetchall()[0][0]
    bad = [c for c in checks if not c.ok]
    sample = [{"date": c.snapshot_date, "computation": c.computation_id[:12], "difference": c.differences[0]}
              for c in bad]
    return dg.AssetCheckResult(
        passed=not bad, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"computations_stored": total, "recomputed_now": len(checks), "differ": len(bad),
                  "differences": _table(sample, ["date", "computation", "difference"])})
