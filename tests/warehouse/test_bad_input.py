"""Bad documents are recorded with a reason, nothing is lost, good documents still reach the
snapshot; a fuzz pass over 1,000 random and mutated documents crashes nothing."""
from __future__ import annotations

import os
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

import extraction
from expectations import claims as suites
from warehouse import operations as ops
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "seeds" / "documents" / "000_cd91fdcedbc15a1c.txt"
DEV = PROJECT / "tests" / "fixtures" / "corpus" / "dev"

BAD = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t ", "whitespace only"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
    "huge.txt": (b"a" * (5 * 1024 * 1024 + 10), "too large"),
    "fm.md": (b"---\ntitle: [unclosed\n---\nThreads has 5 users.", "malformed YAML front matter"),
    "open.md": (b"---\ntitle: x\nno end", "never closed"),
    "report.pdf": (b"%PDF-1.7 ...", "unknown file type"),
}


def test_every_bad_kind_is_recorded_and_good_input_reaches_the_snapshot(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / SEED.name)
    shutil.copy(SEED.with_name(SEED.name + ".meta.yaml"), inbox / (SEED.name + ".meta.yaml"))
    for name, (raw, _) in BAD.items():
        (inbox / name).write_bytes(raw)
    (inbox / "legacy.txt").write_bytes("Café app Threads now has about 300 million monthly active users."
                                       .encode("cp1252"))
    (inbox / "copy-of-seed.txt").write_bytes(SEED.read_bytes())
    (inbox / "moved.txt").symlink_to(tmp_path / "no-longer-there.txt")  # unreadable, even for root
    rep = ops.ingest_documents(con, inbox, run_id="r1")
    rows = con.execute("SELECT source_path, event_type, reason FROM document_events ORDER BY source_path").fetchall()
    by_path = {Path(p).name: (t, r) for p, t, r in rows}
    assert len(rows) == rep.seen == len(BAD) + 4  # every file has exactly one event
    for name, (_, words) in BAD.items():
        kind, reason = by_path[name]
        assert kind == "document_rejected" and words in reason, (name, reason)
    assert by_path["copy-of-seed.txt"][0] == "document_duplicate"
    assert "same text as inbox/000_cd91fdcedbc15a1c.txt" in by_path["copy-of-seed.txt"][1]
    assert by_path["legacy.txt"][0] == "document_ingested"
    assert by_path["moved.txt"][0] == "document_rejected" and "unreadable" in by_path["moved.txt"][1]
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    outcome, _ = suites.validate_structure(con)
    assert outcome.success
    content = suites.validate_content(con)
    n_claims = con.execute("SELECT count(DISTINCT claim_id) FROM claim_events").fetchall()[0][0]
    assert content.judged == n_claims and content.quarantined == []  # every claim judged, none held back
    snap = ops.compute_snapshot(con, date(2025, 1, 15))
    assert snap.facts >= 8
    threads = con.execute("SELECT value FROM facts WHERE subject_id = 'threads'").fetchall()
    assert threads == [(3e8,)]  # the legacy-encoded document made it through


def _mutations(rng: random.Random, sources: list[bytes]):
    """Random bytes, random text, and mutated real documents (cut, spliced, byte-flipped,
    re-encoded, front matter broken)."""
    alphabet = "abcXYZ 0123456789.,;:'\"“”’-–—#№\n\t€£¥%$()[]{}<>/\\|~^`\u00a0\u200b\ufeff\u0301é中文한글"
    for i in range(1000):
        kind = i % 6
        src = rng.choice(sources)
        if kind == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400)))
        elif kind == 1:
            data = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 600))).encode("utf-8")
        elif kind == 2:
            a, b = sorted(rng.randrange(len(src) + 1) for _ in range(2))
            data = src[a:b]
        elif kind == 3:
            data = bytearray(src)
            for _ in range(rng.randrange(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif kind == 4:
            text = src.decode("utf-8", "replace")
            cut = rng.randrange(len(text) + 1)
            data = (text[:cut] + rng.choice(["---\n", "\n---\n", "—", "\r\n", "No. ", " million"]) + text[cut:]).encode(
                rng.choice(["utf-8", "utf-16", "cp1252", "latin-1"]), "replace")
        else:
            words = src.decode("utf-8", "replace").split()
            rng.shuffle(words)
            data = " ".join(words[: rng.randrange(1, len(words) + 1)]).encode("utf-8")
        yield f"fuzz{i:04d}" + rng.choice([".txt", ".md", ".md", ".txt", ".html"]), data


@pytest.mark.parametrize("seed", [20261125])
def test_fuzz_1000_documents_no_crash_nothing_unrecorded_all_grounded(con, tmp_path, seed):
    rng = random.Random(seed)
    sources = [SEED.read_bytes()] + [p.read_bytes() for p in sorted(DEV.glob("*.md"))]
    inbox = tmp_path / "fuzz"
    inbox.mkdir()
    for name, data in _mutations(rng, sources):
        (inbox / name).write_bytes(data)
    rep = ops.ingest_documents(con, inbox, run_id="fuzz")
    assert rep.seen == 1000
    n_events = con.execute("SELECT count(DISTINCT source_path) FROM document_events").fetchall()[0][0]
    assert n_events == 1000  # every input is recorded: ingested, duplicate or rejected
    ext = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert ext.errors == []
    outcome, frame = suites.validate_structure(con)
    assert outcome.success, [o.name for o in outcome.failed]
    assert int(frame["evidence_matches"].sum()) == len(frame)
    assert store.verify(con) == []
