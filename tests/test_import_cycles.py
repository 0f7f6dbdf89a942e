"""No import circles between the project's own modules (every app's and cxscan's).

Module A imports B and B imports A, directly or round a longer loop, at the top of a file or
inside a function: an import inside a function hides a circle from the reader; it does not
remove it. Such modules cannot be understood, tested or moved one at a time. The cure is to put
the code where its work is (as the render task moved into reports.stored), not a local import.
Across apps, tests/test_architecture.py already allows one direction only; this test also sees
the loops inside one app. Migrations are left out: Django loads them, nothing imports them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def packages(root: Path) -> list[Path]:
    """The project package and every app: a folder at the top with an apps.py."""
    return sorted(path.parent for path in root.glob("*/apps.py"))


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in packages(root):
        for path in package.rglob("*.py"):
            if "migrations" not in path.relative_to(root).parts:
                found[module_name(path, root)] = path
    return found


def imported(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The project modules that the module `name` (at `path`) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # `from a import b` imports the module a.b where there is one, else module a.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import a.b.c` of a name inside a module: the nearest module that exists.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imported(path, name, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each circle once, as the modules of a strongly connected group of more than one
    (Tarjan's algorithm), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_module_of_the_project_imports_itself_round_a_circle():
    assert cycles(import_graph(ROOT)) == []


def test_a_planted_circle_is_found(tmp_path):
    """Self-test: two modules of an app that import each other, one inside a function."""
    app = tmp_path / "shop"
    (app / "migrations").mkdir(parents=True)
    (app / "apps.py").write_text("")
    (app / "__init__.py").write_text("")
    (app / "migrations" / "0001_initial.py").write_text("from shop import orders\n")
    (app / "orders.py").write_text("from .invoices import total\n")
    (app / "invoices.py").write_text("def total():\n    from shop import orders\n")
    (app / "prices.py").write_text("from . import invoices\nimport shop.orders\n")
    graph = import_graph(tmp_path)
    assert graph["shop.prices"] == {"shop.invoices", "shop.orders"}
    assert cycles(graph) == [["shop.invoices", "shop.orders"]]
