"""Build: input paths -> facts -> graph -> files in the output folder.

Every output is written to a temporary file beside it and moved into place
only when all of them are ready, so a failed build leaves the previous
``out/`` exactly as it was.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import pyoxigraph
from rdflib import Graph

from kg.read.corpus import (InputError, document_from_bytes, file_sha256, find_files, identical_files, read_bytes,
                            skipped_line)
from kg.rdf.graph import graph_over, oxigraph_store
from kg.scratch import ScratchDirectory
from kg.document import Extracted, extract_bytes
from kg.extract.pipeline import Stopwatch, extract_document
from kg.rdf.store import (MARKER, FolderError, check_store_folder, finish_killed_build, locked, mark_store,
                          note_pending_outputs, reason, release_free_memory,
                          remove_leftovers, staging_folder, swap_in, writing_store)
from kg.rdf.io import BackgroundDump, write_turtle
from kg.rdf.patch import patch_turtle
from kg.rdf.ledger import (FILE, Changes, Entry, Ledger, LedgerError, build_version, corpus_changes,
                           file_signature, unchanged_since_written)


@dataclass
class BuildResult:
    graph: Graph
    files: list[Path]
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)    # per stage, added up over worker processes
    no_plan: list[str] = field(default_factory=list)            # "file: reason" of each document that gave none
    wall: float = 0.0                                            # the whole build, as the clock on the wall says
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # file name -> the text its offsets refer to
    scratch: object = field(default=None, repr=False)   # the temporary folder of the graph's store, while it lives

    @cached_property
    def counts(self) -> dict[str, int]:
        from kg.rdf.store import count_nodes

        return count_nodes(oxigraph_store(self.graph))

    def summary(self) -> str:
        from kg.rdf.store import StoreBuild

        # the store counts its triples itself: rdflib's len() over it builds a set of every triple first
        return StoreBuild(len(self.files), self.skipped, len(oxigraph_store(self.graph)), self.counts,
                          wall=self.wall or sum(self.seconds.values()), no_plan=self.no_plan).summary()


def _extract_file(path: Path) -> Extracted:
    try:
        raw = read_bytes(path)
    except InputError as exc:
        return None, str(exc), {}, None, None
    return extract_bytes(path.name, raw, str(path))


def warm_up() -> None:
    """Load the gazetteer, the rules and jieba once, before worker processes are forked from us."""
    from kg.extract.textutil import tokenizer

    extract_document(document_from_bytes("warm-up.txt", "2025年全国卫生健康工作会议召开。实施医疗卫生强基工程。".encode()))
    tokenizer()
    gc.freeze()     # the dictionaries live as long as the process: the collector need not walk them again


PARALLEL_MIN_BYTES = 2_000_000   # below this, starting worker processes costs more than they save


def default_workers(files: list[Path]) -> int:
    """One process per core when the documents to read add up to ``PARALLEL_MIN_BYTES`` or more, else one."""
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            pass
        if total >= PARALLEL_MIN_BYTES:
            return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    return 1


def _extracted(files: list[Path], workers: int | None, progress: bool, engine: str = "local",
               scheduler: str | None = None):
    if workers is None:
        workers = default_workers(files)
    if engine == "dask":
        from kg.distributed import dask_extracted
        yield from dask_extracted(files, workers, scheduler, progress)
        return
    if workers <= 1 or len(files) <= 1:
        results = _frozen_after_first(map(_extract_file, files))
        pool = None
    else:
        warm_up()
        # a SIGTERM while the workers are forked waits until the pool is whole and will be terminated below
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals)
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            raise
    try:
        if pool is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            _let_go_of_dictionaries()
            results = pool.imap(_extract_file, files, chunksize=max(1, min(16, len(files) // (workers * 8))))
        if progress:
            from tqdm import tqdm
            results = tqdm(results, total=len(files), unit="doc", file=sys.stderr, leave=False)
        yield from zip(files, results)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _let_go_of_dictionaries() -> None:
    """The workers were forked with jieba's dictionary and the gazetteer; the main process only loads their
    triples from now on, so it lets go of its own copies (about 200 MB). A worker started later loads them."""
    from kg.extract.places import load_regions
    from kg.extract.regions import load_gazetteer
    from kg.extract.textutil import let_go_of_tags, tag, tokenizer

    for cached in (tag, tokenizer, load_gazetteer, load_regions):
        cached.cache_clear()
    let_go_of_tags()


def _frozen_after_first(results):
    """The first document loads the dictionaries; from then on the collector need not walk them."""
    for i, result in enumerate(results):
        if i == 1:
            gc.freeze()
        yield result


def _worker_signals() -> None:
    """Workers stop quietly when the pool is terminated; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})     # forked while the parent held it back


