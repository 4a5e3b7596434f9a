"""Reading documents: bytes in, a parsed document or a clear rejection out. Pure, no I/O here
except in `read_document`, which only reads the file(s) it is given.

A document is plain text (.txt) or Markdown (.md/.markdown), optionally with a YAML front-matter
block (``---`` … ``---``) holding `title`, `published_at`, `publisher`, `url`. A sidecar file
``NAME.meta.yaml`` next to the document may hold the same keys (and `published_at_source`,
`published_at_note`); it wins over the front matter. Evidence offsets index the *body*: the text
after the front-matter block, with line endings normalised to ``\\n``.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path

import yaml

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")
SIDECAR_SUFFIX = ".meta.yaml"
MAX_BYTES = 5 * 1024 * 1024
METADATA_KEYS = ("title", "published_at", "publisher", "url", "published_at_source", "published_at_note")
LEGACY_ENCODINGS = ("cp1252", "latin-1")


class DocumentRejected(ValueError):
    """The document cannot be used; `reason` says why in one short phrase."""

    def __init__(self, name: str, reason: str, *, code: str = "invalid") -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class ParsedDocument:
    name: str
    body: str
    doc_id: str
    content_sha256: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    published_at_source: str | None = None  # front_matter | sidecar | inferred | None (unknown)
    published_at_note: str | None = None
    encoding: str = "utf-8"
    metadata: dict = field(default_factory=dict)


def is_document_path(path: Path) -> bool:
    """Files of the inbox to account for: regular files and links (a broken link is recorded as
    unreadable, not skipped), except hidden files and sidecars."""
    return ((path.is_file() or path.is_symlink()) and not path.name.startswith(".")
            and not path.name.endswith(SIDECAR_SUFFIX))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def doc_id_for(body: str) -> str:
    """sha256 of the normalised body: the same article under two names is one document."""
    canon = unicodedata.normalize("NFC", body).strip()
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def decode(name: str, raw: bytes) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DocumentRejected(name, f"invalid UTF-16 ({exc.reason} at byte {exc.start})",
                                   code="encoding") from exc
    if b"\x00" in raw[:8192]:
        raise DocumentRejected(name, "binary content (NUL bytes), not a text document", code="binary")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for enc in LEGACY_ENCODINGS:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        # cp1252/latin-1 decode nearly anything: accept only if the result looks like text.
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
        if controls <= max(2, len(text) // 1000):
            return text, enc
    raise DocumentRejected(
        name, f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor a legacy encoding",
        code="encoding",
    )


def split_front_matter(name: str, text: str) -> tuple[dict, str]:
    """Return (metadata, body). A block that opens with '---' but never closes is malformed."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end == -1:
        if text.rstrip("\n").endswith("\n---") or text.rstrip("\n") == "---":
            end = len(text.rstrip("\n")) - 4
            block, body = text[4:end], ""
        else:
            raise DocumentRejected(name, "front matter opened with '---' is never closed", code="front_matter")
    else:
        block, body = text[4:end], text[end + 5:]
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        raise DocumentRejected(name, f"malformed YAML front matter: {_yaml_problem(exc, 2)}",
                               code="front_matter") from exc
    if not isinstance(meta, dict):
        raise DocumentRejected(name, "front matter is not a mapping of keys to values", code="front_matter")
    return meta, body


