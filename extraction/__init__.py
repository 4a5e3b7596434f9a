"""appfacts extraction engine: pure Python (no Dagster, no DuckDB).

    from extraction import extract, load_registry
    claims = extract(body, published_at=datetime(2025, 1, 30))
"""
from __future__ import annotations

from .engine import CONFIDENCE_THRESHOLD, EXTRACTOR_VERSION, default_registry, extract
from .entities import Entity, Registry, load_registry
from .models import Claim
from .sentences import iter_sentences

__all__ = ["extract", "EXTRACTOR_VERSION", "CONFIDENCE_THRESHOLD", "Claim", "Registry", "Entity", "load_registry", "iter_sentences",
           "default_registry"]
