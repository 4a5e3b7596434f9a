"""Daily snapshot partitions. Their layout is structural, so it is fixed when the code location
loads: start = $APPFACTS_SNAPSHOT_START, else the earliest publication date in the inbox
(default seeds/documents/), else 2025-01-01; timezone = $APPFACTS_TIMEZONE, else UTC.
`end_offset=1` makes today a partition, so a refresh can snapshot the day so far."""
from __future__ import annotations

import os
from datetime import date

import dagster as dg

from assets.resources import DEFAULT_INBOX
from extraction.documents import earliest_published

FALLBACK_START = date(2025, 1, 1)


def snapshot_timezone() -> str:
    return os.environ.get("APPFACTS_TIMEZONE") or "UTC"


def snapshot_start() -> date:
    configured = os.environ.get("APPFACTS_SNAPSHOT_START")
    if configured:
        return date.fromisoformat(configured)
    inbox = os.environ.get("APPFACTS_INBOX") or DEFAULT_INBOX
    try:
        return earliest_published(inbox) or FALLBACK_START
    except OSError:
        return FALLBACK_START


def snapshot_partitions() -> dg.DailyPartitionsDefinition:
    return dg.DailyPartitionsDefinition(start_date=snapshot_start().isoformat(),
                                        timezone=snapshot_timezone(), end_offset=1)
