"""Build: input paths -> facts -> graph -> files in the output folder.

Every output is written to a temporary file beside it and moved into place
only when all of them are ready, so a failed build leaves the previous
``out/`` exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.corpus import InputError, find_text_files, read_document
from kg.graph import build_graph
from kg.pipeline import PlanFacts, extract_document


@dataclass
class BuildResult:
    graph: Graph
    facts: list[PlanFacts]
    files: list[Path]
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        plans = len(self.facts)
        initiatives = len({f.mention.name for pf in self.facts for f in pf.initiatives})
        targets = sum(len(pf.targets) for pf in self.facts)
        total = sum(self.seconds.values())
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (f"{len(self.files)} documents{skipped}: {plans} plans, {initiatives} initiatives, "
                f"{targets} targets, {len(self.graph)} triples in {total:.2f} s")


def extract(inputs: list[Path], keep_going: bool = False) -> BuildResult:
    t0 = time.perf_counter()
    files = find_text_files(inputs)
    facts: list[PlanFacts] = []
    skipped: list[str] = []
    done: list[Path] = []
    for path in files:
        try:
            doc = read_document(path)
        except InputError as exc:
            if not keep_going:
                raise
            skipped.append(str(exc))
            continue
        facts.extend(extract_document(doc))
        done.append(path)
    if not facts and not skipped:
        raise InputError(f"{', '.join(map(str, inputs))}: no plan found in any document")
    t1 = time.perf_counter()
    graph = build_graph(facts)
    t2 = time.perf_counter()
    return BuildResult(graph, facts, done, skipped, {"extract": t1 - t0, "graph": t2 - t1})


def write_atomically(outputs: dict[Path, bytes]) -> None:
    """Write every file into a staging folder beside the output folder, then rename them all into place.

    A build that fails or is killed before the renames leaves the output folder as it was;
    the staging folder is hidden and outside it.
    """
    parents = {path.parent for path in outputs}
    for parent in parents:
        parent.mkdir(parents=True, exist_ok=True)
    staging = {parent: Path(tempfile.mkdtemp(prefix=f".{parent.name}.kg-build-", dir=parent.parent))
               for parent in parents}
    try:
        staged = []
        for path, data in outputs.items():
            tmp = staging[path.parent] / path.name
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)


def serialise_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def run_build(inputs: list[Path], out_dir: Path, keep_going: bool = False) -> BuildResult:
    from kg.view import graph_view_html

    result = extract(inputs, keep_going)
    t0 = time.perf_counter()
    ttl = serialise_turtle(result.graph)
    t1 = time.perf_counter()
    html = graph_view_html(result.graph).encode("utf-8")
    t2 = time.perf_counter()
    write_atomically({out_dir / "kg.ttl": ttl, out_dir / "graph.html": html})
    result.seconds.update({"turtle": t1 - t0, "html": t2 - t1})
    for line in result.skipped:
        print(f"skipped {line}", file=sys.stderr)
    return result
