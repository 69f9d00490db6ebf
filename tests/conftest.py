"""Shared fixtures: the seeds graph is built once per test session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """`kg build seeds/` run once through the command line; returns the output folder."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    from rdflib import Graph

    return Graph().parse(seeds_build / "kg.ttl", format="turtle")
