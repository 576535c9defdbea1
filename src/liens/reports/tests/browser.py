"""A report opened in Debian's chromium, headless: what it asked of the network, the size of
every chart as drawn, and the page printed to PDF."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Seen:
    requests: list[str]  # every URL the page asked for, its own included
    charts: list[Any]  # the bounding box of each svg.chart
    pdf: bytes
    text: str  # the page's visible text
    drawn: dict[str, Drawn]  # each chart by its id


@dataclass
class Drawn:
    """A chart as laid out on the page: its box and each piece of text in it, boxes given
    as (left, top, right, bottom) in pixels."""

    box: tuple[float, float, float, float]
    texts: list[tuple[str, tuple[float, float, float, float]]]

    def cut(self) -> list[str]:
        """The texts that run past the chart's edges, where the page cuts them off."""
        left, top, right, bottom = self.box
        return [
            text
            for text, (l_, t, r, b) in self.texts
            if l_ < left - 1 or t < top - 1 or r > right + 1 or b > bottom + 1
        ]

    def overlapping(self) -> list[tuple[str, str]]:
        """Pairs of texts drawn over each other (a pixel of contact allowed)."""
        return [
            (a, b)
            for i, (a, (al, at, ar, ab)) in enumerate(self.texts)
            for b, (bl, bt, br, bb) in self.texts[i + 1 :]
            if al < br - 1 and bl < ar - 1 and at < bb - 1 and bt < ab - 1
        ]


_DRAWN = """() => Object.fromEntries([...document.querySelectorAll('svg.chart')].map(svg => {
  const edges = e => {
    const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  return [svg.id, {box: edges(svg), texts: [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim()).map(t => [t.textContent, edges(t)])}];
}))"""


def browse(page_file: Path) -> Seen:
    """Open `page_file`, let only the file itself load, and print it."""
    from playwright.sync_api import sync_playwright

    url = page_file.as_uri()
    requests: list[str] = []

    def route(r: Any) -> None:
        requests.append(r.request.url)
        r.continue_() if r.request.url == url else r.abort()

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(url)
            charts = [svg.bounding_box() for svg in page.query_selector_all("svg.chart")]
            text = page.inner_text("body")
            drawn = {
                uid: Drawn(tuple(d["box"]), [(t, tuple(box)) for t, box in d["texts"]])
                for uid, d in page.evaluate(_DRAWN).items()
            }
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    return Seen(requests, charts, pdf, text, drawn)
