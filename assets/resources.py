"""Dagster resources: where the warehouse and the inbox are, and where snapshots are exported."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import dagster as dg
import duckdb

from warehouse import store

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_INBOX = PROJECT_DIR / "seeds" / "documents"


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse and the document inbox.

    Every field may be set in the launchpad or through `dg.EnvVar`; when left empty it is read
    at run time (never at import) from $APPFACTS_WAREHOUSE / $APPFACTS_INBOX,
    else the defaults: warehouse/appfacts.duckdb, seeds/documents/.
    """

    path: Optional[str] = None
    inbox: Optional[str] = None
    lock_timeout_s: float = 60.0   # how long one connect waits for the write lock
    lock_retries: int = 4          # then the step is retried this often, waiting longer each time
    lock_retry_wait_s: float = 30.0
    export_parquet: bool = False
    snapshot_dir: Optional[str] = None

    def snapshot_export_dir(self) -> Path:
        """Parquet exports: warehouse/snapshots/ next to the warehouse file unless configured."""
        return Path(self.snapshot_dir or self.warehouse_path().parent / "snapshots")

    def warehouse_path(self) -> Path:
        return store.resolve_path(self.path)

    def inbox_path(self) -> Path:
        return Path(self.inbox or os.environ.get("APPFACTS_INBOX") or DEFAULT_INBOX).expanduser().resolve()

    def open(self) -> duckdb.DuckDBPyConnection:
        """A migrated writer connection (the caller closes it); raises store.WarehouseLocked."""
        return store.open_session(self.path, timeout_s=self.lock_timeout_s)

    @contextmanager
    def session(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with store.session(self.path, read_only=read_only, timeout_s=self.lock_timeout_s) as con:
            yield con
