"""All terminal output. Data is always wrapped in `Text`: a name is never read as markup."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext as _
from rich.console import Console
from rich.filesize import decimal
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)


def err(message: str) -> None:
    error_console.print(Text(f"liens: {message}"), soft_wrap=True)


def say(message: str) -> None:
    """One sentence of what a command did (data inside it is never read as markup)."""
    console.print(Text(message), soft_wrap=True)


def person_label(person: dict[str, Any]) -> str:
    """ "#12 Jean-Pierre Martin", from a person's JSON shape (id, name, me)."""
    name = person["name"] or (_("me") if person.get("me") else "?")
    return f"#{person['id']} {name}"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Table:
    out = Table(title=Text(title), title_justify="left", header_style="bold")
    for column in columns:
        out.add_column(Text(column))
    for row in rows:
        out.add_row(*(Text("" if v is None else str(v)) for v in row))
    return out


class _Done(ProgressColumn):
    """ "3/12" for files, "310.2/1.1 GB" while a big file streams in."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        if task.fields.get("unit") == "bytes":
            return Text(f"{decimal(int(task.completed))}/{decimal(int(task.total))}")
        return Text(f"{int(task.completed)}/{int(task.total)}")


@contextmanager
def progress(description: str, enabled: bool = True) -> Iterator[Any]:
    """A progress bar on stderr; silent when output is JSON or not a terminal."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _Done(),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
        disable=not enabled,
    )
    with bar:
        task = bar.add_task(Text(description).plain, total=None, unit="files")

        def update(label: str, done: int, total: int, unit: str = "files") -> None:
            bar.update(
                task, description=label or description, completed=done, total=total, unit=unit
            )

        yield update


def tie_label(tie: dict[str, Any] | None) -> str:
    if not tie:
        return ""
    from liens.ties.explain import tie_head

    return tie_head(tie["class"], tie["score"])


def channel_label(channel: str) -> str:
    labels = {
        "in_person": _("in person"),
        "call": _("call"),
        "video": _("video"),
        "email": _("email"),
        "message": _("message"),
        "event": _("event"),
        "social": _("social"),
    }
    return labels.get(channel, channel)


def direction_label(direction: str) -> str:
    return {"outbound": "→", "inbound": "←", "mutual": "↔"}.get(direction, direction)


def record_label(kind: str) -> str:
    labels = {
        "invitation": _("invitations"),
        "recommendation": _("recommendations"),
        "endorsement": _("endorsements"),
    }
    return labels.get(kind, kind)
