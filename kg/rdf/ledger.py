"""What each document contributed to a store, kept in the store's folder (``kg-ledger.sqlite``) so that
the next ``kg build --store`` on a changed corpus extracts only what is new or changed.

A build's graph is the union of its documents' N-Triples. Two kinds of lines:

- a document's own lines: its evidence nodes (named after its file) and the links to them. Only it
  writes them; removing it removes them (found in the store through ``hp:sourceDocument``).
- shared lines: everything else (a region, an initiative, a plan or target two documents share, the
  document node). The ledger counts how many documents write each, and keeps each document's shared
  lines; removing a document removes those that no remaining document writes.

A document is known by its file name (what the graph calls it; two documents of one name make the
build a fresh one), so a corpus moved to another folder is still the same corpus. For each document the
ledger keeps its name, path, key (content hash and what the download cache says of it), no-plan reason,
its shared lines and its text (for ``out/texts/``), compressed.

The ledger is valid for one version of the tool and its rules (:func:`build_version`): any change to
the code or the data files that make triples means a full rebuild.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FILE = "kg-ledger.sqlite"
_EVIDENCE_SUBJECT = b"<https://w3id.org/hpkg/id/evidence/"
_EVIDENCE_LINK = b"<https://w3id.org/hpkg/ontology#evidence>"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (name TEXT PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL, no_plan TEXT,
                        shared BLOB NOT NULL);
CREATE TABLE texts (name TEXT PRIMARY KEY, text BLOB NOT NULL);
CREATE TABLE shared (line BLOB PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE written (path TEXT PRIMARY KEY, signature TEXT NOT NULL);
CREATE TABLE inputs (path TEXT PRIMARY KEY, signature TEXT NOT NULL, sha256 TEXT NOT NULL);
"""


def file_signature(path: Path) -> str | None:
    """Size, modification time and inode of a file: what tells, without reading it, that a file is still the
    one a build wrote (moving it into place keeps all three; editing it changes its time). None: no file.

    >>> file_signature(Path("no such file")) is None
    True
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def unchanged_since_written(ledger: Ledger, path: Path) -> bool:
    """Whether the file at ``path`` is the one a build noted in the ledger as written there."""
    signature = file_signature(path)
    return signature is not None and ledger.written(path) == signature


class LedgerError(Exception):
    """A ledger that cannot be read: the build goes back to a full one."""


@lru_cache(maxsize=1)
def build_version(root: Path | None = None) -> str:
    """A hash of everything that decides a document's triples: the package's code and data files
    (``root``: the package folder).

    >>> len(build_version())
    64
    """
    import kg

    root = root or Path(kg.__file__).parent
    digest = hashlib.sha256()
    files = [Path(folder, name) for folder, _, names in os.walk(root, followlinks=True) for name in names]
    for path in sorted(p for p in files if "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_own_line(line: bytes) -> bool:
    """An evidence line: its node is named after the document's file name, so no other document writes it.

    >>> is_own_line(b'<https://w3id.org/hpkg/id/evidence/5df99103-7-9-x> <https://w3id.org/hpkg/ontology#start> "7" .')
    True
    >>> is_own_line('<https://w3id.org/hpkg/id/region/340000> <http://www.w3.org/2000/01/rdf-schema#label> "安徽省"@zh .'.encode())
    False
    """
    return line.startswith(_EVIDENCE_SUBJECT) or line.split(b" ", 2)[1] == _EVIDENCE_LINK


def shared_lines(ntriples: bytes) -> list[bytes]:
    """A document's lines that other documents may write too, each once, sorted."""
    return sorted({line for line in ntriples.splitlines() if line and not is_own_line(line)})


