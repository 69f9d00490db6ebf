"""A persistent graph for large corpora: an Oxigraph store on disk (``kg build --store DIR``).

Documents are extracted one at a time and their triples loaded in batches, so
memory stays flat however large the corpus; ``kg query --store DIR`` reads the
store directly with Oxigraph's SPARQL engine (and ``kg.serve.answers`` keeps the
bundled queries' answers beside it).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.errors import UserError
from kg.extract.pipeline import Stopwatch
from kg.rdf.derived import link_first_evidence
from kg.rdf.io import internal_query
from kg.scratch import process_alive

BATCH_CHARS = 10_000_000        # N-Triples characters loaded at a time: a larger batch costs memory, not time



class StoreError(UserError):
    pass


@dataclass
class StoreBuild:
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0
    no_plan: list[str] = field(default_factory=list)
    read: int | None = None         # documents read (extracted) by this build; None: not a --store build
    reused: int = 0                 # documents whose contribution the store kept
    removed: int = 0                # documents whose contribution was removed

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        skipped += f", {len(self.no_plan)} without a plan" if self.no_plan else ""
        if self.read is not None:
            skipped += f" ({self.read} read, {self.reused} reused, {self.removed} removed)"
        return (f"{self.documents} documents{skipped}: {self.counts.get('plans', 0)} plans, "
                f"{self.counts.get('initiatives', 0)} initiatives, {self.counts.get('targets', 0)} targets, "
                f"{self.triples} triples in {self.wall:.2f} s")


def fill_store(store: pyoxigraph.Store, documents, clock: Stopwatch, writing=nullcontext, batch_chars: int | None = None,
               compact: bool = True) -> StoreBuild:
    """Load each document's triples into the store, in batches of about ``batch_chars`` characters;
    ``documents`` yields (path, N-Triples). With ``compact``, compact the store once loaded (a store that
    is kept and queried; not worth it for one read).

    A batch is loaded by a thread of its own while the next one is read: Oxigraph lets go of the
    interpreter while it loads, so extraction and loading share the machine's cores.
    ``writing()`` is the context the store's own writes run in (``writing_store``: errors naming the store).
    """
    batch_chars = batch_chars or BATCH_CHARS
    result = StoreBuild()
    batch: list[str] = []
    size = 0
    with BatchLoader(store, writing) as loader:
        for _path, ntriples in documents:
            result.documents += 1
            batch.append(ntriples)
            size += len(ntriples)
            if size >= batch_chars:
                loader.load(batch)
                batch, size = [], 0
        loader.load(batch)
    clock.add({"load": loader.seconds})
    clock.restart()
    with writing():
        link_first_evidence(store)
        store.flush()
        if compact:
            store.optimize()        # one compaction: about a quarter off every later lookup on a large store
    clock.lap("load")
    result.triples = len(store)
    result.counts = count_nodes(store)
    return result


def _load(store: pyoxigraph.Store, chunks: list[str]) -> None:
    store.bulk_load("".join(chunks).encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)


class BatchLoader:
    """Loads batches of N-Triples into a store on a thread of its own, one batch at a time.

    ``load`` hands over a batch once the one before is in; the first error is raised, in ``writing()``,
    by the next ``load`` or at the end. Leaving the block early (an error, a signal) waits for the batch
    being loaded and loads no more.
    """

    def __init__(self, store: pyoxigraph.Store, writing=nullcontext):
        self._store, self._writing = store, writing
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.seconds = 0.0

    def __enter__(self) -> "BatchLoader":
        return self

    def load(self, batch: list[str]) -> None:
        self._wait()
        if batch:
            self._thread = threading.Thread(target=self._run, args=(batch,), name="hpkg-load")
            self._thread.start()

    def _run(self, batch: list[str]) -> None:
        started = time.perf_counter()
        try:
            with self._writing():
                _load(self._store, batch)
        except BaseException as exc:      # raised again in the thread that reads the documents
            self._error = exc
        self.seconds += time.perf_counter() - started

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self._wait()
        elif self._thread is not None:
            self._thread.join()


_HP = "https://w3id.org/hpkg/ontology#"
_SOURCE_DOCUMENT, _EVIDENCE = pyoxigraph.NamedNode(_HP + "sourceDocument"), pyoxigraph.NamedNode(_HP + "evidence")


def remove_document(store: pyoxigraph.Store, key: str, shared: list[bytes]) -> tuple[set[str], int]:
    """Remove what a document contributed (:mod:`kg.rdf.ledger`): its evidence (its key begins with its
    bytes' SHA-256, which names its document node) and the links to it, then ``shared``, its shared lines
    that no remaining document writes. Returns the subjects whose triples changed, and how many triples
    went."""
    document = pyoxigraph.NamedNode(f"https://w3id.org/hpkg/id/document/{key[:16]}")
    default = pyoxigraph.DefaultGraph()
    gone = []
    for evidence in [q.subject for q in store.quads_for_pattern(None, _SOURCE_DOCUMENT, document, default)]:
        gone += store.quads_for_pattern(evidence, None, None, default)
        gone += store.quads_for_pattern(None, _EVIDENCE, evidence, default)
    if shared:
        gone += pyoxigraph.parse(b"\n".join(shared) + b"\n", pyoxigraph.RdfFormat.N_TRIPLES)
    gone = [quad for quad in dict.fromkeys(gone) if quad in store]
    for quad in gone:
        store.remove(quad)
    return {quad.subject.value for quad in gone}, len(gone)


def count_new(store: pyoxigraph.Store, ntriples: bytes) -> int:
    """How many of the triples in ``ntriples`` the store does not hold yet."""
    return sum(1 for quad in set(pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)) if quad not in store)


def release_free_memory() -> None:
    """Give the memory the C allocator holds free back to the system (glibc's ``malloc_trim``; elsewhere
    nothing). Oxigraph's threads leave large freed areas behind a long query or dump, which would
    otherwise stay counted against the build until it ends."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


def count_nodes(store: pyoxigraph.Store) -> dict[str, int]:
    """Plans, initiatives and targets in a store: each node once."""
    row = next(iter(store.query(internal_query("count-nodes"))))
    return {name: int(row[name].value) for name in ("plans", "initiatives", "targets")}


# ------------------------------------------------ the folders a build replaces

MARKER = ".kg-store"            # in every store folder kg build writes: the only folders --store will replace
_NOTE = "An Oxigraph store written by kg build --store; the next kg build --store DIR replaces this folder whole.\n"


class FolderError(UserError):
    """A one-line refusal or failure about a folder a build writes (``--out`` or ``--store``)."""


class FolderBusy(FolderError):
    """Another build, alive, holds the folder's lock."""


def reason(exc: OSError, staging: Path | None = None, target: Path | None = None) -> str:
    """The cause of an OS error in a few words, without the staging paths the user never named.

    Oxigraph's errors carry no errno, only RocksDB's text: the system's words are found in it.

    >>> reason(OSError("IO error: No space left on device: While appending to file: /x/.db.kg-build-1-a/9.sst"))
    'No space left on device'
    """
    if exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EMFILE,
                 errno.ENOMEM, errno.ENOENT):
        if os.strerror(code) in text:
            return os.strerror(code)
    if staging is not None and target is not None:
        text = text.replace(str(staging), str(target))
    return text or type(exc).__name__


