"""Shared fixtures: a fresh temporary warehouse, the project paths, the seed's gold facts."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI must not pass or fail by luck); their
# explicit @examples pin the boundary cases. HYPOTHESIS_PROFILE=explore searches new examples.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=400)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_DOCS = PROJECT / "seeds" / "documents"
SEED_NAME = "000_cd91fdcedbc15a1c.txt"


@pytest.fixture
def warehouse_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "wh" / "appfacts.duckdb"
    monkeypatch.setenv("APPFACTS_WAREHOUSE", str(path))
    return path


@pytest.fixture
def con(warehouse_path):
    from warehouse import store

    with store.session(warehouse_path) as c:
        yield c


@pytest.fixture(scope="session")
def seed_gold() -> list[dict]:
    line = (FIXTURES / "seed" / "gold.jsonl").read_text(encoding="utf-8").strip().splitlines()[0]
    return json.loads(line)["facts"]
