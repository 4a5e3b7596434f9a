"""Golden examples of the structural-contradiction rules (extraction/consistency.py)."""
from extraction import consistency as cs
from extraction.engine import default_registry
from extraction.models import Claim

REG = default_registry()


def claim(subject, predicate, *, value=None, obj=None, start=0, store=None, chart=None, obj_resolved=True):
    return Claim(subject_id=subject, predicate=predicate, value=value, object_id=obj, object_resolved=obj_resolved,
                 store=store, chart=chart, evidence_start=start, evidence_end=start + 1, evidence_text="x",
                 confidence=0.9)


def test_two_ranks_on_one_chart_in_one_sentence_are_dropped():
    a, b = claim("temu", "chart_rank", value=1, store="app_store"), claim("temu", "chart_rank", value=2, store="app_store")
    assert cs.one_rank_per_chart_per_sentence([a, b], REG) == []


def test_ranks_on_different_charts_or_sentences_stay():
    a = claim("temu", "chart_rank", value=1, store="app_store")
    b = claim("temu", "chart_rank", value=2, store="google_play")
    c = claim("temu", "chart_rank", value=3, store="app_store", start=50)
    assert cs.one_rank_per_chart_per_sentence([a, b, c], REG) == [a, b, c]


def test_an_app_never_owns_itself():
    assert cs.owner_is_not_itself([claim("tiktok", "owned_by", obj="tiktok")], REG) == []
    keep = claim("tiktok", "owned_by", obj="bytedance")
    assert cs.owner_is_not_itself([keep], REG) == [keep]


def test_apps_and_stores_own_nothing_people_and_companies_do():
    assert cs.owner_kind([claim("threads", "owned_by", obj="instagram")], REG) == []
    assert cs.owner_kind([claim("app-store", "owned_by", obj="elon-musk")], REG) == []
    keep = [claim("x", "owned_by", obj="elon-musk"), claim("instagram", "owned_by", obj="meta"),
            claim("foo", "owned_by", obj="barchat", obj_resolved=False)]
    assert cs.owner_kind(keep, REG) == keep


def test_two_owners_of_one_app_in_one_sentence_are_dropped():
    a, b = claim("tiktok", "owned_by", obj="bytedance"), claim("tiktok", "owned_by", obj="tencent")
    assert cs.one_owner_per_sentence([a, b], REG) == []
    c = claim("tiktok", "owned_by", obj="tencent", start=80)
    assert cs.one_owner_per_sentence([a, c], REG) == [a, c]
