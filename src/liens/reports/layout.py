"""Where the report's pictures put things: persons on the network picture, and names off
each other.

A spring layout of the whole graph pushes its small separate parts (a pair met at a dinner,
a person linked to nobody shown) to the edges, and squeezes the part that matters into the
middle of the picture: on the demo, 150 persons in 34 parts drew the largest group as a
blot. So each part is laid out on its own and the parts are packed by size in rows, as a
reader expects from a network map.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np

SEED = 7  # the same picture on every run
# Average glyph width as a share of the font size, for sans-serif text: names and numbers.
GLYPH = 0.6
MARGIN = 0.5  # room around each part, in lines' lengths


def text_width(text: str, size: float) -> float:
    """How wide `text` draws at `size`, near enough to keep it inside its picture."""
    return len(text) * size * GLYPH


def packed(
    graph: nx.Graph, width: float, height: float, *, pad: float
) -> dict[Hashable, tuple[float, float]]:
    """Each node's place in the `width` × `height` box: every connected part drawn by a
    seeded spring layout at one scale (its typical line one unit long), turned so that its
    widest spread runs across, and the parts packed in centred rows, the largest first."""
    parts = sorted(nx.connected_components(graph), key=lambda p: (-len(p), min(p)))
    shapes = [_shape(graph.subgraph(part)) for part in parts]
    boxes = [xy.max(axis=0) - xy.min(axis=0) + 2 * MARGIN for _nodes, xy in shapes]
    area = sum(float(w * h) for w, h in boxes)
    side = max(max(float(w) for w, _h in boxes), math.sqrt(area * width / height))
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, (w, _h) in enumerate(boxes):
        if rows[-1] and used + w > side:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += float(w)
    at: dict[Hashable, np.ndarray] = {}
    top = 0.0
    for row in rows:
        row_height = max(float(boxes[i][1]) for i in row)
        left = (side - sum(float(boxes[i][0]) for i in row)) / 2  # each row centred
        for i in row:
            nodes, xy = shapes[i]
            corner = np.array([left, top + (row_height - boxes[i][1]) / 2]) + MARGIN
            for node, point in zip(nodes, xy - xy.min(axis=0) + corner, strict=True):
                at[node] = point
            left += float(boxes[i][0])
        top += row_height
    return _fitted(at, width, height, pad)


def _shape(part: nx.Graph) -> tuple[list[Hashable], np.ndarray]:
    """A connected part's layout, its widest spread across, its median line one unit long
    (so that a pair and a crowd are drawn at the same scale)."""
    nodes = list(part)
    if len(nodes) == 1:
        return nodes, np.zeros((1, 2))
    pos = nx.spring_layout(part, seed=SEED)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    if len(nodes) > 2:
        _values, vectors = np.linalg.eigh(np.cov(xy.T))
        xy = xy @ vectors[:, ::-1]
    index = {n: i for i, n in enumerate(nodes)}
    lengths = [float(np.linalg.norm(xy[index[a]] - xy[index[b]])) for a, b in part.edges]
    return nodes, xy / max(float(np.median(lengths)), 1e-9)


def _fitted(
    at: dict[Hashable, np.ndarray], width: float, height: float, pad: float
) -> dict[Hashable, tuple[float, float]]:
    """`at` scaled alike on both axes to fill the box inside its padding, and centred."""
    xy = np.array(list(at.values()), dtype=float).reshape(-1, 2)
    low, high = xy.min(axis=0), xy.max(axis=0)
    room = np.array([width - 2 * pad, height - 2 * pad])
    scale = float((room / np.maximum(high - low, 1e-9)).min())
    offset = np.array([width / 2, height / 2]) - (low + high) / 2 * scale
    return {k: (float(x), float(y)) for k, (x, y) in zip(at, xy * scale + offset, strict=True)}


def unclashed(
    boxes: Sequence[tuple[float, float, float, float]], width: float, height: float
) -> list[tuple[float, float]]:
    """For each text box (left, top, width, height), in order of importance, the shift
    (dx, dy) that keeps it inside the picture and off every box placed before it, moving
    it the least: up or down by a line at a time, as far as three lines."""
    placed: list[tuple[float, float, float, float]] = []
    shifts = []
    for left, top, w, h in boxes:
        dx = min(max(0.0, -left), width - w - left) if w < width else -left
        tries = [0.0, *(sign * step * h for step in (1, 2, 3) for sign in (-1, 1))]
        fits = [dy for dy in tries if top + dy >= 0 and top + dy + h <= height] or [0.0]
        dy = next(
            (d for d in fits if not any(_overlap((left + dx, top + d, w, h), p) for p in placed)),
            fits[0],
        )
        placed.append((left + dx, top + dy, w, h))
        shifts.append((dx, dy))
    return shifts


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
