"""Extraction as a Dask job (``kg build --engine dask [--scheduler ADDRESS]``).

The counterpart of ``kg.build._extracted`` on a Dask cluster: the client reads
each document's bytes and sends them to a worker, which decodes and extracts
them (so the workers need ``hpkg`` installed, not the input files); the
results come back as they finish and are handed on in file order, so the
merged graph, and every output file, is byte-identical to a local build.

Without a scheduler address a local cluster is started (worker processes on
the loopback interface, no dashboard) and closed at the end. Dask is an
optional dependency: ``pip install 'hpkg[distributed]'``.
"""
from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.document import Extracted, extract_bytes
from kg.errors import UserError
from kg.read.corpus import InputError, read_bytes

CONNECT_TIMEOUT = 10          # seconds to reach a scheduler before giving up
IN_FLIGHT_PER_WORKER = 4      # documents sent ahead per worker thread: keeps memory bounded, workers busy

class EngineError(UserError):
    """A one-line problem with the distributed engine: Dask missing, scheduler unreachable."""


def _dask():
    try:
        import dask.distributed
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'hpkg[distributed]'") from None
    return dask.distributed


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def connect(scheduler: str | None, workers: int):
    """A Dask client and, without a scheduler address, the local cluster it runs on (None otherwise)."""
    dd = _dask()
    if scheduler is None:
        try:
            cluster = dd.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, silence_logs=logging.ERROR)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot start a local Dask cluster ({_one_line(exc)})") from None
        return dd.Client(cluster), cluster
    _probe(scheduler)
    try:
        return dd.Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({_one_line(exc)})") from None


def _probe(scheduler: str) -> None:
    """Fail at once, before a Dask client exists, when nothing listens at a TCP scheduler address."""
    scheme, _, rest = scheduler.rpartition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("", "tcp") or not port.isdigit():
        return                                  # other transports: Dask's own connection attempt says
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        reason = exc.strerror or _one_line(exc)
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({reason})") from None


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return read_bytes(path), None
    except InputError as exc:
        return None, str(exc)


def dask_extracted(files: list[Path], workers: int = 2, scheduler: str | None = None,
                   progress: bool = False) -> Iterator[tuple[Path, Extracted]]:
    """Yield ``(path, (ntriples, error, seconds, no_plan))`` in file order, extraction running on a Dask cluster."""
    client, cluster = connect(scheduler, workers)
    try:
        dd = _dask()
        threads = sum(client.nthreads().values()) or workers
        window = max(1, threads * IN_FLIGHT_PER_WORKER)
        done: dict[int, Extracted] = {}
        index_of: dict[str, int] = {}
        pending = dd.as_completed()
        sent = 0
        bar = _bar(len(files)) if progress else None

        def send() -> None:
            nonlocal sent
            path = files[sent]
            raw, error = _read(path)
            if error is not None:
                done[sent] = (None, error, {}, None)
            else:
                future = client.submit(extract_bytes, path.name, raw, str(path), pure=False)
                index_of[future.key] = sent
                pending.add(future)
            sent += 1

        for index in range(len(files)):
            while sent < len(files) and pending.count() < window:
                send()
            while index not in done:
                future = next(pending)
                position = index_of.pop(future.key)
                try:
                    done[position] = future.result()
                except (dd.KilledWorker, dd.CancelledError, OSError, TimeoutError) as exc:
                    raise EngineError(f"{files[position]}: the Dask job failed ({_one_line(exc)})") from None
                future.release()
            if bar is not None:
                bar.update()
            yield files[index], done.pop(index)
        if bar is not None:
            bar.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
