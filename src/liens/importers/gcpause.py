"""The cyclic garbage collector paused for a bulk step (no Django: parsers use it too)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a bulk step, as it was after.

    A big import builds millions of objects that all live to its end; every full collection
    walks them all again, and frees nothing (refcounting frees what dies). Only reference
    cycles made meanwhile wait for the next collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