@dataclass(frozen=True)
class Read:
    """One document read: its N-Triples, why it gave no plan (or None), the text its offsets count in."""
    path: Path
    ntriples: str
    no_plan: str | None
    text: str | None


def read_documents(extracted, keep_going: bool, skipped: list[str], clock: Stopwatch):
    """Each document that could be read, in order, with the seconds per stage added to ``clock``. A refused
    document stops the build, or with ``keep_going`` is listed in ``skipped``."""
    for path, (ntriples, error, seconds, why, *text) in extracted:
        clock.add(seconds)
        if error is None:
            yield Read(path, ntriples, why, text[0] if text else None)
        elif keep_going:
            skipped.append(error)
        else:
            raise InputError(error)


def readable(extracted, keep_going: bool, skipped: list[str], clock: Stopwatch, no_plan: list[str] | None = None,
             texts: dict[str, str] | None = None):
    """(path, N-Triples) of each document that could be read (:func:`read_documents`); a document that gave
    no plan is listed, with the reason, in ``no_plan``; the text each was read as goes into ``texts``."""
    for doc in read_documents(extracted, keep_going, skipped, clock):
        if doc.no_plan is not None and no_plan is not None:
            no_plan.append(doc.no_plan)
        if texts is not None and doc.text is not None:
            texts[doc.path.name] = doc.text
        yield doc.path, doc.ntriples


def unique_files(inputs: list[Path], digest: Callable[[Path], str | None] | None = None
                 ) -> tuple[list[Path], list[str]]:
    """The text files under the inputs, a file with the same bytes as an earlier one left out, and a line
    saying so for each one left out: a document is in the graph once, under one file name. ``digest``
    hashes a file's bytes (:class:`InputDigests`)."""
    files, others = find_files(inputs)
    copies = identical_files(files, digest)
    return ([path for path in files if path not in copies],
            [f"{path}: the same bytes as {copies[path]}, read once as {copies[path].name}"
             for path in files if path in copies] + ([skipped_line(others)] if others else []))


def fetch_inputs(urls_file: Path, cache: Path, delay: float = 1.0, timeout: float = 30.0) -> tuple[list[Path], list[str]]:
    """The files of a list of addresses (``kg build --urls``), downloaded once into ``cache``; with a line
    for each address that gave nothing. No address fetched at all is an error."""
    from kg.read.fetch import fetch_all, read_url_list

    urls = read_url_list(urls_file)
    if not urls:
        raise InputError(f"{urls_file}: no addresses (one a line)")
    fetched = fetch_all(urls, cache, delay=delay, timeout=timeout)
    if not fetched.files:
        raise InputError(f"{urls_file}: no address could be fetched ({fetched.failures[0]}"
                         f"{f' and {len(fetched.failures) - 1} more' if len(fetched.failures) > 1 else ''})")
    return fetched.files, fetched.failures


TEXTS = "texts"     # out/texts/NAME.txt: the text of each document, as its evidence offsets count


@dataclass(frozen=True)
class KeptText:
    """The text of a document a store update kept as it was: read from the ledger when it is needed."""
    ledger: Ledger
    name: str

    def __call__(self) -> str:
        return self.ledger.text(self.name)


