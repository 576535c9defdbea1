"""Opening a LinkedIn export safely: a ZIP, an unzipped folder or one CSV (no Django).

Nothing is ever extracted to disk. ZIP members are streamed with hard byte caps, so a ZIP
bomb or an archive with lying headers is refused instead of filling memory, and member
names are only ever used as labels (an absolute path or `..` is refused all the same,
because no real export contains one).
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from liens.i18n import tr
from liens.importers.base import ImportFailure
from liens.importers.csvfile import iter_lines

MIB = 1024 * 1024
MEMBER_LIMIT = 512 * MIB  # declared or actually read, per member
TOTAL_LIMIT = 4 * 1024 * MIB  # declared or actually read, whole archive
RATIO_LIMIT = 200
RATIO_FLOOR = 64 * 1024  # below this size a member cannot be a bomb, whatever its ratio
MAX_MEMBERS = 20_000
MAX_DEPTH = 3  # folders: the files may sit in a sub-folder of the one given

# basename (lower-case) → kind; the AI-coach chats are left out on purpose
KNOWN_FILES: dict[str, str] = {
    "connections.csv": "connections",
    "messages.csv": "messages",
    "invitations.csv": "invitations",
    "recommendations_received.csv": "recommendations_received",
    "recommendations_given.csv": "recommendations_given",
    "endorsement_received_info.csv": "endorsements_received",
    "endorsement_given_info.csv": "endorsements_given",
    "profile.csv": "profile",
    "positions.csv": "positions",
    "education.csv": "education",
    "email addresses.csv": "emails",
    "phonenumbers.csv": "phones",
    "phone numbers.csv": "phones",
}

_DRIVE = re.compile(r"^[A-Za-z]:")


def kind_of(name: str) -> str | None:
    """The kind of a LinkedIn file from its name (any folder, any case), or None."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return KNOWN_FILES.get(base.lower())


def looks_like_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


@dataclass(frozen=True)
class Member:
    """One recognised file of the export."""

    name: str  # as the user knows it: "export.zip:Connections.csv" or "Connections.csv"
    kind: str
    ref: object  # a ZipInfo or a Path


class _Counted:
    """A byte stream that refuses to give more than the archive's budget allows."""

    def __init__(self, stream: IO[bytes], export: Export, name: str) -> None:
        self.stream = stream
        self.export = export
        self.name = name

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.export.bytes_read += len(data)
        if self.export.bytes_read > TOTAL_LIMIT:
            raise ImportFailure(self.name, tr("the archive holds more than 4 GiB of data; refused"))
        return data


class _CountedBlocks(_Counted):
    """The same, read a block at a time (much faster than line by line)."""

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.export.bytes_read += len(data)
        if self.export.bytes_read > TOTAL_LIMIT:
            raise ImportFailure(self.name, tr("the archive holds more than 4 GiB of data; refused"))
        return data


