"""valid_at resolution relative to the publication time."""
from __future__ import annotations

from datetime import datetime

import pytest

from extraction.temporal import find_valid_at


@pytest.mark.parametrize("phrase,pub,expected", [
    ("in the third quarter", datetime(2024, 11, 13), datetime(2024, 9, 30)),
    ("in the fourth quarter", datetime(2025, 2, 4), datetime(2024, 12, 31)),
    ("three months earlier", datetime(2025, 1, 30), datetime(2024, 10, 30)),
    ("in 2023", datetime(2025, 1, 1), datetime(2023, 12, 31)),
    ("on Monday", datetime(2025, 1, 27), datetime(2025, 1, 27)),  # a Monday: that same day
    ("on Monday", datetime(2025, 1, 30), datetime(2025, 1, 27)),
    ("last week", datetime(2025, 2, 4), datetime(2025, 1, 28)),
    ("in November", datetime(2025, 1, 29), datetime(2024, 11, 30)),
    ("in Q2 2024", datetime(2025, 1, 29), datetime(2024, 6, 30)),
])
def test_resolve(phrase, pub, expected):
    assert find_valid_at(phrase, 0, len(phrase), pub) == expected


@pytest.mark.parametrize("phrase", ["launched in July 2023", "since its launch in 2022", "bought in 2012", "this year"])
def test_other_events_and_vague_phrases_are_ignored(phrase):
    assert find_valid_at(phrase, 0, len(phrase), datetime(2025, 1, 30)) is None


def test_without_publication_time_only_absolute_dates():
    assert find_valid_at("in the third quarter", 0, 20, None) is None
    assert find_valid_at("in 2023", 0, 7, None) == datetime(2023, 12, 31)
