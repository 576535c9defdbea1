"""Which clusters a person's identities form once the merges that joined them are undone.

Pure: ids in, lists of ids out. The exact keys (email, phone, profile URL) join identities,
as the importer did. The groups recorded by the undone decisions say what was one person
before each merge: identities a decision had in different groups are never joined again,
even through a shared key (an import can leave two persons sharing an address: the first
key matched wins), and identities it had together stay together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from liens.resolution.unionfind import UnionFind

Groups = Sequence[Sequence[int]]  # one decision: the identity ids of each person it joined


class _Clusters(UnionFind[int]):
    """Identity ids, joined unless a decision had them apart; each set knows its group in
    every decision."""

    def __init__(self, ids: Iterable[int], decisions: Sequence[Groups]) -> None:
        super().__init__(ids)
        self.groups: dict[int, dict[int, int]] = {i: {} for i in self.parent}
        for d, groups in enumerate(decisions):
            for g, members in enumerate(groups):
                for member in members:
                    if member in self.groups:
                        self.groups[member][d] = g

    def join(self, a: int, b: int, *, force: bool = False) -> bool:
        """Put `a` and `b` together, unless a decision had them apart; say if they are."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        ga, gb = self.groups[a], self.groups[b]
        if not force and any(gb.get(d, g) != g for d, g in ga.items()):
            return False
        low = self.union(a, b)
        self.groups[low] = {**gb, **ga}
        del self.groups[b if low == a else a]
        return True


def split(
    identities: Iterable[int],
    keys: Iterable[tuple[int, str, str]],
    *,
    together: Iterable[int] = (),
    decisions: Sequence[Groups] = (),
) -> list[list[int]]:
    """The clusters of `identities` (ids), each sorted, ordered by their oldest identity.

    `keys`: (identity id, kind, value) of their exact keys. `together`: identities that are
    one whatever their keys (mine). `decisions`: the groups of each decision being undone.
    """
    clusters = _Clusters(sorted(identities), decisions)
    # What a decision recorded as one person stays one: the same group in every decision.
    labels: dict[tuple[int, ...], int] = {}
    for i, groups in list(clusters.groups.items()):
        if groups:
            label = tuple(groups.get(d, -1) for d in range(len(decisions)))
            clusters.join(labels.setdefault(label, i), i)
    mine = sorted(i for i in together if i in clusters.parent)
    for i in mine[1:]:
        clusters.join(mine[0], i, force=True)
    holders: dict[tuple[str, str], list[int]] = {}
    for identity, kind, value in keys:
        if identity in clusters.parent:
            holders.setdefault((kind, value), []).append(identity)
    for members in sorted(holders.values(), key=min):
        left = sorted(set(members))
        while len(left) > 1:  # all with the first; those a decision keeps apart, among them
            left = [m for m in left[1:] if not clusters.join(left[0], m)]
    found: dict[int, list[int]] = {}
    for i in clusters.parent:
        found.setdefault(clusters.find(i), []).append(i)
    return sorted((sorted(c) for c in found.values()), key=lambda c: c[0])
