"""The shape of the code that keeps every change in one obvious place (see the README's layout)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["livinglab", "program", "registrations"]
# Long by nature: generated schema changes, and the demo's data tables.
LONG_BY_NATURE = {"registrations/management/commands/demo.py"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def sources() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_400_lines():
    long = {
        relative(path): n
        for path in sources()
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
        and relative(path) not in LONG_BY_NATURE
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{relative(path)}:{node.name}"] = length
    assert long == {}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [("program", "registrations"), ("livinglab", "program"), ("livinglab", "registrations")],
)
def test_dependencies_point_one_way(app, forbidden):
    """registrations → program → livinglab: the programme knows nothing of who registers."""
    offenders = {
        relative(path)
        for path in (ROOT / app).rglob("*.py")
        if any(m == forbidden or m.startswith(f"{forbidden}.") for m in imported_modules(path))
    }
    assert offenders == set()


def test_migrations_import_no_live_code():
    """A migration must run the same in a year: beyond the validators and choices its fields
    name in models.py (as Django writes them), it may not import the apps' current code."""
    offenders = {
        relative(path)
        for app in APPS
        for path in (ROOT / app).glob("migrations/*.py")
        if any(
            m.split(".")[0] in APPS and not m.endswith(".models") for m in imported_modules(path)
        )
    }
    assert offenders == set()