class Export:
    """The recognised files of one export, open for streaming. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name or str(path)
        self.bytes_read = 0
        self._stack = ExitStack()
        self._zip: zipfile.ZipFile | None = None
        self.members: dict[str, list[Member]] = {}

    def __enter__(self) -> Export:
        try:
            self._open()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    # --- discovery ------------------------------------------------------------------------
    def _open(self) -> None:
        path = self.path
        if not path.exists():
            raise ImportFailure(str(path), tr("no such file or directory"))
        if path.is_dir():
            self._scan_dir(path, path, 0)
        elif looks_like_zip(path):
            self._open_zip(path)
        elif path.is_file():
            kind = kind_of(path.name)
            if kind is None:
                raise ImportFailure(self.label, tr("is not a LinkedIn data export file"))
            self._add(Member(path.name, kind, path))
        else:
            raise ImportFailure(str(path), tr("is not a regular file"))
        if not self.members:
            raise ImportFailure(self.label, tr("is not a LinkedIn data export (no LinkedIn file)"))

    def _add(self, member: Member) -> None:
        self.members.setdefault(member.kind, []).append(member)

    def _scan_dir(self, root: Path, folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            message = tr("cannot be read (%(reason)s)", reason=exc.strerror)
            raise ImportFailure(str(folder), message) from exc
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir() and depth < MAX_DEPTH and not entry.name.startswith("."):
                self._scan_dir(root, path, depth + 1)
            elif entry.is_file() and (kind := kind_of(entry.name)):
                self._add(Member(path.relative_to(root).as_posix(), kind, path))

    def _open_zip(self, path: Path) -> None:
        try:
            archive = self._stack.enter_context(zipfile.ZipFile(path))
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, struct.error) as exc:
            raise ImportFailure(
                self.label,
                tr("is not a LinkedIn data export (not a readable ZIP: %(error)s)", error=exc),
            ) from exc
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ImportFailure(
                self.label, tr("cannot be read (%(reason)s)", reason=reason)
            ) from exc
        self._zip = archive
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportFailure(self.label, tr("holds %(count)d files; refused", count=len(infos)))
        total = 0
        for info in infos:
            check_member(self.label, info)
            total += info.file_size
            if total > TOTAL_LIMIT:
                raise ImportFailure(self.label, tr("declares more than 4 GiB of data; refused"))
        for info in infos:
            kind = kind_of(info.filename)
            if kind and not info.is_dir():
                self._add(Member(f"{self.label}:{info.filename}", kind, info))

    # --- reading ----------------------------------------------------------------------------
    def first(self, kind: str) -> Member | None:
        found = self.members.get(kind)
        return found[0] if found else None

    def lines(self, member: Member) -> Iterator[tuple[int, str]]:
        """The decoded lines of one member, with every cap enforced while reading."""
        try:
            if isinstance(member.ref, zipfile.ZipInfo):
                yield from self._zip_lines(member, member.ref)
            else:
                with Path(str(member.ref)).open("rb") as raw:
                    yield from iter_lines(raw, member.name, MEMBER_LIMIT)
        except ImportFailure:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            ValueError,
            struct.error,
        ) as exc:
            message = tr("cannot be read from the archive (%(error)s)", error=exc)
            raise ImportFailure(member.name, message) from exc
        except RuntimeError as exc:  # encrypted member
            raise ImportFailure(member.name, tr("cannot be read (%(reason)s)", reason=exc)) from exc
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ImportFailure(
                member.name, tr("cannot be read (%(reason)s)", reason=reason)
            ) from exc

    def _zip_lines(self, member: Member, info: zipfile.ZipInfo) -> Iterator[tuple[int, str]]:
        """The member read in blocks; on any failure it is read again line by line.

        Reading line by line decides which failure comes first when there are several (a
        corrupt stream after a line that is not UTF-8, a cap crossed), so the second reading
        raises exactly what line-by-line reading raises, and only when something is wrong.
        """
        assert self._zip is not None
        start = self.bytes_read
        try:
            with self._zip.open(info) as raw:
                counted = _CountedBlocks(raw, self, member.name)
                yield from iter_lines(counted, member.name, MEMBER_LIMIT)
        except Exception:
            self.bytes_read = start
            with self._zip.open(info) as raw:
                counted = _Counted(raw, self, member.name)
                for _line in iter_lines(counted, member.name, MEMBER_LIMIT):
                    pass
            raise


def check_member(label: str, info: zipfile.ZipInfo) -> None:
    """Refuse unsafe names and sizes before a single byte is inflated."""
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts:
        raise ImportFailure(label, tr("member name %(name)s is unsafe; refused", name=repr(name)))
    where = f"{label}:{name}"
    if info.file_size > MEMBER_LIMIT:
        raise ImportFailure(
            where,
            tr(
                "declares %(size)d MiB uncompressed (limit 512 MiB); "
                "refused as a possible ZIP bomb",
                size=info.file_size // MIB,
            ),
        )
    if info.file_size > RATIO_FLOOR:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > RATIO_LIMIT:
            raise ImportFailure(
                where,
                tr(
                    "compression ratio %(ratio).0f:1 (limit %(limit)d:1); "
                    "refused as a possible ZIP bomb",
                    ratio=ratio,
                    limit=RATIO_LIMIT,
                ),
            )
