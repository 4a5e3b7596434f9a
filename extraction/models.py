"""Pure data models of the extraction engine (no Dagster, no DuckDB).

A `Claim` is one statement pulled out of one document, grounded to the exact characters that say
it: ``text[evidence_start:evidence_end] == evidence_text`` always holds for the text it was
extracted from (the document *body*, after any front matter).
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

METRIC_PREDICATES: frozenset[str] = frozenset(
    {"monthly_active_users", "daily_active_users", "weekly_active_users", "user_count", "downloads"}
)
RELATION_PREDICATES: frozenset[str] = frozenset({"owned_by", "version_of", "also_known_as"})
PREDICATES: frozenset[str] = METRIC_PREDICATES | RELATION_PREDICATES | {"chart_rank"}

Predicate = Literal[
    "monthly_active_users",
    "daily_active_users",
    "weekly_active_users",
    "user_count",
    "downloads",
    "chart_rank",
    "owned_by",
    "version_of",
    "also_known_as",
]
Bound = Literal["exact", "approx", "at_least", "at_most"]
Store = Literal["app_store", "google_play"]


class Claim(BaseModel):
    """One grounded statement. Frozen: claims are values, never edited."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject_id: str = Field(description="canonical entity id (seeds/entities.csv) or a slug")
    subject_resolved: bool = Field(True, description="False when the subject is not in the registry")
    predicate: Predicate
    value: float | None = Field(None, description="metrics: count; chart_rank: the rank")
    object_id: str | None = Field(
        None, description="owned_by/version_of: entity id; also_known_as: the alias as written"
    )
    object_resolved: bool | None = None
    unit: str | None = Field(None, description="users | downloads | rank")
    store: Store | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2, e.g. US, GB, CN")
    chart: str | None = Field(None, description="free, paid, grossing, overall, or a category")
    region: str | None = Field(None, description="geographic scope of a metric, ISO alpha-2")
    bound: Bound | None = None
    valid_at: datetime | None = Field(
        None, description="when the claim holds; None means the document's publication time"
    )
    evidence_start: int = Field(ge=0)
    evidence_end: int = Field(ge=0)
    evidence_text: str = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _check(self) -> "Claim":
        if self.evidence_end - self.evidence_start != len(self.evidence_text):
            raise ValueError("evidence offsets do not match the evidence text length")
        if self.predicate in RELATION_PREDICATES:
            if not self.object_id:
                raise ValueError(f"{self.predicate} needs an object")
        elif self.value is None:
            raise ValueError(f"{self.predicate} needs a value")
        return self

    def contract(self, doc: str) -> dict:
        """The line format of `appfacts extract --format jsonl` (shared/tools/score_facts.py)."""
        value = self.value
        if value is not None and float(value).is_integer():
            value = int(value)
        return {
            "doc": doc,
            "subject": self.subject_id,
            "predicate": self.predicate,
            "value": value,
            "object": self.object_id,
            "qualifiers": {
                "store": self.store,
                "country": self.country,
                "chart": self.chart,
                "bound": self.bound,
                "region": self.region,
            },
            "valid_at": self.valid_at.isoformat() if self.valid_at else None,
            "evidence": {
                "start": self.evidence_start,
                "end": self.evidence_end,
                "text": self.evidence_text,
            },
            "confidence": self.confidence,
        }
