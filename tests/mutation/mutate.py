"""`make mutate`: apply each mutation of tests/mutation/mutations.py, one at a time, to a temporary
copy of the repository (the working tree is never edited), run only the tests listed for it, and
print caught/missed with the test that caught it.

Exit 0: every mutation caught. Exit 1: a mutation survived. Exit 2: the table is out of sync with
the code (a text not found exactly once, a macro re-created by a later migration, a test id that
does not exist, a mutation that breaks collection) or the unmutated copy fails its tests.

    .venv/bin/python tests/mutation/mutate.py [--only NAME ...] [-j N] [--list] [--tests NODE ...]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from mutations import MUTATIONS, Mutation  # noqa: E402

IGNORE = shutil.ignore_patterns(".git", ".venv", ".dagster_home", "__pycache__", ".pytest_cache",
                                ".hypothesis", "*.duckdb", "*.duckdb.wal", "snapshots", "*.egg-info")
CREATE_RE = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:MACRO|VIEW|TABLE)\s+(\w+)", re.I)
TIMEOUT_S = 600


class TableError(Exception):
    """The mutation table does not match the code."""


def check_table(mutations: list[Mutation], root: Path = ROOT) -> list[str]:
    """Every problem of the table: unknown files, texts not found exactly once, SQL that is not
    the live definition (a later migration re-creates the macro/view it is in), bad names."""
    problems = []
    names = [m.name for m in mutations]
    problems += [f"{n}: duplicate name" for n in sorted({n for n in names if names.count(n) > 1})]
    for m in mutations:
        path = root / m.file
        if not path.is_file():
            problems.append(f"{m.name}: no file {m.file}")
            continue
        text = path.read_text(encoding="utf-8")
        for old, new in m.edits:
            n = text.count(old)
            if n != 1:
                problems.append(f"{m.name}: text found {n} times in {m.file} (must be exactly once): {old!r}")
            elif old == new:
                problems.append(f"{m.name}: the edit changes nothing")
            elif m.file.startswith("warehouse/migrations/"):
                problems += _live_definition_problems(m, path, text.index(old))
        if not m.tests:
            problems.append(f"{m.name}: no tests listed")
    return problems


def _live_definition_problems(m: Mutation, path: Path, pos: int) -> list[str]:
    created = list(CREATE_RE.finditer(path.read_text(encoding="utf-8")[:pos]))
    if not created:
        return []
    name = created[-1].group(1)
    version = int(path.name.split("_", 1)[0])
    later = [p for p in sorted(path.parent.glob("*.sql")) if int(p.name.split("_", 1)[0]) > version
             and re.search(rf"CREATE\s+(?:OR\s+REPLACE\s+)?(?:MACRO|VIEW)\s+{name}\b",
                           p.read_text(encoding="utf-8"), re.I)]
    return [f"{m.name}: {name} is re-created by {later[-1].name}; a fresh warehouse never runs the mutated "
            f"text in {path.name} — move this mutation there"] if later else []


def apply(m: Mutation, root: Path) -> str:
    """Mutate the copy at `root`; returns the original text for restore()."""
    path = root / m.file
    original = path.read_text(encoding="utf-8")
    text = original
    for old, new in m.edits:
        if text.count(old) != 1:
            raise TableError(f"{m.name}: text not found exactly once in {m.file}: {old!r}")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return original


def line_of(m: Mutation, root: Path = ROOT) -> int:
    text = (root / m.file).read_text(encoding="utf-8")
    return text[:max(0, text.find(m.edits[0][0]))].count("\n") + 1


def _env(copy: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APPFACTS_", "PYTEST_", "HYPOTHESIS_"))}
    env.update(PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1", DAGSTER_HOME=str(copy / ".dagster_home"),
               APPFACTS_WAREHOUSE=str(copy / "warehouse" / "appfacts.duckdb"))
    return env


def run_tests(copy: Path, tests: tuple[str, ...] | list[str], stop_first: bool = True) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "pytest", "-q", "--no-header", "-p", "no:cacheprovider", "-rfE", *tests]
    if stop_first:
        cmd.insert(3, "-x")
    try:
        out = subprocess.run(cmd, cwd=copy, env=_env(copy), capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {TIMEOUT_S}s"
    return out.returncode, out.stdout + out.stderr


def first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ", 1)[0].removeprefix("tests/")
    return "?"


def make_copy(base: Path, i: int) -> Path:
    copy = base / f"tree{i}"
    shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
    return copy


def check_copy_imports(copy: Path) -> None:
    code = "import warehouse, extraction, expectations; print(warehouse.__file__, extraction.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=copy, env=_env(copy), capture_output=True, text=True)
    if out.returncode != 0 or out.stdout.count(str(copy)) != 2:
        raise TableError(f"the copy does not import its own code: {out.stdout}{out.stderr}")


def mutate_one(m: Mutation, copy: Path) -> dict:
    started = time.monotonic()
    original = apply(m, copy)
    try:
        rc, output = run_tests(copy, m.tests)
    finally:
        (copy / m.file).write_text(original, encoding="utf-8")
    seconds = time.monotonic() - started
    if rc == 1:
        return {"result": "caught", "by": first_failure(output), "s": seconds}
    if rc == 0:
        return {"result": "MISSED", "by": "", "s": seconds}
    tail = "\n".join(output.strip().splitlines()[-6:])
    return {"result": "ERROR", "by": f"pytest exit {rc}: {tail}", "s": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=[], help="mutation names (or name prefixes) to run")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="parallel copies (default 1)")
    ap.add_argument("--list", action="store_true", help="print the table and exit")
    ap.add_argument("--tests", nargs="+", help="run these tests instead of each mutation's own "
                                               "(e.g. to see whether another test catches it too)")
    args = ap.parse_args(argv)

    problems = check_table(MUTATIONS)
    if problems:
        print("mutation table out of sync with the code:\n  " + "\n  ".join(problems))
        return 2
    chosen = [m for m in MUTATIONS if not args.only or any(m.name.startswith(o) for o in args.only)]
    if args.tests:
        chosen = [replace(m, tests=tuple(args.tests)) for m in chosen]
    if not chosen:
        print(f"no mutation matches {args.only}")
        return 2
    width = max(len(m.name) for m in chosen)
    if args.list:
        for m in chosen:
            print(f"{m.name:<{width}}  {m.file}:{line_of(m)}  {m.what}")
        return 0

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="appfacts-mutate-") as tmp:
        copies = [make_copy(Path(tmp), i) for i in range(max(1, min(args.jobs, len(chosen))))]
        check_copy_imports(copies[0])
        selected = list(dict.fromkeys(t for m in chosen for t in m.tests))
        rc, output = run_tests(copies[0], selected, stop_first=False)
        baseline_s = time.monotonic() - started
        if rc != 0:
            print(f"the unmutated copy fails its tests (pytest exit {rc}); fix the suite first:\n{output[-3000:]}")
            return 2
        print(f"baseline: {len(selected)} selected tests pass on the unmutated copy ({baseline_s:.0f} s)")
        print(f"{'mutation':<{width}}  {'result':<6}  {'s':>4}  caught by")
        free = list(copies)
        lock = threading.Lock()

        def work(m: Mutation) -> dict:
            with lock:
                copy = free.pop()
            try:
                r = mutate_one(m, copy)
            finally:
                with lock:
                    free.append(copy)
            with lock:
                print(f"{m.name:<{width}}  {r['result']:<6}  {r['s']:4.0f}  {r['by']}", flush=True)
            return r

        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            results = list(pool.map(work, chosen))
    caught = sum(r["result"] == "caught" for r in results)
    missed = [m.name for m, r in zip(chosen, results) if r["result"] == "MISSED"]
    errors = [m.name for m, r in zip(chosen, results) if r["result"] == "ERROR"]
    print(f"\n{len(chosen)} mutations: {caught} caught, {len(missed)} missed, {len(errors)} errors "
          f"in {time.monotonic() - started:.0f} s (jobs={len(copies)})")
    if missed:
        print("survived (add or fix a test that fails on it): " + ", ".join(missed))
    if errors:
        print("errors (fix the table entry): " + ", ".join(errors))
        return 2
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
