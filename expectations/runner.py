"""A thin wrapper around an ephemeral Great Expectations 1.x context (no Dagster here).

Suites are built in code (see `claims.py`); batches are pandas DataFrames pulled from DuckDB.
GX's SQL datasource over duckdb-engine is not used (it is broken in GX 1.x and would hold the
file lock). Progress bars are silenced through the context's variables.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str                # e.g. "predicate_in_vocabulary"
    expectation: str         # GX expectation type
    column: str | None
    success: bool
    unexpected_count: int
    unexpected_rows: tuple[int, ...]  # positional indexes into the validated frame


@dataclass
class SuiteOutcome:
    suite: str
    suite_version: str
    rows: int
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    results: list = field(default_factory=list, repr=False)  # the GX validation results (for Data Docs)

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def failing_rows(self) -> dict[int, list[str]]:
        """Row position → names of the expectations it failed."""
        out: dict[int, list[str]] = {}
        for o in self.failed:
            for i in o.unexpected_rows:
                out.setdefault(i, []).append(o.name)
        return out


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


# name → factory of the GX expectation object
Spec = list[tuple[str, Callable[[], object]]]


def run_suite(suite_name: str, suite_version: str, spec: Spec, frame: pd.DataFrame) -> SuiteOutcome:
    """Validate `frame` against the expectations of `spec` in an ephemeral GX context."""
    import great_expectations as gx

    outcome = SuiteOutcome(suite_name, suite_version, len(frame))
    if frame.empty:
        return outcome
    ctx = _context()
    key = f"{suite_name}-{suite_version}"
    frame = frame.reset_index(drop=True)
    try:
        source = ctx.data_sources.get(key)
    except (KeyError, ValueError):
        source = ctx.data_sources.add_pandas(key)
    try:
        asset = source.get_asset("frame")
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset("frame")
    try:
        batch_def = asset.get_batch_definition("whole")
    except (KeyError, ValueError):
        batch_def = asset.add_batch_definition_whole_dataframe("whole")
    # the suite belongs to this ephemeral context: created bare, it would resolve through whatever GX
    # project is current (the Data Docs file context once docs were rendered in this process) and read
    # that project's suite file, which a killed run may have left half-written
    suite = ctx.suites.add_or_update(gx.ExpectationSuite(name=key))
    names = []
    for name, make in spec:
        exp = make()
        exp.meta = {"name": name}
        exp.notes = f"appfacts expectation **{name}** (suite {suite_name} v{suite_version})"
        suite.add_expectation(exp)
        names.append(name)
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    outcome.results.append(result)
    for res in result.results:
        cfg = res.expectation_config
        name = (cfg.meta or {}).get("name", cfg.type)
        r = res.result or {}
        idx = tuple(int(i) for i in (r.get("unexpected_index_list") or []) if isinstance(i, (int,)) or str(i).isdigit())
        outcome.outcomes.append(ExpectationOutcome(
            name=name, expectation=cfg.type, column=cfg.kwargs.get("column"),
            success=bool(res.success), unexpected_count=int(r.get("unexpected_count") or 0),
            unexpected_rows=idx,
        ))
    return outcome
