"""Work of the build done in a forked process while MkDocs goes on.

The build waits for it where its output is needed and gets its problems, one line
each: an exception in the child is reported as a problem, never as a traceback.
Every such process (cards, PDFs, search, short links) runs at a lower priority than
the build's own: MkDocs renders the pages that all the rest waits for, so it keeps
a core whenever it wants one, and the workers share what is left.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

NICENESS = 10


def fork_context() -> Any:
    """multiprocessing's fork, the build's objects frozen first for the garbage collector: no process's
    collections go through them, so the memory the processes share is not copied page by page."""
    gc.freeze()
    return multiprocessing.get_context("fork")


class Job:
    def __init__(self, what: str, work: Callable[[], list[str]]) -> None:
        fork = fork_context()
        self.what = what
        self._results: Any = fork.SimpleQueue()
        self._process = fork.Process(target=self._run, args=(work,), daemon=True)
        self._process.start()

    def _run(self, work: Callable[[], list[str]]) -> None:
        lower_priority()
        try:
            problems = work()
        except Exception as error:
            problems = [f"{self.what}: {error}"]
        self._results.put(problems)

    def wait(self) -> list[str]:
        return reports(self._process, self._results, 1, self.what)

    def stop(self) -> None:
        stop(self._process)


def lower_priority(pid: int = 0) -> None:
    """Give way to the build: a worker's priority (pid, or this process) below the build's own."""
    with contextlib.suppress(ProcessLookupError):  # it has ended already
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS))


def reports(process: Any, results: Any, count: int, what: str) -> list[str]:
    """Wait for count reports (lists of problems) that process, or processes it forked, put on
    results; their problems, and one more if the process ended before it reported."""
    received: list[list[str]] = []
    while len(received) < count:
        if not results.empty():
            received.append(results.get())
        elif process.is_alive():
            process.join(0.02)
        else:
            received.append([f"{what}: stopped (exit code {process.exitcode}); run the build again"])
            break
    process.join()
    return [problem for report in received for problem in report]


def stop(process: Any) -> None:
    if process.is_alive():
        process.terminate()
    process.join()
