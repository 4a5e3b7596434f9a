"""Crash recovery of the Dagster instance's state.

A run whose process was killed (kill -9, the OOM killer, a reboot) stays STARTED in the instance
and keeps its claim on the `warehouse` pool, so every later run would wait for the pool forever.
Two ways out, both keyed on the process id the run recorded:

* `appfacts run` tags its run with `appfacts/pid` and `appfacts/host`; a daemon-launched run
  worker reports its pid in Dagster's "Started process for run (pid: N)" event and
  `LocalRunLauncher` tags the host. A run is *dead* when it is on this host and that process is
  gone (or the pid now belongs to a process that started after the pid was recorded).
* `fail_dead_runs` (called by `appfacts run` before it starts) marks such runs failed and frees
  their pool claims; `LocalRunLauncher.check_run_worker_health` lets the daemon's run monitoring
  do the same for launched runs.

The warehouse itself needs no recovery: every batch is one DuckDB transaction.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import dagster as dg
from dagster._core.events import DagsterEventType
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.launcher.base import CheckRunHealthResult, LaunchRunContext, WorkerStatus
from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus, RunsFilter

PID_TAG = "appfacts/pid"
HOST_TAG = "appfacts/host"
STARTED_PROCESS = "Started process for run (pid:"
LIVE_STATUSES = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]


def run_identity_tags() -> dict[str, str]:
    """Tags that let a later process tell whether this process is still alive."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _boot_time() -> float | None:
    try:
        with open("/proc/stat") as f:
            for line in f:
                if line.startswith("btime "):
                    return float(line.split()[1])
    except OSError:
        return None
    return None


def process_started_at(pid: int) -> float | None:
    """Wall-clock start time of a process (Linux /proc), None when unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        boot = _boot_time()
        return None if boot is None else boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def process_alive(pid: int, recorded_at: float | None = None) -> bool:
    """True when process `pid` exists on this host and, if `recorded_at` is given, had started by
    then (a pid reused by a later process does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False  # a zombie has exited; only its parent has not reaped it yet
    except (OSError, IndexError):
        pass
    started = process_started_at(pid)
    return not (recorded_at is not None and started is not None and started > recorded_at + 2.0)


@dataclass(frozen=True)
class RunProcess:
    pid: int
    host: str | None
    recorded_at: float | None


def run_process(instance: dg.DagsterInstance, run: DagsterRun, created_at: float | None) -> RunProcess | None:
    """The process that executes `run`, if it recorded one."""
    host = run.tags.get(HOST_TAG)
    if PID_TAG in run.tags:
        return RunProcess(int(run.tags[PID_TAG]), host, created_at)
    for record in instance.get_records_for_run(
            run.run_id, of_type=DagsterEventType.ENGINE_EVENT, limit=20).records:
        entry = record.event_log_entry
        if (entry.dagster_event.message or "").startswith(STARTED_PROCESS):
            pid = entry.dagster_event.engine_event_data.metadata.get("pid")
            if pid is not None:
                return RunProcess(int(pid.text), host, entry.timestamp)
    return None


def is_dead(proc: RunProcess | None) -> bool:
    """Only a process known to have run on this host can be declared dead."""
    return (proc is not None and proc.host == socket.gethostname()
            and not process_alive(proc.pid, proc.recorded_at))


def fail_dead_runs(instance: dg.DagsterInstance, log=print) -> list[str]:
    """Mark failed every in-progress run of this instance whose process is gone, and free its pool
    claims (held slots and pending claims). Returns the run ids; logs one line per run."""
    failed = []
    for record in instance.get_run_records(filters=RunsFilter(statuses=LIVE_STATUSES)):
        run = record.dagster_run
        created = record.create_timestamp.timestamp() if record.create_timestamp else None
        proc = run_process(instance, run, created)
        if not is_dead(proc):
            continue
        message = (f"process {proc.pid} on {proc.host} that ran this run is gone (killed or "
                   "crashed): marked failed and its warehouse pool claims freed")
        instance.report_run_failed(run, message)
        free_pool_claims(instance, run.run_id)
        log(f"recovered run {run.run_id} ({run.job_name}): {message}")
        failed.append(run.run_id)
    return failed


def free_pool_claims(instance: dg.DagsterInstance, run_id: str) -> None:
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        storage.free_concurrency_slots_for_run(run_id)


class LocalRunLauncher(DefaultRunLauncher):
    """Dagster's default launcher (one run-worker process per run, through the code server), plus
    a health check for run monitoring: a run whose worker process died is reported FAILED, so the
    daemon marks it failed and (with `free_slots_after_run_end_seconds`) frees its pool claims."""

    def launch_run(self, context: LaunchRunContext) -> None:
        self._instance.add_run_tags(context.dagster_run.run_id, {HOST_TAG: socket.gethostname()})
        super().launch_run(context)

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        run = self._instance.get_run_by_id(run.run_id) or run
        proc = run_process(self._instance, run, None)
        if proc is None:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "worker has not reported its pid yet")
        if is_dead(proc):
            free_pool_claims(self._instance, run.run_id)
            return CheckRunHealthResult(
                WorkerStatus.FAILED, f"run worker process {proc.pid} on {proc.host} is gone "
                                     "(killed or crashed); its warehouse pool claims were freed")
        return CheckRunHealthResult(WorkerStatus.RUNNING, f"run worker process {proc.pid} is alive")

