"""version_of: international/Chinese/domestic version of X, sister app, counterpart."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .context import HEDGE_RE, Resolved, Sentence, Topic, as_resolved, clause_start, containing_appos, subject_at

_VADJ = r"(?:international|overseas|foreign|global|domestic|Chinese|local|US|American|English(?:-language)?|lite|lighter|Western|Indian|Japanese|Korean|mainland)"
VERSION_OF_RE = re.compile(
    rf"\b(?:an?|the|its)\s+(?:(?:[\w-]+\s+)?{_VADJ}\s+(?:version|counterpart|edition|equivalent|twin|variant|sibling)|"
    rf"(?:{_VADJ}\s+)?(?:counterpart|equivalent|twin|sister\s+app|sibling\s+app))\s+(?:of|to)\s+")
POSS_VERSION_RE = re.compile(
    rf"[’']s?\s+(?:(?:{_VADJ}|[\w-]+)\s+){{0,2}}?(?:sister\s+app|sibling\s+app|sibling|twin|{_VADJ}\s+(?:version|counterpart|edition|equivalent))\b")


@dataclass(slots=True)
class VersionHit:
    subject: Resolved
    obj: Resolved
    confidence: float
    start: int
    end: int


def _apps(r: Resolved | None) -> bool:
    return r is not None and r.kind in ("app", "unknown")


def extract_versions(text: str, sent: Sentence, topic: Topic) -> list[VersionHit]:
    out: list[VersionHit] = []

    def add(a, b, conf):
        if _apps(a) and _apps(b) and a.eid != b.eid and not any(
                {h.subject.eid, h.obj.eid} == {a.eid, b.eid} for h in out):
            out.append(VersionHit(a, b, conf, sent.start, sent.end))

    # "TikTok is an international version of Douyin" / "Douyin, the Chinese version of TikTok,"
    for m in VERSION_OF_RE.finditer(text, sent.start, sent.end):
        obj_m = next((x for x in sent.mentions if m.end() <= x.start <= m.end() + 4), None)
        if obj_m is None:
            continue
        cs = clause_start(sent, m.start())
        if HEDGE_RE.search(text, cs, m.start()):
            continue
        obj = as_resolved(sent, obj_m, topic)
        subs, c = subject_at(text, sent, m.start(), topic, kinds=("app", "unknown"))
        if subs:
            add(subs[-1], obj, min(c, 0.85))
        else:
            # "the Chinese version of TikTok, Douyin"
            am = re.match(r"\s*,\s*", text[obj_m.end:obj_m.end + 4])
            nxt = next((x for x in sent.mentions if am and x.start == obj_m.end + am.end()), None)
            if nxt is not None:
                add(as_resolved(sent, nxt, topic), obj, 0.8)
    # "Douyin, TikTok's sister app in China" / "TikTok's Chinese counterpart, Douyin"
    for i, x in enumerate(sent.mentions):
        if not x.possessive or x.kind not in ("app", "unknown"):
            continue
        pm = POSS_VERSION_RE.match(text, x.end)
        if not pm:
            continue
        if re.search(r"\b(?:not|no|n[’']t|former)\s+(?:[\w-]+\s+)?$", text[max(sent.start, x.start - 20):x.start]):
            continue
        base = Resolved(x.eid, x.resolved, x.kind, x)
        cm = re.match(r"\s*,?\s*", text[pm.end():sent.end])
        after = next((y for y in sent.mentions if y.start == pm.end() + cm.end()), None)
        if after is not None and after.kind != "anaphor":
            add(Resolved(after.eid, after.resolved, after.kind, after), base, 0.85)
            continue
        ap = containing_appos(sent, x.start)
        if ap is not None and ap[1] == x.start:
            add(Resolved(ap[0].eid, ap[0].resolved, ap[0].kind, ap[0]), base, 0.85)
    return out
