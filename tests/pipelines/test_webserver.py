"""The real Dagster webserver + daemon (`dagster dev`, as `make ui` runs it) on a temporary
instance and warehouse: a refresh launched like "Materialize all", then a scripted backfill of 60
daily snapshot partitions through GraphQL. Every partition must end materialized, with no
duplicate rows."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
DAGSTER = Path(sys.executable).parent / "dagster"
TIMEOUT_S = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str):
        self.url = url

    def gql(self, query: str, variables: dict | None = None) -> dict:
        req = urllib.request.Request(
            f"{self.url}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            body = json.loads(resp.read())
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    inbox = root / "inbox"
    shutil.copytree(PROJECT / "seeds" / "documents", inbox)
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "APPFACTS_WAREHOUSE": str(root / "wh.duckdb"),
           "APPFACTS_INBOX": str(inbox), "APPFACTS_SNAPSHOT_START": "2025-01-01"}
    log = open(root / "dagster.log", "w")
    proc = subprocess.Popen([str(DAGSTER), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            urllib.request.urlopen(f"{url}/server_info", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("dagster dev did not start:\n" + (root / "dagster.log").read_text()[-3000:])
            time.sleep(1)
    srv = Server(url)
    srv.root = root
    srv.warehouse = root / "wh.duckdb"
    yield srv
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="Chromium/ChromeDriver not installed (`make test` installs them with apt as root)")
def test_ui_materialize_all_in_a_real_browser(server):
    """Open the asset graph in headless Chromium, click "Materialize all…", choose the latest
    partition, launch, and wait for the run to succeed."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000",
                f"--user-data-dir={server.root / 'chrome-profile'}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.implicitly_wait(30)
    before = {r["runId"] for r in server.gql(RUNS, {"filter": {}})["runsOrError"]["results"]}
    try:
        driver.get(f"{server.url}/locations/appfacts/asset-groups/appfacts")
        button = driver.find_element(By.XPATH, "//button[normalize-space(.)='Materialize all…']")
        for skip in driver.find_elements(By.XPATH, "//button[normalize-space(.)='Skip']"):
            skip.click()  # the first-visit newsletter dialog
        button.click()
        driver.find_element(By.XPATH, "//button[normalize-space(.)='Latest']").click()
        launch = driver.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Launch')]")
        assert launch.text == "Launch 1 run"
        launch.click()
        deadline = time.monotonic() + 60
        while True:
            new = [r for r in server.gql(RUNS, {"filter": {}})["runsOrError"]["results"] if r["runId"] not in before
                   and not any(t["key"] == "dagster/sensor_name" for t in r["tags"])]
            if new or time.monotonic() > deadline:
                break
            time.sleep(1)
        driver.save_screenshot(str(server.root / "materialize_all.png"))
    finally:
        driver.quit()
    assert len(new) == 1, "clicking Launch started no run"
    (run,) = _wait_runs(server, {"runIds": [new[0]["runId"]]}, 1)
    assert run["status"] == "SUCCESS", (server.root / "dagster.log").read_text()[-3000:]
    assert {"key": "dagster/partition", "value": date.today().isoformat()} in run["tags"]


RUNS = """query($filter: RunsFilter) { runsOrError(filter: $filter) {
  ... on Runs { results { runId status jobName tags { key value } } } } }"""


def _wait_runs(srv: Server, filt: dict, n: int) -> list[dict]:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        runs = srv.gql(RUNS, {"filter": filt})["runsOrError"]["results"]
        if len(runs) >= n and all(r["status"] in ("SUCCESS", "FAILURE", "CANCELED") for r in runs):
            return runs
        time.sleep(2)
    pytest.fail(f"runs did not finish: {runs}\n" + (srv.root / "dagster.log").read_text()[-3000:])


