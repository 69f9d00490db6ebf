"""Work done in a forked child process, which shares the parent's memory copy-on-write.

Used where Python threads cannot help (the work holds the GIL or cannot be interrupted):
a query run under a time limit, the Turtle written while the page is drawn.

>>> Forked(lambda: sum(range(10))).result()
45
"""
from __future__ import annotations

import multiprocessing


class Forked:
    """compute() started at once in a forked child; result() waits for its value or its exception."""

    def __init__(self, compute):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def child():
            try:
                send.send(("ok", compute()))
            except Exception as exc:          # sent back as itself when it can be, else as its message
                try:
                    send.send(("error", exc))
                except Exception:
                    send.send(("error", RuntimeError(str(exc))))

        self._process = context.Process(target=child, daemon=True)
        self._process.start()
        send.close()

    def result(self, timeout: float | None = None):
        """The child's value; TimeoutError if it takes longer than ``timeout`` seconds (the child is killed)."""
        try:
            if not self._receive.poll(timeout):
                raise TimeoutError
            status, value = self._receive.recv()
        except EOFError:
            raise ChildProcessError("the child process ended without an answer") from None
        finally:
            self._process.kill()
            self._process.join()
        if status == "error":
            raise value
        return value
