"""Great Expectations Data Docs for every validation run (no Dagster here).

Results of the ephemeral validation context (`runner.run_suite`) are stored in a file-based GX
context under the warehouse folder (`<warehouse dir>/gx/`) and rendered by GX's own site builder
into `<warehouse dir>/data_docs/` (index.html, one page per run with the failing values). Only the
new runs' pages are rendered each time; the index lists the latest INDEX_LIMIT runs. GX's index
table is drawn by scripts from public CDNs, so the index also gets a plain-HTML list of the latest
runs and their failing expectations and values that reads offline.
"""
from __future__ import annotations

import copy
import html
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from expectations.runner import SuiteOutcome

SITE = "appfacts"
INDEX_LIMIT = 200
MANIFEST = "appfacts_runs.json"
MARK_START, MARK_END = "<!-- appfacts-runs -->", "<!-- /appfacts-runs -->"


@dataclass(frozen=True)
class RenderedRun:
    suite: str
    page: Path          # the run's Data Docs page
    index: Path         # data_docs/index.html
    success: bool


def docs_dir(warehouse_path: Path) -> Path:
    return Path(warehouse_path).parent / "data_docs"


@lru_cache(maxsize=8)
def _context(root: str):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    ctx = gx.get_context(mode="file", project_root_dir=root)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if SITE not in (ctx.variables.data_docs_sites or {}):
        ctx.add_data_docs_site(SITE, {
            "class_name": "SiteBuilder", "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(Path(root) / "data_docs")},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder",
                                   "validation_results_limit": INDEX_LIMIT}})
    return ctx


def render(outcome: SuiteOutcome, warehouse_path: Path, run_name: str | None) -> list[RenderedRun]:
    """Store the outcome's GX results and render their pages and the index. Returns one entry
    per result (a chunked suite has one result per chunk)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier, ValidationResultIdentifier)

    if not outcome.results:
        return []
    root = Path(warehouse_path).resolve().parent
    ctx = _context(str(root))
    name = f"{outcome.suite}-{outcome.suite_version}"
    run = RunIdentifier(run_name=run_name or "manual", run_time=datetime.now(timezone.utc))
    keys = []
    for i, result in enumerate(outcome.results):
        result.meta["run_id"] = run
        result.meta["validation_time"] = run.run_time
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=name), run,
                                         f"batch-{i + 1}-of-{len(outcome.results)}")
        ctx.validation_results_store.set(key, result)
        keys.append((key, result))
    suite = gx.ExpectationSuite(name=name, expectations=[_fresh(r.expectation_config)
                                                         for r in outcome.results[0].results])
    ctx.suites.add_or_update(suite)
    ctx.build_data_docs(site_names=[SITE], resource_identifiers=[k for k, _ in keys]
                        + [ExpectationSuiteIdentifier(name=name)])
    index = root / "data_docs" / "index.html"
    rendered = []
    for key, result in keys:
        url = ctx.get_docs_sites_urls(resource_identifier=key, site_name=SITE)[0]["site_url"]
        page = Path(unquote(urlparse(url).path))
        rendered.append(RenderedRun(outcome.suite, page, index, bool(result.success)))
        _remember(root / "data_docs", outcome, run, page, result)
    _write_static_index(index)
    return rendered


def _fresh(config):
    exp = copy.copy(config.to_domain_obj())
    exp.id = None
    return exp


def _failures(result) -> list[dict]:
    out = []
    for r in result.results:
        if r.success:
            continue
        cfg, res = r.expectation_config, r.result or {}
        out.append({"expectation": (cfg.meta or {}).get("name", cfg.type), "type": cfg.type,
                    "column": cfg.kwargs.get("column"), "unexpected": int(res.get("unexpected_count") or 0),
                    "values": [str(v) for v in (res.get("partial_unexpected_list") or [])[:5]]})
    return out


def _remember(site: Path, outcome: SuiteOutcome, run, page: Path, result) -> None:
    path = site / MANIFEST
    runs = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    runs.append({"suite": f"{outcome.suite} v{outcome.suite_version}", "run_name": run.run_name,
                 "run_time": run.run_time.strftime("%Y-%m-%d %H:%M:%S UTC"), "success": bool(result.success),
                 "rows": outcome.rows, "page": str(page.relative_to(site)), "failures": _failures(result)})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(runs[-INDEX_LIMIT:], ensure_ascii=False, indent=0), encoding="utf-8")
    tmp.replace(path)


def _write_static_index(index: Path) -> None:
    """Add the plain-HTML list of runs to GX's index page (replacing the previous list)."""
    runs = json.loads((index.parent / MANIFEST).read_text(encoding="utf-8"))
    e = html.escape
    suites = sorted({r["suite"] for r in runs})
    rows = []
    for r in reversed(runs):
        fails = "<br>".join(
            f"<b>{e(f['expectation'])}</b> ({e(f['column'] or '')}): {f['unexpected']} unexpected"
            + (f" — values {e(', '.join(f['values']))}" if f["values"] else "") for f in r["failures"])
        rows.append(f"<tr class=\"{'passed' if r['success'] else 'failed'}\"><td>{'passed' if r['success'] else 'FAILED'}</td>"
                    f"<td>{e(r['run_time'])}</td><td>{e(r['suite'])}</td><td>{r['rows']}</td>"
                    f"<td><a href=\"{e(r['page'])}\">{e(r['run_name'])}</a></td><td>{fails}</td></tr>")
    block = (f"{MARK_START}<section id=\"appfacts-runs\" style=\"margin:1em 3em\"><h2>appfacts validation runs</h2>"
             f"<p>Suites: {', '.join(e(s) for s in suites)}. The latest {len(runs)} runs, newest first; "
             "open a run for every expectation and its unexpected values.</p>"
             "<table class=\"table table-sm\" id=\"appfacts-runs-table\"><thead><tr><th>status</th><th>run time</th>"
             "<th>suite</th><th>rows</th><th>run</th><th>failing expectations and values</th></tr></thead><tbody>"
             + "".join(rows) + f"</tbody></table></section>{MARK_END}")
    text = index.read_text(encoding="utf-8")
    if MARK_START in text:
        text = text[:text.index(MARK_START)] + text[text.index(MARK_END) + len(MARK_END):]
    anchor = text.find('<div class="container-fluid')
    anchor = anchor if anchor >= 0 else text.find("</body>")
    tmp = index.with_suffix(".tmp")
    tmp.write_text(text[:anchor] + block + text[anchor:], encoding="utf-8")
    tmp.replace(index)
