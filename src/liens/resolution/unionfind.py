"""Which things end up together once some pairs are joined (no Django)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["UnionFind"]

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of `items`; each set is named by its lowest member, so the name does
    not depend on the order of the joins."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {item: item for item in items}

    def find(self, item: T) -> T:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> T:
        """Join the sets of `a` and `b`; returns the name of the joined set."""
        a, b = self.find(a), self.find(b)
        low, high = (a, b) if a <= b else (b, a)  # type: ignore[operator]
        self.parent[high] = low
        return low
