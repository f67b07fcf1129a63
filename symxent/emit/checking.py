"""Checking the topics of a build, several at once when the machine has the CPUs for it.

When a build has several built-in topics and the process may use more than one CPU, worker
processes check the derivations' links, one topic per task, while this process reads the same
topics. Only verdicts come back (a SymPy expression sent between processes is rebuilt, and
a step written as the lecturer wrote it would not stay so): this process's own derivations take
them after matching every link's printed form (:meth:`symxent.derivation.Derivation._adopt`);
a link that does not match is checked here. Tables and plots are checked here. Derivation
files and lecture notes are always checked in this process. ``SYMXENT_BUILD_WORKERS=1`` checks
everything here, one topic at a time.

Example:
    >>> workers(["entropy"]), workers(["my_lecture.md", "entropy"])
    (1, 1)
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from symxent.catalogue import builtin_names, load

if TYPE_CHECKING:
    from symxent.check.numeric import NumericSettings
    from symxent.check.verdict import Verdict
    from symxent.topic import TopicReport

__all__ = ["MAX_WORKERS", "check_topics", "workers"]

MAX_WORKERS = 4
"""Most worker processes a build starts (each holds its own SymPy)."""

Progress = Callable[["TopicReport", float], None]


def workers(names: list[str]) -> int:
    """How many processes check ``names``: 1 unless all are built-in topics and CPUs are free."""
    wanted = os.environ.get("SYMXENT_BUILD_WORKERS", "").strip()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(cpus or 1, MAX_WORKERS)
    if len(names) < 2 or not set(names) <= set(builtin_names()):
        return 1
    return max(1, min(limit, len(names)))


Verdicts = list[list[tuple[str, "Verdict"]]]
"""Per derivation of a topic, in order: (fingerprint, verdict) per link."""


def _verdicts(name: str, base: str, settings: NumericSettings | None) -> tuple[Verdicts, float]:
    """Read one topic and check its derivations; the seconds include the reading."""
    start = time.perf_counter()
    topic = load(name, base=base)
    checked = []
    for chain in topic.chains:
        results = chain.check(settings).results
        lines = chain.fingerprints()
        checked.append([(line, r.verdict) for line, r in zip(lines, results, strict=True)])
    return checked, time.perf_counter() - start


def check_topics(
    names: list[str] | None,
    *,
    base: str = "auto",
    settings: NumericSettings | None = None,
    progress: Progress | None = None,
) -> tuple[list[TopicReport], list[float]]:
    """Check the named topics (all built-in ones if none): their reports and seconds, in order.

    Every name is read before any is checked, so a name that cannot be read stops the build
    before it spends time. ``progress`` is told each topic as it is done, in order.

    Raises:
        CatalogueError: for an unknown name or a file that cannot be loaded.
    """
    names = list(names or builtin_names())
    count = workers(names)
    if count > 1:
        try:
            return _in_workers(names, count, base, settings, progress)
        except (BrokenProcessPool, pickle.PicklingError, OSError):
            pass  # no processes here (a sandbox, a broken pool): check them in this one
    topics, reading = [], []
    for name in names:
        start = time.perf_counter()
        topics.append(load(name, base=base))  # lecture notes are checked as they are read
        reading.append(time.perf_counter() - start)
    reports, seconds = [], []
    for topic, read in zip(topics, reading, strict=True):
        start = time.perf_counter()
        report = topic.check(settings)
        reports.append(report)
        seconds.append(read + time.perf_counter() - start)
        if progress:
            progress(report, seconds[-1])
    return reports, seconds


def _in_workers(
    names: list[str],
    count: int,
    base: str,
    settings: NumericSettings | None,
    progress: Progress | None,
) -> tuple[list[TopicReport], list[float]]:
    reports, seconds = [], []
    context = multiprocessing.get_context("spawn")  # no fork of a process that has threads
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures = [pool.submit(_verdicts, name, base, settings) for name in names]
        try:
            topics = [load(name, base=base) for name in names]  # while the workers check
            for topic, future in zip(topics, futures, strict=True):
                checked, elapsed = future.result()
                for chain, verdicts in zip(topic.chains, checked, strict=True):
                    chain._adopt(verdicts, settings)
                report = topic.check(settings)
                reports.append(report)
                seconds.append(elapsed)
                if progress:
                    progress(report, elapsed)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return reports, seconds
