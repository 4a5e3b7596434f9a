"""The real-text development set's metadata (seeds/realnews): well-formed without the third-party texts,
which live only in the git-ignored cache (appfacts devset check verifies those against the sha256s)."""
import hashlib
from pathlib import Path

import pytest

from extraction import devset as ds

ROOT = Path(__file__).resolve().parents[2]
META = ROOT / "seeds" / "realnews" / "docs"
HELDOUT = ROOT.parent / "shared" / "heldout" / "urls.sha256"
EXCERPTS = ds.load_all(META)


def test_the_set_is_large_and_split_by_id():
    assert len(EXCERPTS) >= 150
    assert all(ex.split == ds.split_of(ex.id) for ex in EXCERPTS)
    tune = sum(ex.split == "tune" for ex in EXCERPTS)
    assert 0.6 < tune / len(EXCERPTS) < 0.8


def test_every_excerpt_names_its_source_and_its_gold_is_well_formed():
    urls = [ex.url for ex in EXCERPTS]
    assert len(set(urls)) == len(urls)
    for ex in EXCERPTS:
        assert ex.url.startswith("http") and ex.query and len(ex.sha256) == 64
        problems = [p for f in ex.facts for p in ds.fact_problems(f, None)]
        assert not problems, (ex.id, problems)


@pytest.mark.skipif(not HELDOUT.exists(), reason="the shared folder with the held-out list is not beside the repo")
def test_no_page_of_the_external_test_is_in_the_set():
    held = set(HELDOUT.read_text().split())
    assert not [ex.url for ex in EXCERPTS if hashlib.sha256(ex.url.encode()).hexdigest() in held]


def test_cached_texts_match_their_sha256_when_present():
    cache = ROOT / ".cache" / "realnews"
    for ex in EXCERPTS:
        path = cache / ex.name
        if path.exists():
            assert ds.sha256_text(path.read_text(encoding="utf-8")) == ex.sha256, ex.id
