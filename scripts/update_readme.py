#!/usr/bin/env python3
"""Regenerate the generated parts of README.md from real runs.

    python scripts/update_readme.py

Three kinds of block are kept up to date:

* ``<!-- example: kg ... -->`` followed by a ```text block: the command is run
  (in-process, from the project folder) and the block shows ``$ command`` and
  what it printed;
* ``<!-- generated: model -->``: a Mermaid class diagram of ontology/hpkg.ttl;
* ``<!-- generated: speed -->``: the table of bench/results.json (run
  ``python bench/run.py`` first to refresh the figures).

tests/test_readme.py runs every example again and checks that the README
shows what the commands print now; README.zh-CN.md is regenerated and checked
the same way (tests/test_readme_zh.py).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLE = re.compile(r"<!-- example: (?P<command>[^>]+?) -->\n```text\n(?P<shown>.*?)```\n", re.S)
GENERATED = re.compile(r"<!-- generated: (?P<name>\w+) -->\n(?P<body>.*?)<!-- end generated -->\n", re.S)
TIMING = re.compile(r"\d+\.\d+ s\b")


def run_example(command: str) -> str:
    """What ``command`` (a kg command line) prints, stdout then stderr, run in the current folder."""
    sys.path.insert(0, str(ROOT))
    from kg.cli import main

    argv = shlex.split(command)
    assert argv[0] == "kg", command
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv[1:])
    if code != 0:
        raise RuntimeError(f"{command!r} exited with {code}: {err.getvalue().strip()}")
    return out.getvalue() + err.getvalue()


def shown_block(command: str, output: str) -> str:
    return f"$ {command}\n{output.rstrip()}\n"


def normalised(text: str) -> str:
    """Timings vary from run to run; everything else must match."""
    return TIMING.sub("N s", text)


def examples(readme: str) -> list[tuple[str, str]]:
    return [(m.group("command"), m.group("shown")) for m in EXAMPLE.finditer(readme)]


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def model_diagram(ontology: Path = ROOT / "ontology" / "hpkg.ttl") -> str:
    """A Mermaid class diagram: hp: classes with their literal properties, and the links between them."""
    from rdflib import OWL, RDF, RDFS, Graph
    from rdflib.collection import Collection

    g = Graph().parse(ontology)
    hp = "https://w3id.org/hpkg/ontology#"

    def classes(node) -> list[str]:
        union = g.value(node, OWL.unionOf)
        members = list(Collection(g, union)) if union is not None else [node]
        return sorted(_local(m) for m in members)

    fields: dict[str, list[str]] = {}
    links = []
    for prop in sorted(set(g.subjects(RDF.type, OWL.DatatypeProperty)) | set(g.subjects(RDF.type, OWL.ObjectProperty))):
        if not str(prop).startswith(hp):
            continue
        for domain in g.objects(prop, RDFS.domain):
            for source in classes(domain):
                for rng in g.objects(prop, RDFS.range):
                    if (prop, RDF.type, OWL.DatatypeProperty) in g:
                        fields.setdefault(source, []).append(f"{_local(rng)} {_local(prop)}")
                    else:
                        links.extend(f"  {source} --> {target} : {_local(prop)}" for target in classes(rng))
    lines = ["```mermaid", "classDiagram"]
    for cls in sorted(fields):
        lines.append(f"  class {cls} {{")
        lines.extend(f"    {field}" for field in sorted(fields[cls]))
        lines.append("  }")
    lines.extend(sorted(set(links)))
    lines.append("```")
    return "\n".join(lines) + "\n"


def speed_table(results: Path = ROOT / "bench" / "results.json") -> str:
    if not results.is_file():
        return "No benchmark figures yet: run `python bench/run.py`.\n"
    r = json.loads(results.read_text(encoding="utf-8"))
    jieba = r["jieba_lcut"]
    rows = [f"Corpus of {r['corpus_mb']} MB made from `seeds/` ({r['machine']}, Python {r['python']}):", "",
            "| run | seconds | processor seconds | MB/s | share of `jieba.lcut` speed | peak memory | triples |",
            "|---|---|---|---|---|---|---|",
            f"| plain `jieba.lcut` | {jieba['wall_s']} | | {jieba['mb_per_s']} | 1.00 | | |"]
    for workers, b in r["builds"].items():
        rows.append(f"| `kg build --workers {workers}` | {b['wall_s']} | {b.get('cpu_s', '')} | {b['mb_per_s']} | "
                    f"{b['ratio_to_jieba']:.2f} | {b['peak_mb']:.0f} MB | {b['triples']:,} |")
    rows += ["", "Both after their dictionaries are loaded (the build's own processor time includes the thread that "
                 "loads the store beside extraction and the one that writes the Turtle beside the page)."]
    if "whole_process" in r:
        w = r["whole_process"]
        rows[-1] += (f" As whole processes, start to exit: `kg build --workers {w['workers']}` {w['build_s']} s, "
                     f"a plain `jieba.lcut` script {w['jieba_s']} s ({w['ratio_to_jieba']:.2f} of its speed).")
    if "speedup" in r:
        rows += ["", f"Two workers against one: {r['speedup']:.2f} times faster, byte-identical output: "
                     f"{'yes' if r['identical_output'] else 'no'}."]
    stages = r["builds"][next(iter(r["builds"]))]["stages_s"]
    rows += ["", "Seconds per stage, one worker: " + ", ".join(f"{k} {v}" for k, v in stages.items()) + "."]
    for key in ("store", "large_store"):
        if key in r:
            rows += store_rows(r[key])
    return "\n".join(rows) + "\n"


def store_rows(st: dict) -> list[str]:
    build, update = st["build"], st.get("add_one_document")
    rows = ["", f"`kg build --store` on a corpus of {st['corpus_mb']} MB with {st['workers']} workers: "
                f"{build['wall_s']:.0f} s, peak memory {build['peak_mb']:.0f} MB, {build['triples']:,} triples."]
    if update:
        rows[-1] += (f" Adding one document and building again updates the store: {update['wall_s']:.1f} s "
                     f"({100 * st['update_share_of_build']:.1f} % of the build), peak memory "
                     f"{update['peak_mb']:.0f} MB.")
    if "queries" in st:
        rows[-1] += (" The bundled queries on that store: as `kg query --store` answers them, and computed "
                     "afresh by the engine (`--fresh`):")
        rows += ["", "| query | seconds | seconds afresh | rows |", "|---|---|---|---|"]
        rows += [f"| `{name}` | {q['seconds']} | {q['fresh_seconds']} | {q['rows']:,} |"
                 for name, q in st["queries"].items()]
    return rows


GENERATORS = {"model": model_diagram, "speed": speed_table}


def updated(readme: str) -> str:
    readme = EXAMPLE.sub(lambda m: f"<!-- example: {m.group('command')} -->\n```text\n"
                                   f"{shown_block(m.group('command'), run_example(m.group('command')))}```\n", readme)
    return GENERATED.sub(lambda m: f"<!-- generated: {m.group('name')} -->\n{GENERATORS[m.group('name')]()}"
                                   f"<!-- end generated -->\n", readme)


READMES = (README, ROOT / "README.zh-CN.md")      # the Chinese README has examples too, checked the same way


def main() -> None:
    os.chdir(ROOT)
    for readme in READMES:
        readme.write_text(updated(readme.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated {readme}")


if __name__ == "__main__":
    main()
