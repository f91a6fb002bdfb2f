"""The shape a maintainer relies on: small modules, short functions, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pathway", "ui")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_and_its_functions_are_short(path):
    """No module over 500 lines and no function over 80, so each reads in one sitting."""
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def _imports(path: Path, known: set[str]) -> set[str]:
    """The app's modules this one imports at module level (not inside a function)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {n for n in names if n in known}
    return found


def test_no_import_cycles():
    """Importing any module of the app never comes back to itself (a cycle would make the
    import order decide what works)."""
    paths = {_name(p): p for p in _modules()}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    # A package's __init__ importing its own modules is how it names what it offers.
    graph = {n: {m for m in deps if not n.startswith(m + ".")} for n, deps in graph.items()}
    cycles = []

    def visit(node: str, trail: tuple[str, ...]) -> None:
        for nxt in graph[node]:
            if nxt in trail:
                cycles.append(" -> ".join((*trail[trail.index(nxt) :], nxt)))
            elif nxt not in done:
                visit(nxt, (*trail, nxt))
        done.add(node)

    done: set[str] = set()
    for start in graph:
        if start not in done:
            visit(start, (start,))
    assert cycles == []