def _key(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


@dataclass(frozen=True)
class Entry:
    path: str
    key: str                 # the bytes' SHA-256, with what the download cache says of the file
    name: str
    no_plan: str | None


@dataclass(frozen=True)
class Changes:
    """How a corpus differs from the one a store was built from (documents by name)."""
    new: frozenset[str]              # names to read: new, or changed since
    removed: tuple[Entry, ...]       # documents gone, or changed since (their old contribution)
    reused: tuple[Entry, ...]


def corpus_changes(entries: dict[str, Entry], current: list[Entry]) -> Changes | str:
    """What to read, remove and reuse; or why the store is better built afresh: two documents of one
    name, or more documents to read or remove than to keep.

    >>> old = {n: Entry(n, k, n, None) for n, k in (("a.txt", "k1"), ("b.txt", "k2"), ("d.txt", "k4"))}
    >>> c = corpus_changes(old, [Entry("x/a.txt", "k1", "a.txt", None), Entry("c.txt", "k3", "c.txt", None),
    ...                          Entry("d.txt", "k4", "d.txt", None)])
    >>> sorted(c.new), [e.name for e in c.removed], [e.name for e in c.reused]
    (['c.txt'], ['b.txt'], ['a.txt', 'd.txt'])
    >>> corpus_changes(old, [Entry("x/a.txt", "k1", "a.txt", None), Entry("y/a.txt", "k5", "a.txt", None)])
    'two documents are named a.txt (their evidence is named after the file)'
    >>> corpus_changes(old, [Entry("c.txt", "k3", "c.txt", None)])
    'most documents changed (1 to read, 3 to remove, 0 to keep)'
    """
    seen: set[str] = set()
    for entry in current:
        if entry.name in seen:
            return f"two documents are named {entry.name} (their evidence is named after the file)"
        seen.add(entry.name)
    reused = tuple(entries[e.name] for e in current if e.name in entries and entries[e.name].key == e.key)
    kept = {e.name for e in reused}
    removed = tuple(e for name, e in sorted(entries.items()) if name not in kept)
    new = frozenset(e.name for e in current if e.name not in kept)
    if len(new) + len(removed) > len(reused):
        return f"most documents changed ({len(new)} to read, {len(removed)} to remove, {len(reused)} to keep)"
    return Changes(new, removed, tuple(sorted(reused, key=lambda e: e.name)))


class Ledger:
    """One store's ledger, open for reading and writing (a build holds the store's lock)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=OFF")     # the folder is staged: a failed build is thrown away
            self.db.execute("PRAGMA synchronous=OFF")
        except sqlite3.Error as exc:
            raise LedgerError(f"{path}: {exc}") from None

    @classmethod
    def create(cls, folder: Path, version: str) -> Ledger:
        ledger = cls(folder / FILE)
        ledger.db.executescript(_SCHEMA)
        ledger.db.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
        return ledger

    def version(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def entries(self) -> dict[str, Entry]:
        try:
            rows = self.db.execute("SELECT path, key, name, no_plan FROM documents ORDER BY name").fetchall()
        except sqlite3.Error as exc:
            raise LedgerError(f"{self.path}: {exc}") from None
        return {row[2]: Entry(*row) for row in rows}

    def text(self, name: str) -> str:
        row = self.db.execute("SELECT text FROM texts WHERE name = ?", (name,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8")

    def add_text(self, name: str, text: str) -> None:
        """Keep the text a document was read as (for ``out/texts/``; the last of one name wins, as there)."""
        self.db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (name, zlib.compress(text.encode("utf-8"), 1)))

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def written(self, path: Path) -> str | None:
        """The signature (:func:`file_signature`) the output file at ``path`` had when a build wrote it."""
        row = self.db.execute("SELECT signature FROM written WHERE path = ?", (str(path.absolute()),)).fetchone()
        return row[0] if row else None

    def note_written(self, path: Path, signature: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO written VALUES (?, ?)", (str(path.absolute()), signature))

    def input_digests(self) -> dict[str, tuple[str, str]]:
        """Absolute path -> (signature, SHA-256) of every input file of the build that wrote the ledger."""
        try:
            return {path: (signature, digest)
                    for path, signature, digest in self.db.execute("SELECT path, signature, sha256 FROM inputs")}
        except sqlite3.Error:
            return {}

    def note_input_digests(self, digests: dict[str, tuple[str, str]]) -> None:
        self.db.execute("DELETE FROM inputs")
        self.db.executemany("INSERT INTO inputs VALUES (?, ?, ?)",
                            ((path, signature, digest) for path, (signature, digest) in sorted(digests.items())))

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def add(self, entry: Entry, ntriples: bytes) -> None:
        """Record a document and count its shared lines."""
        lines = shared_lines(ntriples)
        self.db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                        (entry.name, entry.path, entry.key, entry.no_plan, zlib.compress(b"\n".join(lines), 1)))
        self.db.executemany("INSERT INTO shared VALUES (?, 1) ON CONFLICT(line) DO UPDATE SET documents = documents + 1",
                            ((_key(line),) for line in lines))

    def remove(self, name: str) -> list[bytes]:
        """Forget a document; return its shared lines that no remaining document writes (its own lines
        are the store's to find)."""
        row = self.db.execute("SELECT shared FROM documents WHERE name = ?", (name,)).fetchone()
        self.db.execute("DELETE FROM documents WHERE name = ?", (name,))
        self.db.execute("DELETE FROM texts WHERE name = ?", (name,))
        gone = []
        for line in zlib.decompress(row[0]).split(b"\n") if row else ():
            if not line:
                continue
            key = _key(line)
            left = self.db.execute("UPDATE shared SET documents = documents - 1 WHERE line = ? RETURNING documents",
                                   (key,)).fetchone()
            if left is not None and left[0] <= 0:
                self.db.execute("DELETE FROM shared WHERE line = ?", (key,))
                gone.append(line)
        return gone

    def close(self) -> None:
        self.db.close()
