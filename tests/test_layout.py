"""The package layout holds: no import cycles, the layering of issue 15, no module over 600 lines.

The import graph is read from the source with :mod:`ast` (nothing is imported): every ``import`` and
``from ... import`` of a module, at module level and inside functions and classes, except those under
``if TYPE_CHECKING:`` (never run). ``import a.b`` is an edge to ``a.b``; ``from a.b import c`` is an
edge to ``a.b.c`` when that is a module, else to ``a.b``. Importing ``a.b`` also runs ``a/__init__.py``;
that implicit edge to the parent package is not counted (a package re-exporting its modules would
otherwise be a cycle with each of them).

Each checker is tested on a small synthetic case, so a check that can no longer fail is noticed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "homeslm"
MAX_LINES = 600

#: Known exceptions (none today; an entry must name why, and a test fails once it is no longer needed).
#: Cycles are listed as the sorted modules of one strongly connected component.
KNOWN_CYCLES: frozenset[tuple[str, ...]] = frozenset()
#: Modules over MAX_LINES.
KNOWN_LONG_MODULES: frozenset[str] = frozenset()
#: Imports across the layers not yet removed.
KNOWN_LAYERING_VIOLATIONS: frozenset[str] = frozenset()


# -- the graph -------------------------------------------------------------------------------------

def module_files(package_dir: Path) -> dict[str, Path]:
    """Every module of the package at ``package_dir`` by dotted name (a package is its ``__init__``)."""
    out: dict[str, Path] = {}
    for file in sorted(package_dir.rglob("*.py")):
        parts = file.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = file
    return out


def _under_type_checking(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else None
            if name == "TYPE_CHECKING":
                skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def imported_names(module: str, source: str, is_package: bool, known: Iterable[str]) -> set[str]:
    """The modules ``module`` imports (absolute dotted names), resolved against the ``known`` modules
    for ``from a import b`` (``a.b`` when it is a module, else ``a``)."""
    known_set = set(known)
    tree = ast.parse(source)
    skip = _under_type_checking(tree)
    here = module.split(".") if is_package else module.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = here[: len(here) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if candidate in known_set else base)
    return out


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports, for every module of the package at ``package_dir``; imports
    outside the package are kept as written (``yaml``, ``plugins.zigbee2mqtt``)."""
    files = module_files(package_dir)
    return {name: imported_names(name, file.read_text(encoding="utf-8"), file.name == "__init__.py", files)
            for name, file in files.items()}


