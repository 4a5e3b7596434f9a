"""Reading documents: metadata, body offsets, and every kind of bad input rejected clearly."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from extraction.documents import DocumentRejected, parse_document, read_document

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "seeds" / "documents" / "000_cd91fdcedbc15a1c.txt"


def test_seed_is_kept_byte_for_byte_with_sidecar_metadata():
    doc = read_document(SEED)
    assert doc.body == SEED.read_text(encoding="utf-8")
    assert doc.title.startswith("TikTok To Be Banned")
    assert doc.publisher == "By Staff, Agencies"
    assert doc.published_at == datetime(2025, 1, 14, tzinfo=timezone.utc)
    assert doc.published_at_source == "inferred"
    assert "19 January 2025" in doc.published_at_note


def test_front_matter_is_parsed_and_offsets_index_the_body():
    raw = b"---\ntitle: T\npublished_at: 2025-01-30\nurl: https://example.org/a\n---\nThreads has 5 users.\n"
    doc = parse_document("a.md", raw)
    assert doc.body == "Threads has 5 users.\n"
    assert (doc.title, doc.url) == ("T", "https://example.org/a")
    assert doc.published_at == datetime(2025, 1, 30, tzinfo=timezone.utc)
    assert doc.published_at_source == "front_matter"


def test_crlf_and_bom_are_normalised_and_same_text_same_id():
    a = parse_document("a.txt", "\ufeffHello\r\nworld\r\n".encode("utf-8"))
    b = parse_document("b.txt", b"Hello\nworld\n")
    assert a.body == "Hello\nworld\n"
    assert a.doc_id == b.doc_id


def test_legacy_encoding_is_decoded():
    doc = parse_document("a.txt", "China’s answer – café".encode("cp1252"))
    assert doc.body == "China’s answer – café" and doc.encoding == "cp1252"


def test_no_date_means_unknown_not_guessed():
    doc = parse_document("a.txt", b"Some text")
    assert doc.published_at is None and doc.published_at_source is None


@pytest.mark.parametrize("name,raw,code,words", [
    ("empty.txt", b"", "empty", "empty"),
    ("blank.md", b"   \n\t\n", "empty", "whitespace"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", "binary"),
    ("a.pdf", b"%PDF-1.4", "file_type", "unknown file type"),
    ("open.md", b"---\ntitle: x\nbody without closing", "front_matter", "never closed"),
    ("bad.md", b"---\ntitle: [unclosed\n---\nbody", "front_matter", "malformed YAML"),
    ("list.md", b"---\n- a\n- b\n---\nbody", "front_matter", "not a mapping"),
    ("date.md", b"---\npublished_at: next tuesday\n---\nbody", "front_matter", "published_at"),
    ("only_fm.md", b"---\ntitle: x\n---\n", "empty", "empty"),
])
def test_bad_documents_are_rejected_with_a_reason(name, raw, code, words):
    with pytest.raises(DocumentRejected) as info:
        parse_document(name, raw)
    assert info.value.code == code
    assert words in info.value.reason
    assert name in str(info.value)


def test_too_large_is_rejected():
    with pytest.raises(DocumentRejected) as info:
        parse_document("big.txt", b"a" * (5 * 1024 * 1024 + 1))
    assert info.value.code == "too_large"


def test_unreadable_file_is_rejected(tmp_path):
    with pytest.raises(DocumentRejected) as info:
        read_document(tmp_path / "missing.txt")
    assert info.value.code == "unreadable"


def test_utf16_with_bom_is_decoded_not_called_binary():
    doc = parse_document("u.txt", "Threads has 5 users.".encode("utf-16"))
    assert doc.body == "Threads has 5 users." and doc.encoding == "utf-16"


def test_yaml_error_says_where():
    with pytest.raises(DocumentRejected) as info:
        parse_document("bad.md", b"---\ntitle: ok\nurl: [unclosed\n---\nbody")
    assert "at line 3, column 15" in info.value.reason  # the file line of `url: [unclosed`
