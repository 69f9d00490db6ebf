"""kg.rdf.patch: the Turtle of a changed store, patched from the file before, is the store's Turtle."""
import io
import random

import pyoxigraph
import pytest

import kg.rdf.patch
from kg.rdf.io import write_turtle
from kg.rdf.patch import patch_turtle

ID = "https://w3id.org/hpkg/id/"
HP = "https://w3id.org/hpkg/ontology#"


def triples(subject: str, n: int) -> list[str]:
    return [f"<{ID}{subject}> <{HP}quote> \"引文{i}\" .\n" for i in range(n)] + \
           [f"<{ID}{subject}> <{HP}evidence> <{ID}evidence/{subject}-{i}> .\n" for i in range(n)]


def store_of(lines: list[str], folder) -> pyoxigraph.Store:
    store = pyoxigraph.Store(str(folder))
    store.bulk_load("".join(lines).encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def turtle(store: pyoxigraph.Store) -> bytes:
    out = io.BytesIO()
    write_turtle(store, out)
    return out.getvalue()


@pytest.mark.parametrize("samples", [4096, 16])
def test_a_patched_turtle_is_the_changed_store_written_afresh(tmp_path, monkeypatch, samples):
    monkeypatch.setattr(kg.rdf.patch, "SAMPLES", samples)
    rng = random.Random(7)
    subjects = {f"plan/{i}": rng.randint(1, 3) for i in range(3000)}
    subjects["initiative/big"] = 6000                      # one block far longer than a read piece
    store = store_of([line for s, n in subjects.items() for line in triples(s, n)], tmp_path / "db")
    old = tmp_path / "old.ttl"
    old.write_bytes(turtle(store))

    changed = set()
    for s in rng.sample(sorted(subjects), 60):             # removed whole
        for line in triples(s, subjects[s]):
            store.remove(next(iter(pyoxigraph.parse(line.encode(), pyoxigraph.RdfFormat.N_TRIPLES))))
        changed.add(ID + s)
    for s in [*rng.sample(sorted(subjects), 60), "initiative/big"]:      # one more triple each
        store.add(next(iter(pyoxigraph.parse(triples(s, subjects[s] + 1)[-1].encode(), pyoxigraph.RdfFormat.N_TRIPLES))))
        changed.add(ID + s)
    added = [f"target/{i}" for i in range(80)]                        # new subjects
    store.bulk_load("".join(line for s in added for line in triples(s, 2)).encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    changed |= {ID + s for s in added}

    patched = io.BytesIO()
    patch_turtle(old, store, changed, patched)
    assert patched.getvalue() == turtle(store)

