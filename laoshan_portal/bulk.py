"""Working in Python over a large set of rows.

Building a hundred thousand small objects (a district's care plans, say) makes the
cyclic garbage collector run hundreds of times, each time looking again at every object
built so far: a third of the time of such a page. Plain rows (tuples, named tuples, dates,
strings) hold no cycles, so nothing is lost by holding the collector off while they are
built; it runs as usual afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def collector_held() -> Iterator[None]:
    """The cyclic garbage collector off for the block (it stays off if it was already)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def many_rows(function: Callable[P, T]) -> Callable[P, T]:
    """``function`` run with the collector held: for the few functions that build a whole
    scope's rows as plain values."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with collector_held():
            return function(*args, **kwargs)

    return wrapper
