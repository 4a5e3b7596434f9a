"""Pure builders of event rows with deterministic ids (content hashes): re-running anything
produces the same ids, so appends are idempotent."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from extraction.documents import ParsedDocument
from extraction.models import Claim


def content_id(*parts) -> str:
    """sha256 over the canonical JSON of `parts`."""
    canon = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def _num(v: float | None):
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(float(v), 6)


def claim_id(doc_id: str, claim: Claim, valid_at: datetime) -> str:
    """Identity of a claim: the document and what it states (not the extractor version, not the
    evidence position), so an upgraded extractor re-producing it changes nothing."""
    return content_id(
        "claim", doc_id, claim.subject_id, claim.predicate, _num(claim.value),
        (claim.object_id or "").lower() or None, claim.store, claim.country, claim.chart,
        claim.region, claim.bound, valid_at.isoformat(),
    )


def document_ingested(doc: ParsedDocument, source_path: str, published_at: datetime,
                      published_at_source: str, run_id: str | None) -> dict:
    return {
        "event_id": content_id("document_ingested", doc.doc_id, source_path, doc.content_sha256),
        "event_type": "document_ingested",
        "doc_id": doc.doc_id,
        "source_path": source_path,
        "content_sha256": doc.content_sha256,
        "title": doc.title,
        "publisher": doc.publisher,
        "url": doc.url,
        "published_at": published_at,
        "published_at_source": published_at_source,
        "published_at_note": doc.published_at_note,
        "body": doc.body,
        "encoding": doc.encoding,
        "reason": None,
        "run_id": run_id,
    }


def document_duplicate(doc: ParsedDocument, source_path: str, original_path: str,
                       run_id: str | None) -> dict:
    return {
        "event_id": content_id("document_duplicate", doc.doc_id, source_path, doc.content_sha256),
        "event_type": "document_duplicate",
        "doc_id": doc.doc_id,
        "source_path": source_path,
        "content_sha256": doc.content_sha256,
        "title": doc.title,
        "reason": f"same text as {original_path} (doc_id {doc.doc_id[:12]})",
        "run_id": run_id,
    }


def document_rejected(source_path: str, content_sha256: str | None, reason: str,
                      run_id: str | None) -> dict:
    return {
        "event_id": content_id("document_rejected", source_path, content_sha256, reason),
        "event_type": "document_rejected",
        "doc_id": None,
        "source_path": source_path,
        "content_sha256": content_sha256,
        "reason": reason,
        "run_id": run_id,
    }


def claim_event(event_type: str, cid: str, generation: int, doc_id: str, claim: Claim,
                valid_at: datetime, published_at: datetime, extractor_version: str,
                actor: str, reason: str | None, run_id: str | None) -> dict:
    """`generation` = number of earlier events of this claim, so a claim retracted and later
    asserted again gets a new event while a replay of the same step gets the same id."""
    return {
        "event_id": content_id(event_type, cid, generation),
        "event_type": event_type,
        "claim_id": cid,
        "doc_id": doc_id,
        "subject_id": claim.subject_id,
        "subject_resolved": claim.subject_resolved,
        "predicate": claim.predicate,
        "value": claim.value,
        "object_id": claim.object_id,
        "object_resolved": claim.object_resolved,
        "unit": claim.unit,
        "store": claim.store,
        "country": claim.country,
        "chart": claim.chart,
        "region": claim.region,
        "bound": claim.bound,
        "valid_at": valid_at,
        "published_at": published_at,
        "evidence_start": claim.evidence_start,
        "evidence_end": claim.evidence_end,
        "evidence_text": claim.evidence_text,
        "confidence": claim.confidence,
        "extractor_version": extractor_version,
        "reason": reason,
        "actor": actor,
        "run_id": run_id,
    }
