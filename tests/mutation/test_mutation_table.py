"""The mutation table of `make mutate` matches the code (checked in every `make test`, in a
second; `make mutate` itself runs the mutations)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mutate  # noqa: E402
from mutations import MUTATIONS, Mutation  # noqa: E402

ROOT = HERE.parent.parent


def test_every_mutation_text_is_found_once_in_the_live_code():
    assert mutate.check_table(MUTATIONS) == []
    assert len(MUTATIONS) >= 20


def test_every_listed_test_exists():
    for m in MUTATIONS:
        for node in m.tests:
            file, _, func = node.partition("::")
            source = (ROOT / file).read_text(encoding="utf-8")
            assert re.search(rf"^def {re.escape(func.split('[')[0])}\(", source, re.M), (m.name, node)


def test_the_checker_refuses_stale_and_dead_text(tmp_path):
    stale = Mutation("x.gone", "warehouse/store.py", (("this text is not in the file", "y"),), ("t",), "")
    twice = Mutation("x.twice", "warehouse/store.py", (("import ", "y"),), ("t",), "")
    dead = Mutation("x.dead", "warehouse/migrations/003_fast_resolution.sql",  # facts_as_of of 003 is re-created later
                    (("arg_max(struct_pack(claim_id := claim_id, value := value, object_id := object_id, unit := unit,\n"
                      "                                   bound := bound, valid_at := valid_at", "x"),), ("t",), "")
    problems = mutate.check_table([stale, twice, dead])
    assert len(problems) == 3
    assert "found 0 times" in problems[0] and "found" in problems[1] and "exactly once" in problems[1]
    assert re.search(r"facts_as_of is re-created by 0\d\d_\w+\.sql", problems[2]), problems[2]


def test_a_mutation_is_applied_to_a_copy_and_restored(tmp_path):
    m = next(m for m in MUTATIONS if m.name == "numbers.billion_is_a_million")
    target = tmp_path / m.file
    target.parent.mkdir(parents=True)
    target.write_text((ROOT / m.file).read_text(encoding="utf-8"), encoding="utf-8")
    original = mutate.apply(m, tmp_path)
    assert '"billion": 1e6' in target.read_text(encoding="utf-8") and '"billion": 1e6' not in original
    assert original == (ROOT / m.file).read_text(encoding="utf-8")