def text_outputs(out_dir: Path, texts: dict[str, str | Callable[[], str]],
                 written: Callable[[Path], bool] = lambda path: False) -> dict[Path, Output]:
    """The kept texts, one file a document, named after the document. A text may be a function that reads
    it (a store build keeps them in its ledger, not in memory: such a text is read again when its file is
    written, so that no more than one is held at a time). A text whose file already holds it is left out:
    it is not written again; so is a :class:`KeptText` whose file is still the one a build ``written``
    there (known without reading either)."""
    out: dict[Path, Output] = {}
    for name, text in sorted(texts.items()):
        path = out_dir / TEXTS / f"{name}.txt"
        if isinstance(text, str):
            out[path] = text.encode("utf-8")
        elif not (isinstance(text, KeptText) and written(path)) and not _holds(path, text):
            out[path] = partial(_write_text, text)
    return out


def _write_text(text: Callable[[], str], fh: BinaryIO) -> None:
    fh.write(text().encode("utf-8"))


def _holds(path: Path, text: Callable[[], str]) -> bool:
    try:
        if path.is_symlink():
            return False
        size = path.stat().st_size
    except OSError:
        return False
    data = text().encode("utf-8")
    return size == len(data) and path.read_bytes() == data


def stale_texts(out_dir: Path, texts: Iterable[str]) -> list[Path]:
    """The kept texts of documents that are no longer among the inputs (``texts``: the names of those that are)."""
    folder = out_dir / TEXTS
    wanted = {f"{name}.txt" for name in texts}
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir()
                  if path.is_file() and path.suffix == ".txt" and path.name not in wanted)


def prune_texts(out_dir: Path, texts: Iterable[str]) -> None:
    """Remove the kept texts of documents that are no longer among the inputs."""
    for path in stale_texts(out_dir, texts):
        path.unlink(missing_ok=True)


def extract(inputs: list[Path], keep_going: bool = False, workers: int | None = None, progress: bool = False,
            engine: str = "local", scheduler: str | None = None, strict: bool = False) -> BuildResult:
    """Read and extract every document (in file order, whatever the number of workers), then build the graph.

    The graph lives in an Oxigraph store in a temporary folder (removed with the result): RocksDB keeps it
    on disk rather than in memory, and the canonical Turtle is written from it as it is from a ``--store``
    build's store (:func:`kg.rdf.io.write_turtle`), with no second copy of the triples.
    """
    from kg.rdf.store import fill_store

    clock = Stopwatch()
    files, duplicates = unique_files(inputs)
    skipped: list[str] = []
    done: list[Path] = []
    no_plan: list[str] = []
    texts: dict[str, str] = {}
    scratch = ScratchDirectory("graph")
    store = pyoxigraph.Store(scratch.name)

    def noted(documents):
        for path, ntriples in documents:
            done.append(path)
            yield path, ntriples
    fill_store(store, noted(readable(_extracted(files, workers, progress, engine, scheduler), keep_going, skipped,
                                     clock, no_plan, texts)),
               clock, compact=False)
    if not done:
        raise InputError(f"no readable document among {', '.join(map(str, inputs))} ({len(skipped)} skipped)")
    result = BuildResult(graph_over(store), done, duplicates + skipped, clock.seconds, no_plan=no_plan, texts=texts,
                         scratch=scratch)
    check_plans(inputs, result.counts["plans"], no_plan, strict, skipped)
    return result


def check_plans(inputs: list[Path], plans: int, no_plan: list[str], strict: bool, skipped: list[str]) -> None:
    """A build with no plan at all fails; with ``strict``, so does one where any document gave none."""
    if strict and no_plan:
        more = f" (and {len(no_plan) - 1} more)" if len(no_plan) > 1 else ""
        raise InputError(f"no plan in {no_plan[0]}{more} (--strict)")
    if not plans and not skipped:
        reason = f": {no_plan[0]}" if len(no_plan) == 1 else ""
        raise InputError(f"{', '.join(map(str, inputs))}: no plan found in any document{reason}")


def report_no_plan(no_plan: list[str]) -> None:
    for line in no_plan:
        print(f"no plan: {line}", file=sys.stderr)


Output = bytes | Callable[[BinaryIO], None]


