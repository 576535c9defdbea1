"""Inline SVG charts for the network review: no chart library, no script, no request.

The report must stay one file that opens offline and prints as it shows, so every chart is
SVG text written here. Callers pass labels and values already formatted in the report's
language: this module knows geometry, not languages. Every piece of text is escaped here,
because labels are user data (names, employers). Series differ by lightness, outline and
pattern as well as by hue, so that a black-and-white print still reads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from liens.reports.layout import packed, text_width, unclashed

WIDTH = 640
INK = "#1d2733"
MUTED = "#5b6773"
GRID = "#d9dee3"
NAVY = "#12355b"
BLUE = "#3a78b5"
SKY = "#a9cbe8"
AMBER = "#d98c1f"
PALE = "#eef1f4"
TONES = {"accent": NAVY, "main": BLUE, "muted": SKY}
# Okabe & Ito's colour-blind-safe set (yellow left out: unreadable on white paper).
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C7A00")
NO_GROUP = "#a3abb3"
# White outline behind text drawn over lines, dots or patterns.
HALO = {
    "stroke": "#ffffff",
    "stroke_width": "3",
    "paint_order": "stroke",
    "stroke_linejoin": "round",
}


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart; `text` is the value as the reader sees it."""

    label: str
    value: float
    text: str
    tone: str = "main"


@dataclass(frozen=True)
class Part:
    """One segment of a stacked bar."""

    label: str
    value: float
    text: str


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = INK,
    **attrs: str,
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
        f"{extra}>{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{extra}/>'


def _svg(uid: str, height: float, title: str, body: Sequence[str], defs: str = "") -> SafeString:
    uid, title = escape(uid), escape(title)
    return mark_safe(  # noqa: S308 - every piece of text was escaped above or in _text
        f'<svg class="chart" id="{uid}" viewBox="0 0 {WIDTH} {_n(height)}" role="img"'
        f' aria-label="{title}" preserveAspectRatio="xMidYMid meet"'
        f' font-family="inherit"><title>{title}</title>'
        f"{f'<defs>{defs}</defs>' if defs else ''}{''.join(body)}</svg>"
    )


def _nice(peak: float) -> tuple[float, float]:
    """An axis top and step (1, 2 or 5 times a power of ten) with at most four steps."""
    if peak <= 0:
        return 1.0, 1.0
    power = 10 ** math.floor(math.log10(peak / 4)) if peak >= 4 else 1
    step = next(s * power for s in (1, 2, 5, 10) if peak / (s * power) <= 4)
    return math.ceil(peak / step) * step, step


