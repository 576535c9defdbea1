"""The network picture's layout: parts side by side inside the picture, names off each other."""

from __future__ import annotations

import networkx as nx

from liens.reports.layout import packed, unclashed


def _network() -> nx.Graph:
    """Zachary's karate club, plus the small parts a real network picture has: two trios,
    five pairs and four persons linked to nobody shown."""
    graph = nx.karate_club_graph()
    graph.add_edges_from([(100, 101), (101, 102), (110, 111), (111, 112), (110, 112)])
    graph.add_edges_from((200 + 2 * i, 201 + 2 * i) for i in range(5))
    graph.add_nodes_from(range(300, 304))
    return graph


def _box(at, nodes):
    xs, ys = [at[n][0] for n in nodes], [at[n][1] for n in nodes]
    return min(xs), min(ys), max(xs), max(ys)


def test_it_keeps_every_person_inside_the_picture():
    at = packed(_network(), 640, 430, pad=16)
    assert set(at) == set(_network())
    assert all(
        16 - 1e-6 <= x <= 624 + 1e-6 and 16 - 1e-6 <= y <= 414 + 1e-6 for x, y in at.values()
    )


def test_it_draws_the_parts_apart_the_largest_first():
    graph = _network()
    at = packed(graph, 640, 430, pad=16)
    parts = sorted(nx.connected_components(graph), key=len, reverse=True)
    boxes = [_box(at, part) for part in parts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)
    assert boxes[0][1] == min(box[1] for box in boxes)  # the club is in the first row
    # the club, the part that matters, spreads over much of the picture
    assert (boxes[0][2] - boxes[0][0]) * (boxes[0][3] - boxes[0][1]) > 0.15 * 608 * 398


def test_it_draws_the_same_picture_every_time():
    assert packed(_network(), 640, 430, pad=16) == packed(_network(), 640, 430, pad=16)


def test_it_moves_a_name_off_the_one_placed_before_it():
    (first, second) = unclashed([(100, 100, 80, 14), (120, 104, 80, 14)], 640, 430)
    assert first == (0, 0)
    dx, dy = second
    assert abs(dy) >= 10 and dx == 0  # a line up or down: the boxes no longer meet


def test_it_keeps_a_name_inside_the_picture():
    ((dx, dy),) = unclashed([(600, 2, 80, 14)], 640, 430)
    assert 600 + dx + 80 <= 640 and dy == 0