class Staged:
    """Output files written in full into hidden staging folders beside their folders, not yet in place.

    ``commit`` renames them into place, ``discard`` removes whatever is left of the staging.
    Errors are one-line FolderErrors naming the output file, never a staging path.
    """

    def __init__(self, outputs: dict[Path, Output]):
        self.staging: dict[Path, Path] = {}
        # (staging file, output file) as strings: a build of 50,000 documents stages as many texts
        self.files: list[tuple[str, str]] = []
        self.created: list[Path] = []        # folders made for the outputs, removed again if they stay empty
        try:
            for path, data in outputs.items():
                self.files.append((os.fspath(self._write(path, data)), os.fspath(path)))
        except BaseException:
            self.discard()
            raise

    def _write(self, path: Path, data: Output) -> Path:
        parent = path.parent
        outer = next((folder for folder in self.staging if folder in parent.parents), None)
        if parent not in self.staging and outer is not None:
            # a subfolder of an output folder (out/texts) is staged inside that folder's staging, outside
            # out/, and made in out/ only when its files are put in place
            self.staging[parent] = self.staging[outer] / parent.relative_to(outer)
            self.staging[parent].mkdir(parents=True, exist_ok=True)
        if parent not in self.staging:
            if os.path.lexists(parent) and not parent.is_dir():
                raise FolderError(f"{parent}: is a file, not a folder")
            self.created += [folder for folder in (parent, *parent.parents) if not os.path.lexists(folder)]
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FolderError(f"{parent}: cannot create the folder ({reason(exc)})") from None
            try:
                self.staging[parent] = staging_folder(parent.resolve())
            except OSError as exc:
                raise FolderError(f"{parent}: cannot write beside it ({reason(exc)})") from None
        tmp = self.staging[parent] / path.name
        try:
            with open(tmp, "wb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise FolderError(f"{path}: cannot write ({reason(exc, self.staging[parent], parent)})") from None
        return tmp

    def check(self) -> None:
        """Fail now if an output cannot be put in place: a read-only folder, a folder where a file goes."""
        for parent in self.staging:
            check_writable(parent)
            if parent.exists() and not parent.is_dir():
                raise FolderError(f"{parent}: is a file, not a folder")
        for _tmp, path in self.files:
            if os.path.isdir(path) and not os.path.islink(path):
                raise FolderError(f"{path}: is a folder, where the build writes a file")

    def commit(self) -> None:
        for tmp, name in self.files:
            path = Path(name)
            try:
                if not path.parent.is_dir():
                    path.parent.mkdir()
                    self.created.insert(0, path.parent)
                os.replace(tmp, path)
            except OSError as exc:
                raise FolderError(f"{path}: cannot replace ({reason(exc)})") from None

    def discard(self) -> None:
        for folder in self.staging.values():
            shutil.rmtree(folder, ignore_errors=True)
        for folder in self.created:
            try:
                folder.rmdir()
            except OSError:
                break


def check_writable(folder: Path) -> None:
    """A one-line FolderError if a folder exists and the build could not put files into it."""
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        cause = "read-only file system" if os.statvfs(folder).f_flag & os.ST_RDONLY else "permission denied"
        raise FolderError(f"{folder}: cannot write into the folder ({cause})")


def write_atomically(outputs: dict[Path, Output]) -> None:
    """Write every file into a staging folder beside the output folder, then rename them all into place.

    An output is its bytes, or a function that writes them to an open file (for outputs too
    large to hold in memory). A build that fails or is killed before the renames leaves the
    output folder as it was; the staging folder is hidden and outside it.
    """
    staged = Staged(outputs)
    try:
        staged.check()
        staged.commit()
    finally:
        staged.discard()


def run_build(inputs: list[Path], out_dir: Path, keep_going: bool = False, workers: int | None = None,
              progress: bool = False, engine: str = "local", scheduler: str | None = None,
              strict: bool = False) -> BuildResult:
    """Build the graph in memory and write ``out_dir/kg.ttl`` and ``out_dir/graph.html``, holding the
    folder's lock (a second build into it refuses) and removing what killed builds left beside it."""
    started = time.perf_counter()
    check_writable(out_dir)
    with locked([out_dir.resolve()]):
        remove_leftovers(out_dir.resolve())
        result = extract(inputs, keep_going, workers, progress, engine, scheduler, strict)
        _write_outputs(result, out_dir, started)
    for line in result.skipped:
        print(f"skipped {line}", file=sys.stderr)
    report_no_plan(result.no_plan)
    return result


def _write_outputs(result: BuildResult, out_dir: Path, started: float) -> None:
    from kg.view.page import graph_view_html

    with BackgroundDump(oxigraph_store(result.graph)) as turtle:     # dumped while the page is drawn
        t0 = time.perf_counter()
        html = graph_view_html(result.graph).encode("utf-8")
        t1 = time.perf_counter()
        write_atomically({out_dir / "kg.ttl": turtle.write, out_dir / "graph.html": html,
                          **text_outputs(out_dir, result.texts)})
    result.seconds.update({"html": t1 - t0, "turtle": time.perf_counter() - t1})
    prune_texts(out_dir, result.texts)
    result.wall = time.perf_counter() - started


def run_store_build(inputs: list[Path], out_dir: Path, store_dir: Path, keep_going: bool = False,
                    workers: int | None = None, progress: bool = False, engine: str = "local", scheduler: str | None = None,
                    strict: bool = False, rebuild: bool = False):
    """Build into a persistent Oxigraph store, one document at a time, then write the outputs from it.

    Nothing holds the whole graph in Python objects: triples go to the store in batches, the
    Turtle file is streamed from the store, and the HTML view shows an overview.

    A store built before from the same tool and rules is updated, not rebuilt: only documents that are
    new or changed are read, and what documents gone or changed had contributed is removed (the
    store's ledger, :mod:`kg.rdf.ledger`); the outputs are those of a fresh build. ``rebuild``
    builds afresh whatever the store holds.

    The store and the outputs are built in full beside their folders, then put in place as one step
    as far as the file system allows: the store first (one atomic exchange on Linux), ``out/`` last;
    if ``out/`` cannot take its files the store is put back. The store folder must be one this tool
    may replace (``kg.rdf.store.check_store_folder``), and both folders are locked for the build.
    """
    from kg.serve.answers import compute_answers, seal_answers

    started = time.perf_counter()
    clock = Stopwatch()
    target = check_store_folder(store_dir, out_dir, inputs)
    check_writable(out_dir)
    finish_killed_build(target)
    with locked([out_dir.resolve(), target]):
        for folder in (out_dir.resolve(), target):
            remove_leftovers(folder)
        digests = InputDigests(known_input_digests(target))
        files, duplicates = unique_files(inputs, digests)
        documents = document_entries(files, digests)
        changes = "" if rebuild else store_changes(target, documents)      # asked for: nothing to say
        staging = staging_folder(target)
        staged = None
        update = isinstance(changes, Changes)
        try:
            if update:
                result, staged = _update_and_stage(staging, target, changes, documents, inputs, out_dir,
                                                   keep_going, workers, progress, clock, engine, scheduler, strict)
            else:
                if changes:
                    print(f"full rebuild: {changes}", file=sys.stderr)
                result, staged = _fill_and_stage(staging, target, documents, inputs, out_dir, keep_going,
                                                 workers, progress, clock, engine, scheduler, strict)
            # the build's store is closed (it went out of scope with the call), and with it what its writes
            # held in memory; the kept answers are computed on the store opened again
            release_free_memory()
            if not update:      # an update keeps none: its time is the point
                with writing_store(staging, target):
                    compute_answers(staging)
            with writing_store(staging, target):
                mark_store(staging)
                _note_input_digests(staging, digests)
                if not update:
                    seal_answers(staging)      # last: the seal is the fingerprint of the store's files
            clock.lap("answers")
            staged.check()
            # the two folders cannot change in one step: a build killed between them is finished by the
            # next command that opens the store, from this note
            pending = note_pending_outputs(target, staging, out_dir.resolve(), staged.files,
                                           [os.fspath(path) for path in stale_texts(out_dir, result.texts)])
            try:
                swapped = swap_in(staging, target)
                try:
                    staged.commit()
                except BaseException:
                    swapped.undo()
                    raise
            except BaseException:
                pending.unlink()
                raise
            swapped.finish()
            prune_texts(out_dir, result.texts)
            pending.unlink()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if staged is not None:
                staged.discard()
    result.skipped[:0] = duplicates
    result.seconds = clock.seconds
    result.wall = time.perf_counter() - started
    for line in result.skipped:
        print(f"skipped {line}", file=sys.stderr)
    report_no_plan(result.no_plan)
    return result


class InputDigests:
    """The SHA-256 of each input file, read at most once a build; not read at all when the file's signature
    (:func:`file_signature`) is the one the store's ledger noted with its hash (``known``)."""

    def __init__(self, known: dict[str, tuple[str, str]] | None = None):
        self.known = known or {}
        self.seen: dict[str, tuple[str, str]] = {}      # absolute path -> (signature, SHA-256), for the ledger

    def __call__(self, path: Path) -> str | None:
        where = str(path.absolute())
        if where in self.seen:
            return self.seen[where][1]
        signature = file_signature(path)                # before reading: a file changed since reads again
        noted = self.known.get(where)
        digest = noted[1] if signature is not None and noted and noted[0] == signature else file_sha256(path)
        if signature is not None and digest is not None:
            self.seen[where] = (signature, digest)
        return digest


def _note_input_digests(staging: Path, digests: InputDigests) -> None:
    ledger = Ledger(staging / FILE)
    try:
        ledger.note_input_digests(digests.seen)
    finally:
        ledger.close()


def known_input_digests(target: Path) -> dict[str, tuple[str, str]]:
    """What the store's ledger noted of its build's input files (any version: a hash of bytes stays true)."""
    if not (target / FILE).is_file():
        return {}
    try:
        ledger = Ledger(target / FILE)
    except LedgerError:
        return {}
    try:
        return ledger.input_digests()
    finally:
        ledger.close()


def document_entries(files: list[Path], digest: Callable[[Path], str | None] | None = None
                     ) -> dict[Path, Entry]:
    """Each input's ledger entry: its key is the bytes' hash with what the download cache says of the file,
    everything a document's triples depend on besides its name, path and the tool (no plan: not known yet)."""
    import json

    from kg.read.fetch import source_metadata

    digest = digest or file_sha256
    out = {}
    for path in files:
        hashed = digest(path) or "unreadable"     # read, and refused, with the reader's words
        meta = source_metadata(str(path))
        key = hashed + (":" + hashlib.sha256(json.dumps(meta).encode()).hexdigest()[:16] if meta else "")
        out[path] = Entry(str(path), key, path.name, None)
    return out


def store_changes(target: Path, documents: dict[Path, Entry]) -> Changes | str:
    """How the corpus differs from the one the store was built from; or why it is built afresh ("" for a
    store that is new or empty)."""
    if not (target / FILE).is_file():
        return "the store has no ledger (built by an earlier version)" if (target / MARKER).is_file() else ""
    ledger = Ledger(target / FILE)
    try:
        if ledger.version() != build_version():
            return "the tool or its rules changed since the store was built"
        return corpus_changes(ledger.entries(), list(documents.values()))
    except LedgerError as exc:
        return f"cannot read the store's ledger ({exc})"
    finally:
        ledger.close()


def _record(ledger: Ledger, documents: dict[Path, Entry], reads, no_plan: dict[Path, str], texts: dict,
            contributions: bool = True):
    """(path, N-Triples) of each document read, recorded in the ledger on the way: its text always (``texts``
    gets the function that reads it back), its contribution only with ``contributions``."""
    for doc in reads:
        if doc.no_plan is not None:
            no_plan[doc.path] = doc.no_plan
        ledger.add_text(doc.path.name, doc.text or "")
        texts[doc.path.name] = partial(ledger.text, doc.path.name)
        if contributions:
            ledger.add(replace(documents[doc.path], no_plan=doc.no_plan), doc.ntriples.encode("utf-8"))
        yield doc.path, doc.ntriples


def _fill_and_stage(staging: Path, target: Path, documents: dict[Path, Entry], inputs, out_dir: Path,
                    keep_going: bool, workers: int, progress: bool, clock: Stopwatch, engine: str = "local",
                    scheduler: str | None = None, strict: bool = False):
    """Fill a store at ``staging`` and write the outputs from it into their staging folders."""
    from kg.rdf.store import fill_store

    with writing_store(staging, target):
        store = pyoxigraph.Store(str(staging))
        ledger = Ledger.create(staging, build_version())
    skipped: list[str] = []
    no_plan: dict[Path, str] = {}
    texts: dict[str, str] = {}
    ledger.begin()
    reads = read_documents(_extracted(list(documents), workers, progress, engine, scheduler), keep_going, skipped,
                           clock)
    names = [path.name for path in documents]
    # documents are known by name: with two of one name the ledger records no contribution, and the next build
    # is a fresh one
    result = fill_store(store, _record(ledger, documents, reads, no_plan, texts, len(set(names)) == len(names)),
                        clock, writing=lambda: writing_store(staging, target))
    with writing_store(staging, target):
        ledger.commit()
    clock.lap("ledger")
    result.read = result.documents
    try:
        return _stage_outputs(store, result, skipped, list(no_plan.values()), texts, inputs, out_dir, clock, strict,
                              ledger)
    finally:
        ledger.close()


def _update_and_stage(staging: Path, target: Path, changes: Changes, documents: dict[Path, Entry], inputs,
                      out_dir: Path, keep_going: bool, workers: int, progress: bool, clock: Stopwatch,
                      engine: str = "local", scheduler: str | None = None, strict: bool = False):
    """Update a copy of the store at ``staging`` (hard links: cheap) by the changes, and write the outputs."""
    from kg.rdf.derived import TARGET_PREFIX, link_first_evidence
    from kg.rdf.store import StoreBuild, count_new, count_nodes, remove_document

    clock.restart()
    os.rmdir(staging)                              # a backup makes its own folder
    with writing_store(staging, target):
        pyoxigraph.Store.read_only(str(target)).backup(str(staging))
        shutil.copyfile(target / FILE, staging / FILE)
        store = pyoxigraph.Store(str(staging))
        ledger = Ledger(staging / FILE)
    ledger.begin()
    changed: set[str] = set()                      # subjects whose triples change: their Turtle blocks
    triples = _known_count(ledger)                 # counted as they change: counting the store reads it all
    for entry in changes.removed:                 # one document at a time: memory stays flat
        clock.restart()
        gone = ledger.remove(entry.name)
        clock.lap("ledger")
        with writing_store(staging, target):
            subjects, removed = remove_document(store, entry.key, gone)
        changed |= subjects
        triples = None if triples is None else triples - removed
        clock.lap("load")
    skipped: list[str] = []
    new_no_plan: dict[Path, str] = {}
    new_texts: dict[str, str] = {}
    fresh = [path for path in documents if path.name in changes.new]
    reads = read_documents(_extracted(fresh, workers, progress, engine, scheduler), keep_going, skipped, clock)
    added = [ntriples for _, ntriples in _record(ledger, documents, reads, new_no_plan, new_texts)]
    changed.update(m.group(1) for ntriples in added for m in _SUBJECT.finditer(ntriples))
    clock.restart()
    with writing_store(staging, target):
        if added:
            data = "".join(added).encode("utf-8")
            if triples is not None and len(data) <= COUNT_NEW_MAX_BYTES:
                triples += count_new(store, data)
            else:
                triples = None
            store.bulk_load(data, pyoxigraph.RdfFormat.N_TRIPLES)
        # the targets whose evidences changed take their first evidence again (kg.rdf.derived)
        unlinked, linked = link_first_evidence(store, (s for s in changed if s.startswith(TARGET_PREFIX)))
        triples = None if triples is None else triples - unlinked + linked
        store.flush()
    clock.lap("load")
    reused = {entry.name: entry for entry in changes.reused}
    no_plan, texts = [], {}
    for path in documents:                          # in file order, as a fresh build lists them
        entry = reused.get(path.name)
        if entry is not None:
            texts[path.name] = KeptText(ledger, entry.name)
            if entry.no_plan is not None:
                no_plan.append(entry.no_plan)
        elif path.name in new_texts:
            texts[path.name] = new_texts[path.name]
            if path in new_no_plan:
                no_plan.append(new_no_plan[path])
    with writing_store(staging, target):
        ledger.commit()
    clock.lap("ledger")
    result = StoreBuild(documents=len(texts), triples=len(store) if triples is None else triples,
                        counts=count_nodes(store), read=len(added),
                        reused=len(reused), removed=len([e for e in changes.removed if e.name not in changes.new]))
    try:
        return _stage_outputs(store, result, skipped, no_plan, texts, inputs, out_dir, clock, strict, ledger,
                              changed=changed)
    finally:
        ledger.close()


_SUBJECT = re.compile(r"(?m)^<([^>]*)>")
TRIPLES = "triples"                  # the ledger's note of how many triples the store holds
COUNT_NEW_MAX_BYTES = 50_000_000     # more N-Triples added than this: counting the store is the quicker


def _known_count(ledger: Ledger) -> int | None:
    noted = ledger.meta(TRIPLES)
    return int(noted) if noted is not None and noted.isdigit() else None


def _turtle_writer(store, old: Path, changed: set[str] | None,
                   dump: BackgroundDump | None = None) -> Callable[[BinaryIO], None]:
    """Write the store's canonical Turtle: patched from the last build's ``old`` file when only the
    ``changed`` subjects differ (None: write it in full, from ``dump`` when it was started already)."""
    def write(fh):
        if changed is not None:
            patch_turtle(old, store, changed, fh)
        elif dump is not None:
            dump.write(fh)
        else:
            write_turtle(store, fh)
    return write


def _patchable(ledger: Ledger, old: Path, changed: set[str] | None) -> set[str] | None:
    """``changed`` when the last build's Turtle can be patched: it is the file the store's last build wrote."""
    return changed if changed is not None and unchanged_since_written(ledger, old) else None


PAGE_KEY, PAGE_HASH = "page-source-sha256", "page-sha256"   # the ledger's notes of the last graph.html


def _graph_page(store, ledger: Ledger, old: Path) -> bytes:
    """graph.html: the last build's page again when it shows the same triples under the same title (a
    store's page is an overview, which one more document rarely changes), else drawn afresh."""
    from kg.rdf.graph import graph_from_ntriples
    from kg.view.page import graph_view_ntriples, to_networkx, to_pyvis, view_html

    shown, title = graph_view_ntriples(store)
    key = hashlib.sha256(b"\n".join(sorted(shown.splitlines())) + (title or "").encode("utf-8")).hexdigest()
    try:
        html = old.read_bytes() if ledger.meta(PAGE_KEY) == key else None
    except OSError:
        html = None
    if html is None or hashlib.sha256(html).hexdigest() != ledger.meta(PAGE_HASH):
        view = graph_from_ntriples(shown)
        html = view_html(to_pyvis(to_networkx(view), **({"title": title} if title else {}))).encode("utf-8")
    ledger.set_meta(PAGE_KEY, key)
    ledger.set_meta(PAGE_HASH, hashlib.sha256(html).hexdigest())
    return html


def _stage_outputs(store, result, skipped, no_plan, texts, inputs, out_dir: Path, clock: Stopwatch, strict: bool,
                   ledger: Ledger, changed: set[str] | None = None):
    """Check the build found plans, then write the outputs from the store into their staging folders. With
    ``changed``, the Turtle is patched from the last build's where it can be (:mod:`kg.rdf.patch`)."""
    result.skipped = skipped
    result.no_plan = no_plan
    if not result.documents:
        raise InputError(f"{', '.join(map(str, inputs))}: no plan found in any document")
    check_plans(inputs, result.counts["plans"], no_plan, strict, skipped)
    clock.restart()
    changed = _patchable(ledger, out_dir / "kg.ttl", changed)
    with ExitStack() as stack:
        dump = stack.enter_context(BackgroundDump(store)) if changed is None else None   # while the page is drawn
        html = _graph_page(store, ledger, out_dir / "graph.html")
        clock.lap("html")
        turtle = _turtle_writer(store, out_dir / "kg.ttl", changed, dump)
        staged = Staged({out_dir / "kg.ttl": turtle, out_dir / "graph.html": html,
                         **text_outputs(out_dir, texts, partial(unchanged_since_written, ledger))})
    for written, path in staged.files:       # moved into place, each keeps its signature
        ledger.note_written(Path(path), file_signature(written))
    result.texts = list(texts)                # the names: what prune_texts needs, without the readers
    ledger.set_meta(TRIPLES, str(result.triples))
    clock.lap("turtle")
    return result, staged