def internal(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """The graph restricted to edges between its own modules."""
    return {name: {t for t in targets if t in graph and t != name} for name, targets in graph.items()}


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[tuple[str, ...]]:
    """The import cycles: each strongly connected component of more than one module, sorted
    (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[tuple[str, ...]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(tuple(sorted(component)))
    return sorted(out)


# -- the rules -------------------------------------------------------------------------------------

def _within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


#: (who, may not import, why): a module within ``who`` importing a module within ``forbidden``.
LAYERING: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("homeslm",), ("homeslm.training",), "the runtime never imports training (only training, benchmarks and cli do)"),
    (("homeslm.understanding", "homeslm.voice", "homeslm.config"),
     ("homeslm.daemon", "homeslm.cli", "homeslm.default_plugins"),
     "understanding, voice and config sit below the daemon, the CLI and the built-in plugins"),
    (("homeslm.hermes",), ("homeslm.daemon", "homeslm.cli", "homeslm.default_plugins", "homeslm.training"),
     "Hermes compatibility sits below the daemon, which builds its bridge; it knows no plugin"),
    (("homeslm.plugins", "homeslm.mqtt"), ("homeslm.daemon", "homeslm.cli"),
     "the plugin machinery and MQTT sit below the daemon and the CLI, which build the parts (homeslm.daemon.build); "
     "the plugin manager knows the built-ins only by their list (homeslm.default_plugins.BUILTINS)"),
    (("homeslm",), ("plugins",), "the built-ins are homeslm.default_plugins; there is no top-level plugins package"),
    (("homeslm.grammar",),
     ("homeslm.training", "homeslm.daemon", "homeslm.cli", "homeslm.default_plugins", "homeslm.voice", "homeslm.mqtt"),
     "the grammar is pure Python that the recogniser and training both read: it imports neither"),
)
#: Allowed to import homeslm.training.
TRAINING_USERS = ("homeslm.training", "homeslm.benchmarks", "homeslm.cli")
#: What a built-in plugin may import of homeslm: the public surface and its own package.
PLUGIN_SURFACE = ("homeslm.default_plugins",)


def layering_violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """``importer -> imported: rule`` for every import that breaks :data:`LAYERING` or the plugins'
    public-surface rule, sorted."""
    out: set[str] = set()
    for importer, targets in graph.items():
        for target in targets:
            for who, forbidden, why in LAYERING:
                if not _within(importer, who) or not _within(target, forbidden):
                    continue
                if forbidden == ("homeslm.training",) and _within(importer, TRAINING_USERS):
                    continue
                out.add(f"{importer} -> {target}: {why}")
            if (_within(importer, ("homeslm.default_plugins",)) and _within(target, ("homeslm",))
                    and target != "homeslm" and not _within(target, PLUGIN_SURFACE)):
                out.add(f"{importer} -> {target}: a built-in plugin imports only the public surface "
                        "(homeslm, homeslm.default_plugins.*) and third-party libraries")
    return sorted(out)


def long_modules(package_dir: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Modules over ``limit`` lines, with their line counts."""
    counts = {name: len(file.read_text(encoding="utf-8").splitlines()) for name, file in module_files(package_dir).items()}
    return {name: n for name, n in sorted(counts.items()) if n > limit}


# -- the checkers can fail -------------------------------------------------------------------------

def _write_package(root: Path, files: Mapping[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "homeslm"


def test_graph_reads_module_and_function_level_imports(tmp_path: Path) -> None:
    pkg = _write_package(tmp_path, {
        "homeslm/__init__.py": "from homeslm.a import x\n",
        "homeslm/a.py": "import yaml\n\ndef f() -> None:\n    from homeslm.sub import b\n",
        "homeslm/sub/__init__.py": "from . import b\nfrom .b import y\n",
        "homeslm/sub/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from homeslm import a\nimport homeslm.a\n",
    })
    graph = import_graph(pkg)
    assert graph["homeslm"] == {"homeslm.a"}
    assert graph["homeslm.a"] == {"yaml", "homeslm.sub.b"}
    assert graph["homeslm.sub"] == {"homeslm.sub.b"}
    assert graph["homeslm.sub.b"] == {"typing", "homeslm.a"}  # the TYPE_CHECKING import is not counted


def test_cycle_finder_names_the_modules_of_each_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": {"f"}, "g": set()}
    assert find_cycles(graph) == [("a", "b", "c"), ("d", "e")]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_layering_checker_refuses_each_rule() -> None:
    graph = {
        "homeslm.voice.asr": {"homeslm.training.train", "homeslm.grammar.data", "homeslm.config.model"},
        "homeslm.cli.train": {"homeslm.training.train"},
        "homeslm.benchmarks.nlu": {"homeslm.training.train"},
        "homeslm.grammar.data": {"homeslm.voice.asr", "homeslm.understanding.notation"},
        "homeslm.understanding.resolve": {"homeslm.daemon.runner"},
        "homeslm.config.parse": {"homeslm.default_plugins.mqtt"},
        "homeslm.daemon.runner": {"plugins.zigbee2mqtt", "homeslm.default_plugins"},
        "homeslm.default_plugins.mqtt": {"homeslm", "homeslm.default_plugins.common", "paho.mqtt.client",
                                         "homeslm.mqtt.topics"},
    }
    found = layering_violations(graph)
    assert [v.split(":")[0] for v in found] == [
        "homeslm.config.parse -> homeslm.default_plugins.mqtt",
        "homeslm.daemon.runner -> plugins.zigbee2mqtt",
        "homeslm.default_plugins.mqtt -> homeslm.mqtt.topics",
        "homeslm.grammar.data -> homeslm.voice.asr",
        "homeslm.understanding.resolve -> homeslm.daemon.runner",
        "homeslm.voice.asr -> homeslm.training.train",
    ]


def test_long_module_checker_counts_lines(tmp_path: Path) -> None:
    pkg = _write_package(tmp_path, {"homeslm/__init__.py": "", "homeslm/big.py": "x = 1\n" * 7,
                                    "homeslm/small.py": "x = 1\n" * 6})
    assert long_modules(pkg, limit=6) == {"homeslm.big": 7}


# -- the package -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(PACKAGE)


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    cycles = [c for c in find_cycles(internal(graph)) if c not in KNOWN_CYCLES]
    assert not cycles, "import cycles (modules of each):\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_imports_follow_the_layers(graph: dict[str, set[str]]) -> None:
    violations = [v for v in layering_violations(graph) if v.split(":")[0] not in KNOWN_LAYERING_VIOLATIONS]
    assert not violations, "imports across the layers:\n" + "\n".join(violations)


def test_no_module_over_600_lines() -> None:
    long = {name: n for name, n in long_modules(PACKAGE).items() if name not in KNOWN_LONG_MODULES}
    assert not long, f"modules over {MAX_LINES} lines (split them by job): " + ", ".join(
        f"{name} ({n})" for name, n in long.items())


def test_known_exceptions_are_still_needed(graph: dict[str, set[str]]) -> None:
    """An exception listed above whose cycle, long module or import is gone must be removed from its list."""
    cycles = set(find_cycles(internal(graph)))
    long = set(long_modules(PACKAGE))
    assert not KNOWN_CYCLES - cycles, f"remove from KNOWN_CYCLES: {sorted(KNOWN_CYCLES - cycles)}"
    assert not KNOWN_LONG_MODULES - long, f"remove from KNOWN_LONG_MODULES: {sorted(KNOWN_LONG_MODULES - long)}"
    crossings = {v.split(":")[0] for v in layering_violations(graph)}
    assert not KNOWN_LAYERING_VIOLATIONS - crossings, (
        f"remove from KNOWN_LAYERING_VIOLATIONS: {sorted(KNOWN_LAYERING_VIOLATIONS - crossings)}")
