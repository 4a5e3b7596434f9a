"""Numbers: value + bound; money, percentages and years are never counts."""
from __future__ import annotations

import pytest

from extraction.numbers import find_numbers


@pytest.mark.parametrize("text,value,bound", [
    ("about 300 million users", 300e6, "approx"),
    ("1.2 billion-plus users", 1.2e9, "at_least"),
    ("1.38bn users", 1.38e9, "exact"),
    ("900m users", 900e6, "exact"),
    ("408.1 million", 408.1e6, "exact"),
    ("700,000 members", 700_000, "exact"),
    ("a billion users", 1e9, "exact"),
    ("one million downloads", 1e6, "exact"),
    ("more than 2 billion", 2e9, "at_least"),
    ("passed 3 billion monthly actives", 3e9, "at_least"),
    ("crossed 30 million registered users", 30e6, "at_least"),
    ("roughly 275 million", 275e6, "approx"),
    ("nearly half a billion people", 0.5e9, "approx"),
    ("an estimated 40 million users", 40e6, "approx"),
    ("just under 1 million", 1e6, "at_most"),
    ("fewer than 500,000 accounts", 500_000, "at_most"),
    ("up to 5 million", 5e6, "at_most"),
    ("at least 10 million", 10e6, "at_least"),
])
def test_number_forms(text, value, bound):
    nums = find_numbers(text)
    assert len(nums) == 1
    assert nums[0].value == pytest.approx(value)
    assert nums[0].bound == bound
    assert text[nums[0].start:nums[0].end].strip()


@pytest.mark.parametrize("text", [
    "revenue of $300 million", "rose 3%", "in 2023", "5 billion yuan", "worth €2 billion", "up 27 percent",
    "500 million years ago", "3 billion in revenue", "it has 12 users",
])
def test_not_counts(text):
    assert find_numbers(text) == []