def test_materialize_all_then_backfill_60_partitions(server):
    today = date.today().isoformat()
    launched = server.gql("""mutation($p: ExecutionParams!) { launchRun(executionParams: $p) {
        __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }""", {"p": {
        "selector": {"repositoryLocationName": "appfacts", "repositoryName": "__repository__",
                     "jobName": "refresh"},
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": today}]}}})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    (run,) = _wait_runs(server, {"runIds": [run_id]}, 1)
    assert run["status"] == "SUCCESS", (server.root / "dagster.log").read_text()[-3000:]

    days = [(date(2025, 1, 1) + timedelta(days=i)).isoformat() for i in range(60)]
    backfill = server.gql("""mutation($p: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $p) {
        __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }""", {"p": {
        "assetSelection": [{"path": ["fact_snapshots"]}], "partitionNames": days}})["launchPartitionBackfill"]
    assert backfill["__typename"] == "LaunchBackfillSuccess", backfill
    bid = backfill["backfillId"]
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        status = server.gql("""query($id: String!) { partitionBackfillOrError(backfillId: $id) {
            ... on PartitionBackfill { status } } }""", {"id": bid})["partitionBackfillOrError"]["status"]
        if status not in ("REQUESTED", "CANCELING"):
            break
        assert time.monotonic() < deadline, "backfill did not finish"
        time.sleep(2)
    assert status in ("COMPLETED", "COMPLETED_SUCCESS"), status
    runs = _wait_runs(server, {"tags": [{"key": "dagster/backfill", "value": bid}]}, 1)
    assert all(r["status"] == "SUCCESS" for r in runs), runs

    mat = server.gql("""query { assetNodes(assetKeys: [{path: ["fact_snapshots"]}]) {
        partitionStats { numMaterialized } } }""")["assetNodes"][0]["partitionStats"]
    assert mat["numMaterialized"] >= 60
    with store.session(server.warehouse, read_only=True) as con:
        dup = con.execute("SELECT count(*) - count(DISTINCT event_id) FROM fact_snapshots").fetchall()[0][0]
        dates = con.execute("SELECT count(DISTINCT snapshot_date) FROM snapshots "
                            "WHERE snapshot_date BETWEEN DATE '2025-01-01' AND DATE '2025-03-01'").fetchall()[0][0]
        assert dup == 0
        # the seed was published 2025-01-14: days before it have no facts (no look-ahead)
        assert dates == (date(2025, 3, 1) - date(2025, 1, 14)).days + 1
        assert store.verify(con) == []


LAUNCH = """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
RUN_TIMES = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status startTime endTime } } }"""
RUN_EVENTS = """query($id: ID!) { logsForRun(runId: $id, limit: 500) { ... on EventConnection {
    events { __typename ... on MessageEvent { message stepKey } } } } }"""


def _launch_refresh(srv: Server, warehouse: Path, inbox: Path) -> str:
    """Launch `refresh` for today through GraphQL (as "Materialize all" does) on its own
    warehouse and inbox (set on the `warehouse` resource)."""
    launched = srv.gql(LAUNCH, {"p": {
        "selector": {"repositoryLocationName": "appfacts", "repositoryName": "__repository__",
                     "jobName": "refresh"},
        "runConfigData": {"resources": {"warehouse": {"config": {"path": str(warehouse), "inbox": str(inbox)}}}},
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": date.today().isoformat()}]}}})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]


def _wait_idle(srv: Server) -> None:
    """No run in progress (the inbox sensor may have launched one): timings must not share the pool."""
    deadline = time.monotonic() + TIMEOUT_S
    busy = ["QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING"]
    while srv.gql(RUNS, {"filter": {"statuses": busy}})["runsOrError"]["results"]:
        assert time.monotonic() < deadline, "runs stayed in progress"
        time.sleep(1)


def _status(srv: Server, run_id: str) -> str:
    return srv.gql(RUNS, {"filter": {"runIds": [run_id]}})["runsOrError"]["results"][0]["status"]


def _events(srv: Server, run_id: str) -> list[dict]:
    return srv.gql(RUN_EVENTS, {"id": run_id})["logsForRun"]["events"]


def test_launched_refresh_takes_about_as_long_as_in_process(server, tmp_path):
    """Issue 14: a launched run executes its steps in its run worker (in-process executor), so it
    costs one process start-up, not one per step. Both runs start from a fresh warehouse with
    the seed inbox; both wall times include Python start-up and imports."""
    inbox = server.root / "inbox"
    _wait_idle(server)
    t0 = time.monotonic()
    run_id = _launch_refresh(server, tmp_path / "launched.duckdb", inbox)
    while _status(server, run_id) not in ("SUCCESS", "FAILURE", "CANCELED"):
        time.sleep(0.2)
    launched_s = time.monotonic() - t0
    assert _status(server, run_id) == "SUCCESS", (server.root / "dagster.log").read_text()[-3000:]
    times = server.gql(RUN_TIMES, {"id": run_id})["runOrError"]

    home = tmp_path / "cli_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "APPFACTS_WAREHOUSE": str(tmp_path / "cli.duckdb"),
           "APPFACTS_INBOX": str(inbox), "APPFACTS_SNAPSHOT_START": "2025-01-01"}
    t0 = time.monotonic()
    done = subprocess.run([str(DAGSTER.parent / "appfacts"), "run"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    in_process_s = time.monotonic() - t0
    assert done.returncode == 0, done.stderr[-3000:]
    steps = {e["stepKey"] for e in _events(server, run_id) if e["__typename"] == "ExecutionStepStartEvent"}
    print(f"\nlaunched refresh (GraphQL launch -> SUCCESS): {launched_s:.1f} s "
          f"(run worker start -> end {times['endTime'] - times['startTime']:.1f} s, {len(steps)} steps); "
          f"in-process `appfacts run`: {in_process_s:.1f} s; ratio {launched_s / in_process_s:.2f}; "
          f"issue 14 target: launched <= 1.5 x in-process + 2 s = {1.5 * in_process_s + 2:.1f} s")
    # a sanity bound only (shared, noisy machine): per-step processes cost ~5x
    assert launched_s <= 3 * in_process_s + 10


def test_killed_run_worker_does_not_block_later_runs(server, tmp_path):
    """kill -9 the run worker of a launched refresh while it holds the warehouse pool: run
    monitoring marks it failed and frees the pool, the daemon lives on, the next refresh of the
    same warehouse succeeds and the ledger verifies."""
    sys.path.insert(0, str(PROJECT))
    from bench.corpus import write_corpus

    inbox = tmp_path / "inbox"
    write_corpus(inbox, 0, 400)
    warehouse = tmp_path / "killed.duckdb"
    _wait_idle(server)
    run_id = _launch_refresh(server, warehouse, inbox)
    deadline = time.monotonic() + TIMEOUT_S
    pid = None
    while True:
        events = _events(server, run_id)
        for e in events:
            if (e.get("message") or "").startswith("Started process for run (pid:"):
                pid = int(e["message"].split("pid:")[1].split(")")[0])
        if pid and any(e["__typename"] == "ExecutionStepStartEvent" and e["stepKey"] == "claims" for e in events):
            break
        assert _status(server, run_id) in ("QUEUED", "NOT_STARTED", "STARTING", "STARTED"), "run ended first"
        assert time.monotonic() < deadline, "the claims step never started"
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    t0 = time.monotonic()
    while _status(server, run_id) != "FAILURE":
        assert time.monotonic() - t0 < 180, "run monitoring did not mark the killed run failed"
        time.sleep(1)
    detected_s = time.monotonic() - t0
    # the code server notices its child died (our run-monitoring health check covers the case
    # where the code server is gone too); either way the run is failed and the daemon frees its
    # pool claims (free_slots_after_run_end_seconds)
    why = [e["message"] for e in _events(server, run_id) if "pid" in (e.get("message") or "")
           or "process" in (e.get("message") or "").lower()]

    t0 = time.monotonic()
    next_id = _launch_refresh(server, warehouse, inbox)
    (run,) = _wait_runs(server, {"runIds": [next_id]}, 1)
    next_s = time.monotonic() - t0
    assert run["status"] == "SUCCESS", (server.root / "dagster.log").read_text()[-3000:]
    health = server.gql("""{ instance { daemonHealth { allDaemonStatuses { daemonType healthy required } } } }""")
    unhealthy = [d["daemonType"] for d in health["instance"]["daemonHealth"]["allDaemonStatuses"]
                 if d["required"] and not d["healthy"]]
    assert not unhealthy, unhealthy
    with store.session(warehouse, read_only=True) as con:
        assert store.verify(con) == []
        docs = con.execute("SELECT count(DISTINCT doc_id) FROM document_events "
                           "WHERE event_type = 'document_ingested'").fetchall()[0][0]
        dup = con.execute("SELECT count(*) - count(DISTINCT event_id) FROM claim_events").fetchall()[0][0]
    assert docs == 400 and dup == 0
    print(f"\nkilled run worker {pid}: marked failed after {detected_s:.1f} s ({why[-1][:120]}); next "
          f"refresh of the same warehouse succeeded in {next_s:.1f} s")
