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
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    return Seen(requests, charts, pdf, text)