def _yaml_problem(exc: yaml.YAMLError, line_offset: int = 1) -> str:
    """One line: what YAML disliked and where (line numbers of the file)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + line_offset}, column {mark.column + 1}" if mark else problem


def parse_timestamp(value) -> datetime | None:
    """YAML gives date/datetime objects or strings; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time(0, 0))
    else:
        text = str(value).strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"published_at {text!r} is not an ISO date or timestamp") from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def parse_document(name: str, raw: bytes, sidecar: bytes | None = None) -> ParsedDocument:
    """Parse one document. Raises DocumentRejected with a clear reason for unusable input."""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise DocumentRejected(
            name, f"unknown file type {suffix or '(none)'!r}; expected one of {', '.join(DOCUMENT_SUFFIXES)}",
            code="file_type",
        )
    if len(raw) > MAX_BYTES:
        raise DocumentRejected(name, f"too large: {len(raw):,} bytes (limit {MAX_BYTES:,})", code="too_large")
    if not raw:
        raise DocumentRejected(name, "empty file", code="empty")
    text, encoding = decode(name, raw)
    text = normalise_newlines(text)
    meta, body = split_front_matter(name, text)
    source = "front_matter" if meta.get("published_at") else None
    if sidecar is not None:
        try:
            side = yaml.safe_load(sidecar.decode("utf-8")) or {}
        except yaml.YAMLError as exc:
            raise DocumentRejected(name, f"malformed sidecar {name}{SIDECAR_SUFFIX}: {_yaml_problem(exc)}",
                                   code="front_matter") from exc
        except UnicodeDecodeError as exc:
            raise DocumentRejected(name, f"sidecar {name}{SIDECAR_SUFFIX} is not UTF-8", code="encoding") from exc
        if not isinstance(side, dict):
            raise DocumentRejected(name, f"sidecar {name}{SIDECAR_SUFFIX} is not a mapping", code="front_matter")
        if side.get("published_at"):
            source = "sidecar"
        meta = {**meta, **side}
    if not body.strip():
        raise DocumentRejected(name, "no text: the body is empty or whitespace only", code="empty")
    try:
        published_at = parse_timestamp(meta.get("published_at"))
    except ValueError as exc:
        raise DocumentRejected(name, str(exc), code="front_matter") from exc
    if meta.get("published_at_source"):
        source = str(meta["published_at_source"])

    def opt(key: str) -> str | None:
        v = meta.get(key)
        return None if v is None else str(v)

    return ParsedDocument(
        name=name,
        body=body,
        doc_id=doc_id_for(body),
        content_sha256=hashlib.sha256(raw + (sidecar or b"")).hexdigest(),
        title=opt("title"),
        publisher=opt("publisher"),
        url=opt("url"),
        published_at=published_at,
        published_at_source=source if published_at else None,
        published_at_note=opt("published_at_note"),
        encoding=encoding,
        metadata={k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in meta.items()},
    )


def read_document(path: Path) -> ParsedDocument:
    """Read and parse one file (and its sidecar, if any)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentRejected(path.name, f"unreadable: {exc.strerror or exc}", code="unreadable") from exc
    side_path = path.with_name(path.name + SIDECAR_SUFFIX)
    sidecar = side_path.read_bytes() if side_path.is_file() else None
    return parse_document(path.name, raw, sidecar)


def iter_inbox(inbox: Path) -> list[Path]:
    """Every candidate document file of an inbox folder (recursive, sorted, sidecars excluded)."""
    inbox = Path(inbox)
    if inbox.is_file():
        return [inbox]
    return sorted(p for p in inbox.rglob("*") if is_document_path(p))


def inbox_fingerprints(inbox: Path) -> dict[str, str]:
    """path (relative to the inbox) → sha256 of the file's bytes and its sidecar's, for every
    candidate document; unreadable files are fingerprinted by their error so they still count."""
    inbox = Path(inbox)
    out: dict[str, str] = {}
    for path in iter_inbox(inbox):
        h = hashlib.sha256()
        try:
            h.update(path.read_bytes())
            side = path.with_name(path.name + SIDECAR_SUFFIX)
            if side.is_file():
                h.update(side.read_bytes())
        except OSError as exc:
            h.update(f"unreadable:{exc.errno}".encode())
        out[str(path.relative_to(inbox)) if path != inbox else path.name] = h.hexdigest()
    return out


def earliest_published(inbox: Path) -> date | None:
    """The earliest publication date among the documents of `inbox` (None when none has one)."""
    days = []
    for path in iter_inbox(Path(inbox)):
        try:
            doc = read_document(path)
        except DocumentRejected:
            continue
        if doc.published_at is not None:
            days.append(doc.published_at.date())
    return min(days) if days else None
