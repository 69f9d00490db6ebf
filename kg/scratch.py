"""Scratch folders in the system's temporary folder (the build's graph, the Turtle being dumped, a store being
served), named after the process that made them.

A build killed outright (``kill -9``, out of memory, powered off) cannot remove its own: the next ``kg`` command
that makes one removes those whose process is gone, as a build removes what a dead build left beside its outputs
(:func:`kg.rdf.store.remove_leftovers`). Without it each killed build of 10 MB leaves about 10 MB behind.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

PREFIX = "hpkg-"
_NAME = re.compile(rf"{PREFIX}(?:[a-z]+)-(\d+)-[A-Za-z0-9_]+")


def scratch_folder(kind: str) -> str:
    """A new folder ``hpkg-<kind>-<pid>-<random>`` in the temporary folder; left ones of dead processes are
    removed first."""
    return tempfile.mkdtemp(prefix=_prefix(kind))


class ScratchDirectory(tempfile.TemporaryDirectory):
    """A :class:`tempfile.TemporaryDirectory` named by :func:`scratch_folder`."""

    def __init__(self, kind: str):
        super().__init__(prefix=_prefix(kind))


def _prefix(kind: str) -> str:
    _sweep_once(tempfile.gettempdir(), os.getpid())
    return f"{PREFIX}{kind}-{os.getpid()}-"


@lru_cache(maxsize=None)
def _sweep_once(folder: str, pid: int) -> None:
    """remove_dead_scratch, once per temporary folder and process (a build makes several scratch folders; a forked
    worker is a process of its own)."""
    remove_dead_scratch(folder)


def remove_dead_scratch(folder: str | Path | None = None) -> list[Path]:
    """Remove this user's scratch folders whose process is no longer running; return them."""
    removed = []
    try:
        entries = sorted(Path(folder or tempfile.gettempdir()).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        if not match:
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        if info.st_uid != os.getuid() or not entry.is_dir() or entry.is_symlink() or process_alive(int(match[1])):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:             # another user's process
        return True
    return True
