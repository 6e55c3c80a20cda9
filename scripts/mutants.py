"""Break each rule the README promises, one at a time, and check that a test notices.

Each mutant in scripts/mutants.toml replaces one exact snippet of the code with a broken
version, in a copy of the tree (the working tree is never touched), then runs only the tests
that should catch it, on PostgreSQL. A mutant is "killed" when those tests fail, "survived"
when they pass (the rule could break unnoticed), and "stale" when its snippet is no longer in
the code: update the list, since a mutant that cannot apply proves nothing.

    make mutants                      # every mutant, on a throwaway PostgreSQL
    make mutants ARGS="-k lock"       # those whose name holds "lock"
    .venv/bin/python scripts/mutants.py --check   # only that every snippet still applies

The results of the last run, and why any survivor is kept, are in docs/MUTATIONS.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = Path(__file__).with_suffix(".toml")
SKIP = shutil.ignore_patterns(".git", ".venv", "var", "__pycache__", "node_modules")


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]

    def places(self, tree: Path) -> int:
        return (tree / self.path).read_text().count(self.old)


def load(keyword: str = "") -> list[Mutant]:
    entries = tomllib.loads(LIST.read_text())["mutant"]
    mutants = [Mutant(**{**entry, "tests": tuple(entry["tests"])}) for entry in entries]
    return [m for m in mutants if keyword.lower() in m.name.lower()]


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    # The same order every run (no random order), so that two runs can be compared.
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", *tests]
    result = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    return result.returncode, (result.stdout.strip().splitlines() or [""])[-1]


def verdict(mutant: Mutant, tree: Path) -> tuple[str, str]:
    """Apply the mutant, run its tests, put the file back."""
    places = mutant.places(tree)
    if places != 1:
        return ("stale" if places == 0 else f"ambiguous ({places} places)"), ""
    target = tree / mutant.path
    original = target.read_text()
    target.write_text(original.replace(mutant.old, mutant.new))
    try:
        code, summary = run_tests(tree, mutant.tests)
    finally:
        target.write_text(original)
    # pytest answers 0 when every test passed and 1 when some failed; anything else (no test
    # collected, an interrupted run) says nothing about the rule.
    return {0: "survived", 1: "killed"}.get(code, f"error ({code})"), summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="keyword", default="", help="only mutants whose name has this")
    parser.add_argument("--check", action="store_true", help="only check that each applies")
    options = parser.parse_args()
    mutants = load(options.keyword)
    if options.check:
        unusable = [(m.name, m.places(ROOT)) for m in mutants if m.places(ROOT) != 1]
        for name, places in unusable:
            print(f"{'stale' if places == 0 else f'ambiguous ({places} places)'}: {name}")
        print(f"{len(mutants) - len(unusable)} of {len(mutants)} mutants apply.")
        return 1 if unusable else 0
    if "DATABASE_URL" not in os.environ:
        print("Run it through scripts/with-postgres (make mutants): it needs PostgreSQL.")
        return 2
    with tempfile.TemporaryDirectory(prefix="livinglab-mutants-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=SKIP)
        files = dict.fromkeys(t for m in mutants for t in m.tests if t.startswith("tests/"))
        code, summary = run_tests(tree, tuple(files))
        if code != 0:
            print(f"The tests fail with no mutant applied ({summary}): fix them first.")
            return 1
        print("| Rule broken | File | Result | Time | Tests |\n|---|---|---|---|---|")
        results = []
        for mutant in mutants:
            started = time.monotonic()
            result, summary = verdict(mutant, tree)
            results.append((mutant.name, result))
            seconds = time.monotonic() - started
            print(f"| {mutant.name} | `{mutant.path}` | {result} | {seconds:.0f} s | {summary} |")
            sys.stdout.flush()
    missed = [(name, result) for name, result in results if result != "killed"]
    print(f"\n{len(results) - len(missed)} of {len(results)} mutants killed.")
    for name, result in missed:
        print(f"  {result}: {name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
