"""Progress of long command-line steps, shown on a terminal only: pipes and logs stay quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def shown() -> bool:
    """True when standard error is a terminal."""
    return sys.stderr.isatty()


@contextmanager
def step(name: str) -> Iterator[None]:
    """Say that a step starts and, when it ends, how long it took."""
    if not shown():
        yield
        return
    started = time.perf_counter()
    sys.stderr.write(f"{name} ...")
    sys.stderr.flush()
    yield
    sys.stderr.write(f" {time.perf_counter() - started:.1f} s\n")
    sys.stderr.flush()