def check_store_folder(store: Path, out: Path, inputs: list[Path]) -> Path:
    """The resolved store folder, if ``kg build --store`` may replace it; else a one-line FolderError.

    It may replace a folder that does not exist, is empty or holds a store it wrote (with ``MARKER``),
    apart from the output folder and the inputs; never a file, a mount point or anything else.
    """
    target = store.resolve()
    given = f"--store {store}"
    if os.path.lexists(target) and not target.is_dir():
        raise FolderError(f"{given}: is a file, not a folder; --store names a folder that the build replaces whole")
    out_at = out.resolve()
    if target == out_at or out_at in target.parents or target in out_at.parents:
        raise FolderError(f"{given}: overlaps the output folder --out {out}; give them separate folders")
    for item in inputs:
        at = item.resolve()
        if at == target or target in at.parents:
            raise FolderError(f"{given}: holds the input {item}; the store folder is replaced whole, "
                              f"so give one apart from the documents")
        if at in target.parents and at.is_dir():
            raise FolderError(f"{given}: is inside the input folder {item}; give a store folder apart from the documents")
    if target.is_dir():
        if os.path.ismount(target):
            raise FolderError(f"{given}: is a mount point, which cannot be replaced; give a folder inside it")
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise FolderError(f"{given}: its parent folder is not writable, and the new store is built beside it")
        if not (target / MARKER).is_file() and any(target.iterdir()):
            raise FolderError(f"{given}: is not empty and holds no store written by kg build (no {MARKER} in it); "
                              f"give a new or empty folder")
    return target


