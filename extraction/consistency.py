"""Structural contradictions inside one document, settled before claims leave the engine.

Each rule is small and named; each takes the document's candidate claims and the registry and
returns the claims to keep (possibly with a lowered confidence). Precision first: when the text
contradicts itself, the statement is dropped rather than guessed.

    one_rank_per_chart_per_sentence  one app given two ranks on the same chart in one sentence
    owner_is_not_itself              "X owned by X"
    owner_kind                       a store, a country or an app never owns an app; a person owns
                                     companies and apps, never a store
    one_owner_per_sentence           one app given two owners in one sentence (keep neither)
    specific_metric_wins             a user count that repeats a monthly/daily/weekly figure gives way to it
"""
from __future__ import annotations

from collections import defaultdict

from .entities import Registry
from .models import Claim

STORES = frozenset({"app-store", "google-play", "apple-app-store", "play-store"})


def one_rank_per_chart_per_sentence(claims: list[Claim], reg: Registry) -> list[Claim]:
    ranks = defaultdict(set)
    for c in claims:
        if c.predicate == "chart_rank":
            ranks[(c.evidence_start, c.subject_id, c.store, c.country, c.chart)].add(c.value)
    return [c for c in claims if c.predicate != "chart_rank"
            or len(ranks[(c.evidence_start, c.subject_id, c.store, c.country, c.chart)]) == 1]


def owner_is_not_itself(claims: list[Claim], reg: Registry) -> list[Claim]:
    return [c for c in claims if not (c.predicate in ("owned_by", "version_of") and c.object_id == c.subject_id)]


def owner_kind(claims: list[Claim], reg: Registry) -> list[Claim]:
    out = []
    for c in claims:
        if c.predicate == "owned_by":
            if c.subject_id in STORES or c.object_id in STORES:
                continue
            owner = reg.get(c.object_id)
            if owner is not None and owner.kind == "app" and owner.as_owner != owner.id and c.object_resolved:
                continue  # an app does not own an app ("Instagram's Threads" is Meta's); X (X Corp) may
        out.append(c)
    return out


def one_owner_per_sentence(claims: list[Claim], reg: Registry) -> list[Claim]:
    owners = defaultdict(set)
    for c in claims:
        if c.predicate == "owned_by":
            owners[(c.evidence_start, c.subject_id)].add(c.object_id)
    return [c for c in claims if c.predicate != "owned_by" or len(owners[(c.evidence_start, c.subject_id)]) == 1]


def specific_metric_wins(claims: list[Claim], reg: Registry) -> list[Claim]:
    """"Pinterest Hits 600 Million Users" (headline) and "600 million monthly active users" (body) are one
    figure: the plain user count gives way to the periodic metric with the same value."""
    periodic = {(c.subject_id, c.value) for c in claims
                if c.predicate in ("monthly_active_users", "daily_active_users", "weekly_active_users")}
    return [c for c in claims if not (c.predicate == "user_count" and (c.subject_id, c.value) in periodic)]


RULES = (one_rank_per_chart_per_sentence, owner_is_not_itself, owner_kind, one_owner_per_sentence,
         specific_metric_wins)


def settle(claims: list[Claim], reg: Registry) -> list[Claim]:
    for rule in RULES:
        claims = rule(claims, reg)
    return claims