def bars(
    rows: Sequence[Bar],
    *,
    uid: str,
    title: str,
    maximum: float | None = None,
    reference: float | None = None,
    reference_text: str = "",
    track: bool = False,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars; `reference` draws a dashed line (the 15 % reply rate), `track` an
    outlined full-length bar behind each row (how full a Dunbar layer is)."""
    if not rows:
        return SafeString("")
    top, row_h = (26 if reference is not None else 6), 24
    height = top + row_h * len(rows) + 6
    # the values' column as wide as the longest value ("15 of 15 · 18 at its pace")
    x0 = label_width
    x1 = WIDTH - max(110, 12 + max(text_width(r.text, 11) for r in rows))
    peak = maximum or max(max(r.value for r in rows), reference or 0) or 1
    body = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        width = (x1 - x0) * max(0.0, min(row.value, peak)) / peak
        body.append(_text(x0 - 8, y + 16, _short(row.label, 34), anchor="end"))
        if track:
            body.append(
                _rect(x0, y + 4, x1 - x0, 16, "none", f' stroke="{MUTED}" stroke-dasharray="3 2"')
            )
        if row.value > 0:
            body.append(_rect(x0, y + 6, max(width, 1.5), 12, TONES.get(row.tone, BLUE)))
        aligned = track or reference is not None
        body.append(_text((x1 if aligned else x0 + width) + 6, y + 16, row.text))
    body.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{height - 6}" stroke="{MUTED}"/>')
    if reference is not None:
        x = x0 + (x1 - x0) * min(reference, peak) / peak
        body.append(
            f'<line x1="{_n(x)}" y1="16" x2="{_n(x)}" y2="{height - 2}" stroke="{AMBER}"'
            ' stroke-width="2" stroke-dasharray="5 3"/>'
        )
        body.append(_text(x, 12, reference_text, size=10, anchor="middle", fill=INK))
    return _svg(uid, height, title, body)


def _patterns(uid: str) -> tuple[str, tuple[str, ...]]:
    """Fills for up to five classes: dark, mid, striped, dotted, pale (readable in grey)."""
    defs = (
        f'<pattern id="{uid}-stripes" patternUnits="userSpaceOnUse" width="6" height="6"'
        f' patternTransform="rotate(45)">{_rect(0, 0, 6, 6, SKY)}{_rect(0, 0, 1.8, 6, NAVY)}'
        "</pattern>"
        f'<pattern id="{uid}-dots" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'{_rect(0, 0, 6, 6, AMBER)}<circle cx="3" cy="3" r="1.2" fill="{INK}"/></pattern>'
    )
    return defs, (NAVY, BLUE, f"url(#{uid}-stripes)", f"url(#{uid}-dots)", PALE)


def stacked(parts: Sequence[Part], *, uid: str, title: str) -> SafeString:
    """One 100 % bar split into classes, counts written inside, a legend with shares below."""
    total = sum(p.value for p in parts)
    if total <= 0:
        return SafeString("")
    defs, fills = _patterns(uid)
    body, x = [], 0.0
    for i, part in enumerate(parts):
        width = WIDTH * part.value / total
        if width > 0:
            body.append(_rect(x, 4, width, 40, fills[i % 5], f' stroke="{INK}" stroke-width="0.6"'))
            if width > 34:
                look = {"fill": "#ffffff"} if i < 2 else {"fill": INK, **HALO}
                look["font_weight"] = "600"
                count = part.text.split(" ")[0]
                body.append(_text(x + width / 2, 29, count, size=12, anchor="middle", **look))
        x += width
    columns = 3
    for i, part in enumerate(parts):
        lx, ly = (i % columns) * WIDTH / columns, 62 + (i // columns) * 22
        body.append(_rect(lx, ly - 11, 14, 14, fills[i % 5], f' stroke="{INK}" stroke-width="0.6"'))
        body.append(_text(lx + 20, ly, f"{part.label} — {part.text}"))
    height = 62 + 22 * math.ceil(len(parts) / columns)
    return _svg(uid, height, title, body, defs)


def columns(
    series: Sequence[tuple[float, float]],
    *,
    uid: str,
    title: str,
    names: tuple[str, str],
    ticks: Sequence[tuple[int, str, str]],
    number: Callable[[float], str] = lambda v: _n(v),
) -> SafeString:
    """Two columns per week: the first solid and dark, the second pale and outlined; a tick
    is (week index, label, second line such as the year)."""
    if not series:
        return SafeString("")
    height, top, bottom, left, right = 250, 34, 34, 40, 6
    plot = height - top - bottom
    slot = (WIDTH - left - right) / len(series)
    axis_top, step = _nice(max(max(a, b) for a, b in series))
    body = []
    for k in range(int(axis_top / step) + 1):
        y = top + plot - plot * k * step / axis_top
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{WIDTH - right}" y2="{_n(y)}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y + 4, number(k * step), size=10, anchor="end", fill=MUTED))
    width = max(slot * 0.4, 1)
    for i, (first, second) in enumerate(series):
        x = left + i * slot + slot * 0.1
        for j, value in enumerate((first, second)):
            if value > 0:
                h = plot * value / axis_top
                style = "" if j == 0 else f' stroke="{NAVY}" stroke-width="0.7"'
                body.append(
                    _rect(x + j * width, top + plot - h, width, h, NAVY if j == 0 else SKY, style)
                )
    base = top + plot
    body.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{INK}"/>')
    for index, label, below in ticks:
        x = left + index * slot
        body.append(f'<line x1="{_n(x)}" y1="{base}" x2="{_n(x)}" y2="{base + 4}" stroke="{INK}"/>')
        body.append(_text(x + 2, base + 15, label, size=10, fill=MUTED))
        if below:
            body.append(_text(x + 2, base + 28, below, size=10, fill=INK, font_weight="600"))
    for j, name in enumerate(names):
        lx = left + j * 230
        style = "" if j == 0 else f' stroke="{NAVY}" stroke-width="0.7"'
        body.append(_rect(lx, 6, 14, 14, NAVY if j == 0 else SKY, style))
        body.append(_text(lx + 20, 18, name))
    return _svg(uid, height, title, body)


def layers(rows: Sequence[tuple[str, int, int, str, str]], *, uid: str, title: str) -> SafeString:
    """How full each Dunbar layer is: a dashed track of its expected size, filled by the
    persons counted in it (label, size, count, state, text). Linear per layer, so that a
    layer three quarters full looks three quarters full whatever its size."""
    tone = {"full": "accent", "partial": "main", "empty": "muted"}
    return bars(
        [
            Bar(label, min(count / size, 1.0) if size else 0.0, text, tone.get(state, "main"))
            for label, size, count, state, text in rows
        ],
        uid=uid,
        title=title,
        maximum=1.0,
        track=True,
    )


def network(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Sequence[float]],
    *,
    uid: str,
    title: str,
    groups: Sequence[tuple[int, str]],
    named: Collection[int] = (),
    other_text: str = "",
) -> SafeString:
    """Persons placed part by part (liens.reports.layout.packed: the same picture every
    run), coloured by group, sized by tie score; the first groups are named at their centre
    and in the legend, `named` persons (the bridges) by their name, no name over another."""
    if not nodes:
        return SafeString("")
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in nodes)
    for edge in edges:
        if edge[0] in graph and edge[1] in graph and edge[0] != edge[1]:
            graph.add_edge(edge[0], edge[1], weight=float(edge[2]) if len(edge) > 2 else 1.0)
    plot_h = 430
    at = packed(graph, WIDTH, plot_h, pad=16)
    colour = {gid: GROUP_COLOURS[i] for i, (gid, _label) in enumerate(groups[: len(GROUP_COLOURS)])}
    body = []
    weights = sorted(d["weight"] for _a, _b, d in graph.edges(data=True))
    cuts = (weights[len(weights) // 3], weights[2 * len(weights) // 3]) if weights else (0, 0)
    paths: list[list[str]] = [[], [], []]
    for a, b, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = at[a], at[b]
        paths[(d["weight"] > cuts[0]) + (d["weight"] > cuts[1])].append(
            f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}"
        )
    for (width, opacity), path in zip(((0.5, 0.25), (0.8, 0.35), (1.3, 0.5)), paths, strict=True):
        if path:
            body.append(
                f'<path d="{"".join(path)}" stroke="{MUTED}" stroke-width="{width}"'
                f' stroke-opacity="{opacity}" fill="none"/>'
            )
    for node in sorted(nodes, key=lambda n: n.get("score") or 0):
        x, y = at[node["id"]]
        radius = 2.5 + 7 * max(0.0, min(float(node.get("score") or 0), 1.0))
        fill = colour.get(node.get("cluster"), NO_GROUP)
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{fill}" stroke="#ffffff"'
            f' stroke-width="0.8"><title>{escape(node.get("name") or "")}</title></circle>'
        )
    part = {n: i for i, nodes_ in enumerate(nx.connected_components(graph)) for n in nodes_}
    labels = []  # (x, baseline, text, size, extra attributes), the most important first
    for gid, label in groups[: len(GROUP_COLOURS)]:
        members = [n["id"] for n in nodes if n.get("cluster") == gid]
        if members and label:
            # at the centre of the group's largest connected piece, not between its pieces
            main = Counter(part[m] for m in members).most_common(1)[0][0]
            points = [at[m] for m in members if part[m] == main]
            mx = sum(p[0] for p in points) / len(points)
            my = sum(p[1] for p in points) / len(points)
            text = _short(label, 24)
            labels.append((mx - text_width(text, 12) / 2, my, text, 12, {"font_weight": "700"}))
    for node in nodes:
        if node["id"] in named:
            x, y = at[node["id"]]
            text = _short(node.get("name") or "", 28)
            labels.append((x + 8, y - 6, text, 10, {"font_style": "italic"}))
    boxes = [(x, y - size, text_width(text, size), size * 1.3) for x, y, text, size, _ in labels]
    for (x, y, text, size, extra), (dx, dy) in zip(
        labels, unclashed(boxes, WIDTH, plot_h), strict=True
    ):
        body.append(_text(x + dx, y + dy, text, size=size, **extra, **HALO))
    legend = [
        *((colour[g], label) for g, label in groups[: len(GROUP_COLOURS)]),
        (NO_GROUP, other_text),
    ]
    for i, (fill, label) in enumerate(legend):
        lx, ly = (i % 3) * WIDTH / 3, plot_h + 16 + (i // 3) * 20
        body.append(f'<circle cx="{_n(lx + 6)}" cy="{_n(ly - 4)}" r="6" fill="{fill}"/>')
        body.append(_text(lx + 18, ly, _short(label, 30), size=11))
    return _svg(uid, plot_h + 8 + 20 * math.ceil(len(legend) / 3), title, body)
