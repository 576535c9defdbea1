"""`liens export`: the persons of my network as a vCard or Google CSV file, for a phone or Google.

The file is written beside its destination under a temporary name and renamed at the end, so a
failure (a full disk, an interrupted run) never leaves half an address book behind, and an
existing file is never replaced without --force.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.text import Text

from liens.cli.render import console, print_json
from liens.cli.state import State
from liens.errors import UserError
from liens.i18n import help_, tr

STDOUT = "-"


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=help_("Write your contacts to a vCard or Google CSV file, for your phone or Google."),
    )(export_command)


def export_command(
    ctx: typer.Context,
    format_name: Annotated[
        str,
        typer.Option("--format", "-f", help=help_("vcard (phones, Apple, Google) or google-csv.")),
    ] = "vcard",
    out: Annotated[
        str,
        typer.Option("--out", "-o", help=help_("File to write (default: standard output).")),
    ] = STDOUT,
    force: Annotated[
        bool, typer.Option("--force", help=help_("Replace the file if it exists."))
    ] = False,
    include_me: Annotated[
        bool, typer.Option("--include-me", help=help_("Include your own card."))
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Write your contacts to a vCard or Google CSV file, for your phone or Google."""
    from liens.exporters.formats import FORMATS  # here: `liens --help` stays instant

    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise typer.BadParameter(", ".join(FORMATS), param_hint="--format")
    state: State = ctx.obj
    as_json = state.json or json_output
    if out == STDOUT and as_json:
        raise typer.BadParameter(
            tr("--json needs --out: without it the contacts go to standard output"),
            param_hint="--json",
        )
    path = None if out == STDOUT else Path(out).expanduser()
    if path is not None:
        check_target(path, force)
    owner = state.owner()
    from liens.exporters.records import export_records

    records = export_records(owner, include_me=include_me)
    if path is None:
        write_stdout(lambda stream: fmt.write(records, stream))
        return
    count = write_file(path, force, lambda stream: fmt.write(records, stream))
    if as_json:
        print_json({"format": fmt.name, "path": str(path.resolve()), "persons": count})
        return
    console.print(
        Text(
            tr(
                "Persons exported: %(count)d, to %(path)s (%(format)s)",
                count=count,
                path=str(path),
                format=fmt.name,
            )
        ),
        soft_wrap=True,  # a long path stays on one line, to be copied
    )


def check_target(path: Path, force: bool) -> None:
    """Refuse early, before reading the database, what `write_file` would refuse at the end."""
    if path.is_dir():
        raise UserError(tr("%(path)s is a folder: give a file name", path=str(path)))
    if path.exists() and not force:
        raise UserError(tr("%(path)s already exists; add --force to replace it", path=str(path)))
    if not path.parent.is_dir():
        raise UserError(
            tr(
                "cannot write %(path)s: the folder %(folder)s does not exist",
                path=str(path),
                folder=str(path.parent),
            )
        )


def write_file(path: Path, force: bool, write: Callable[[TextIO], int]) -> int:
    """Write through a temporary file in the same folder, then put it in place in one step.

    Without `force` the file is linked into place, which fails if somebody created it in the
    meantime: an existing file is never replaced by surprise.
    """
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            if path.exists():
                shutil.copymode(path, temporary)  # the file keeps who may read it
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return count


def _link_new(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise UserError(
            tr("%(path)s already exists; add --force to replace it", path=str(path))
        ) from None
    except OSError:  # a file system without hard links (FAT, some network shares)
        if path.exists():
            raise
        os.replace(temporary, path)


def _cannot_write(path: Path, exc: OSError) -> UserError:
    reason = exc.strerror or exc.__class__.__name__
    return UserError(tr("cannot write %(path)s (%(reason)s)", path=str(path), reason=reason))


def write_stdout(write: Callable[[TextIO], int]) -> int:
    """UTF-8 with the format's own line ends on standard output, whatever the locale says."""
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        count = write(stream)
        stream.flush()
    except BrokenPipeError:  # `liens export | head`: the reader has gone, nothing to say
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    finally:
        with contextlib.suppress(ValueError):
            stream.detach()
    return count
