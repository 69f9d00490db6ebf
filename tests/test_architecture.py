"""The package's folders are its stages, and imports point one way: down the data flow, never up, never in
a circle (docs/ARCHITECTURE.md)."""
import ast

import networkx as nx

from conftest import ROOT

# Lower stages first; a module may import its own stage or any stage before it.
STAGES = [
    ("kg", "kg.rules", "kg.forked"),
    ("kg.read",),
    ("kg.extract",),
    ("kg.rdf",),
    ("kg.serve", "kg.view"),
    ("kg.document", "kg.evaluate", "kg.distributed"),
    ("kg.build",),
    ("kg.cli",),
]


def stage_of(module: str) -> int:
    matches = [(len(prefix), rank) for rank, prefixes in enumerate(STAGES) for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    return max(matches)[1]


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path) -> set[str]:
    """Every kg module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
    return found


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in sorted((ROOT / "kg").rglob("*.py")):
        name = module_name(path)
        graph.add_node(name)
        for target in imports_of(path):
            if target != "kg":                   # `from kg import __version__`: the package's own metadata
                graph.add_edge(name, target)
    return graph


def test_no_module_imports_a_later_stage():
    upward = [(a, b) for a, b in import_graph().edges if stage_of(b) > stage_of(a)]
    assert upward == []


def test_there_is_no_import_circle():
    assert list(nx.simple_cycles(import_graph())) == []


def test_every_module_belongs_to_a_stage():
    for name in import_graph().nodes:
        assert stage_of(name) >= 0
