"""Answers to the bundled queries, computed when a store is built and kept in its folder.

Listing every target of 100 MB of plans with its evidence (50,000 rows) costs
Oxigraph some twenty index lookups a row, several seconds on disk; and the
answer cannot change while the store does not. So ``kg build --store DIR``
runs each bundled query once, as written (default parameters included), and
keeps the tables in ``DIR/kg-answers/``. ``kg query --store DIR`` prints a
kept table when the query text is the same and the store's files are still
the ones it was computed from; any other query, or ``--fresh``, goes to the
engine.
"""
from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path

import pyoxigraph

from kg.rdf.store import release_free_memory
from kg.rdf.vocab import PREFIXES
from kg.serve.query import QueryError, Table, bundled_queries, rows_from_oxigraph

FOLDER = "kg-answers"
_CHANGING = ("LOG", "LOCK")     # RocksDB's info logs and lock file change without the data changing


def store_fingerprint(folder: Path) -> list[list]:
    """The names and sizes of a store's data files: any write to the store changes them.

    Opening a store read-only (``kg query``, ``kg serve``) leaves them as they are.
    """
    return sorted([entry.name, entry.stat().st_size] for entry in os.scandir(folder)
                  if entry.is_file() and not entry.name.startswith(_CHANGING))


SEAL = "store.fingerprint"        # the fingerprint of the store the kept tables were computed from


def compute_answers(folder: Path) -> None:
    """Every bundled query as written, computed on the store at ``folder`` (closed: opened here, read-only)
    and written into its ``kg-answers/``, one table at a time and its rows as they come: memory stays flat
    however long the answer. :func:`seal_answers` completes them.

    Each query has the store opened afresh: what the engine cached for one answer (60 MB of a 1 GB corpus's
    store) is let go of before the next, the longest included."""
    kept = folder / FOLDER
    kept.mkdir(exist_ok=True)
    for name, query in bundled_queries().items():
        store = pyoxigraph.Store.read_only(str(folder))
        try:
            columns, rows = rows_from_oxigraph(store.query(query.text, prefixes=PREFIXES))
            with open(kept / _file_name(query.text), "w", encoding="utf-8") as fh:
                fh.write(_json({"query": query.text, "names": columns})[:-1] + ',"rows":[')
                for i, row in enumerate(rows):
                    fh.write(("," if i else "") + _json([_encode(c) for c in row]))
                fh.write("]}")
        except (ValueError, RuntimeError) as exc:      # what Oxigraph raises for a query it cannot answer
            raise QueryError(f"{name}: query failed: {' '.join(str(exc).split())}") from None
        del store, rows
        release_free_memory()          # a long answer's join tables and the store's caches, before the next query


def seal_answers(folder: Path) -> None:
    """Note beside the kept tables the fingerprint of the store, which must be closed: its files are final."""
    (folder / FOLDER / SEAL).write_text(json.dumps(store_fingerprint(folder)), encoding="utf-8")


def kept_answer(folder: Path, text: str) -> Table | None:
    """The table kept for this query text, if the store has not changed since; else None."""
    try:
        record = json.loads((folder / FOLDER / _file_name(text)).read_text(encoding="utf-8"), object_hook=_decode)
        seal = json.loads((folder / FOLDER / SEAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("query") != text or seal != store_fingerprint(folder):
        return None
    return Table(record["names"], record["rows"])


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _file_name(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".json"


def _encode(cell):
    return {"decimal": str(cell)} if isinstance(cell, Decimal) else cell


def _decode(obj: dict):
    return Decimal(obj["decimal"]) if obj.keys() == {"decimal"} else obj