@contextmanager
def writing_store(staging: Path, target: Path):
    """OS errors while writing a store built at ``staging`` become one-line FolderErrors naming ``target``."""
    try:
        yield
    except OSError as exc:
        raise FolderError(f"{target}: cannot write the store ({reason(exc, staging, target)})") from None


def mark_store(folder: Path) -> None:
    """Write the marker that lets a later build replace this folder."""
    (folder / MARKER).write_text(_NOTE, encoding="utf-8")


def _beside(folder: Path, what: str) -> Path:
    """Where a build keeps its ``what`` (staging, lock) for a folder: hidden beside it on the same file system;
    inside it where it cannot be written beside (a mount point, or a folder whose parent is not writable:
    a home folder under a read-only /home). A store folder is never such a folder (``check_store_folder``)."""
    if folder.is_dir() and (os.path.ismount(folder) or not os.access(folder.parent, os.W_OK | os.X_OK)):
        return folder / f".kg-{what}"
    return folder.parent / f".{folder.name}.kg-{what}"


def staging_folder(target: Path) -> Path:
    """A new hidden folder on the target's file system, named by this process so that a later build
    can tell when it is left over from a build that died."""
    target.parent.mkdir(parents=True, exist_ok=True)
    place = _beside(target, f"build-{os.getpid()}-")
    return Path(tempfile.mkdtemp(prefix=place.name, dir=place.parent))


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the staging folders and old stores left beside ``target`` by builds that died (killed or
    powered off); call it holding the target's lock. A store moved aside by a build killed before it
    put the new one in place is put back. Returns what was removed."""
    removed = []
    build, old = _beside(target, "build-"), _beside(target, "old-")
    pattern = re.compile(rf"(?:{re.escape(build.name)}(\d+)-.+|{re.escape(old.name)}(\d+))")
    if not build.parent.is_dir():
        return removed
    for entry in sorted(build.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if not match or process_alive(int(match[1] or match[2])) or not entry.is_dir() or entry.is_symlink():
            continue
        if match[2] and not os.path.lexists(target):
            os.rename(entry, target)
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


_HELD_LOCKS: set[int] = set()       # this process's lock files: a forked worker must not hold them past its parent


def _drop_locks_in_child() -> None:
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextmanager
def locked(folders: list[Path]):
    """Hold the build locks of these folders (``.NAME.kg-lock`` beside each, with flock), or refuse at once
    with a one-line FolderError naming the build that holds one. The lock files are removed on release."""
    with ExitStack() as stack:
        for folder in folders:
            stack.enter_context(_locked(folder))
        yield


@contextmanager
def _locked(folder: Path):
    path = _beside(folder, "lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise FolderError(f"{folder}: cannot create its lock file {path} ({reason(exc)})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise FolderBusy(f"{folder}: another kg build (pid {holder}) is writing it; "
                              f"run this one when that one has finished") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)                  # its holder removed the file as we opened it: lock the new one
    _HELD_LOCKS.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)           # while still holding it, so that no one locks the removed file
        except OSError:
            pass
        _HELD_LOCKS.discard(fd)
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 with RENAME_EXCHANGE); False where the system has no
    such call or the file system does not support it."""
    rename = getattr(_libc(), "renameat2", None)
    if rename is None:
        return False
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2
    if rename(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


@dataclass
class Swapped:
    """A new folder put in place of a target; ``undo`` puts the old one back, ``finish`` removes it."""
    target: Path
    staging: Path
    old: Path | None             # where the previous folder is now (None: there was none)

    def undo(self) -> None:
        if self.old == self.staging:
            _exchange(self.staging, self.target)
            return
        os.rename(self.target, self.staging)
        if self.old is not None:
            os.rename(self.old, self.target)

    def finish(self) -> None:
        if self.old is not None:
            shutil.rmtree(self.old, ignore_errors=True)


def swap_in(new: Path, target: Path) -> Swapped:
    """Put a freshly built folder in place of ``target``: one atomic exchange where the system allows,
    else two renames (a kill between them leaves the old folder at ``.NAME.kg-old-PID``, which the
    next build puts back). Raises FolderError, with nothing changed, when the target cannot be replaced."""
    try:
        if not os.path.lexists(target):
            os.rename(new, target)
            return Swapped(target, new, None)
        if _exchange(new, target):
            return Swapped(target, new, new)
        old = _beside(target, f"old-{os.getpid()}")
        os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)
            raise
        return Swapped(target, new, old)
    except OSError as exc:
        raise FolderError(f"{target}: cannot replace the store ({reason(exc)})") from None


