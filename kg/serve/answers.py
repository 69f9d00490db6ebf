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

from kg.serve.query import Table, bundled_queries, query_store

FOLDER = "kg-answers"
_CHANGING = ("LOG", "LOCK")     # RocksDB's info logs and lock file change without the data changing


def store_fingerprint(folder: Path) -> list[list]:
    """The names and sizes of a store's data files: any write to the store changes them.

    Opening a store read-only (``kg query``, ``kg serve``) leaves them as they are.
    """
    return sorted([entry.name, entry.stat().st_size] for entry in os.scandir(folder)
                  if entry.is_file() and not entry.name.startswith(_CHANGING))


def compute_answers(store: pyoxigraph.Store) -> dict[str, Table]:
    """query text -> its table, for every bundled query as written."""
    return {q.text: query_store(store, q.text) for q in bundled_queries().values()}


def keep_answers(folder: Path, answers: dict[str, Table]) -> None:
    """Write the tables into a store's folder; the store must be closed, so that its files are final."""
    fingerprint = store_fingerprint(folder)
    kept = folder / FOLDER
    kept.mkdir(exist_ok=True)
    for text, table in answers.items():
        record = {"query": text, "store": fingerprint, "names": table.names,
                  "rows": [[_encode(c) for c in row] for row in table.rows]}
        (kept / _file_name(text)).write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


def kept_answer(folder: Path, text: str) -> Table | None:
    """The table kept for this query text, if the store has not changed since; else None."""
    path = folder / FOLDER / _file_name(text)
    try:
        record = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
    except (OSError, ValueError):
        return None
    if record.get("query") != text or record.get("store") != store_fingerprint(folder):
        return None
    return Table(record["names"], record["rows"])


def _file_name(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".json"


def _encode(cell):
    return {"decimal": str(cell)} if isinstance(cell, Decimal) else cell


def _decode(obj: dict):
    return Decimal(obj["decimal"]) if obj.keys() == {"decimal"} else obj