def note_pending_outputs(target: Path, staging: Path, out: Path, files: list[tuple[str, str]],
                         stale: list[str]) -> Path:
    """Before a new store is put in place of ``target``: note beside it the outputs that go with it (each
    staged file and its place in ``out/``, and the files of ``out/`` it leaves out), so that a build killed
    between the store's swap and ``out/``'s can be finished by the next command (``finish_pending_outputs``).
    The new store is known by its folder's identity, which its renames keep."""
    journal = _beside(target, "pending")
    folder = os.stat(staging)
    record = {"store": [folder.st_dev, folder.st_ino], "folder": os.fspath(out), "out": files, "stale": stale}
    written = journal.with_name(journal.name + ".tmp")
    with open(written, "w", encoding="utf-8") as fh:
        json.dump(record, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(written, journal)
    return journal


def finish_pending_outputs(target: Path) -> bool:
    """Finish what a build killed between the swap of the store and that of ``out/`` left half done: if the
    new store is in place, put its staged outputs in place; if not, forget them (the old store and the old
    ``out/`` stand together). The caller holds the folders' locks. True if outputs were put in place."""
    journal = _beside(target, "pending")
    journal.with_name(journal.name + ".tmp").unlink(missing_ok=True)
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        record = {}
    try:
        folder = os.stat(target)
        swapped = record.get("store") == [folder.st_dev, folder.st_ino]
    except OSError:
        swapped = False
    if swapped:
        for staged, place in record["out"]:
            if os.path.exists(staged):
                os.makedirs(os.path.dirname(place), exist_ok=True)
                os.replace(staged, place)
        for place in record["stale"]:
            Path(place).unlink(missing_ok=True)
    journal.unlink()
    return swapped


def pending_out_folder(target: Path) -> Path | None:
    """The ``out/`` folder a killed build's outputs wait to be put into, beside the store ``target``."""
    try:
        record = json.loads(_beside(target, "pending").read_text(encoding="utf-8"))
        return Path(record["folder"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def finish_killed_build(target: Path) -> None:
    """What opens a store (a reader, the next build) first finishes a killed build's outputs
    (``finish_pending_outputs``), holding the folders' locks; a build still running finishes them itself, and
    one that cannot write says so."""
    if not os.path.lexists(_beside(target, "pending")):
        return
    out = pending_out_folder(target)
    try:
        with locked([folder for folder in (out, target) if folder is not None]):
            finish_pending_outputs(target)
    except FolderBusy:
        pass
    except (FolderError, OSError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"kg: warning: {target}: a killed build left its outputs half in place and they cannot be finished "
              f"now ({detail}); run kg build again", file=sys.stderr)


def open_store(path: Path) -> pyoxigraph.Store:
    """A store folder written by ``kg build --store``, opened read-only (after finishing the outputs of a
    build killed as it put them in place, ``finish_killed_build``)."""
    if not path.is_dir():
        raise StoreError(f"{path}: no such store folder (run kg build --store {path} first)")
    finish_killed_build(path.resolve())
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError:
        raise StoreError(f"{path}: not an Oxigraph store folder") from None

