"""A cache on disk for work whose result depends only on its inputs: cards, PDFs, language detection.

An entry's name is the SHA-256 of its inputs, so a rebuild redoes only what changed, and a
change of the code that makes an entry is an input too (pass its `code_version`). Each use of an
entry sets its access time (not its modification time, which a site's copy by rsync compares), and
a build removes the entries no build has used for KEEP_UNUSED_DAYS: old texts and old code leave
nothing behind for long.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

KEEP_UNUSED_DAYS = 30


def key(*inputs: str | bytes) -> str:
    digest = hashlib.sha256()
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def code_version(*modules_and_packages: str) -> str:
    """What identifies the code that makes an entry: source files of this package and versions of others."""
    parts = []
    for name in modules_and_packages:
        path = Path(__file__).with_name(name)
        parts.append(path.read_bytes() if path.is_file() else version(name).encode())
    return key(*parts)


class DiskCache:
    """Entries are written once and never changed (new inputs make a new entry), so the site may
    hold hard links to them: a card or a PDF from the cache costs no copy and no new file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._folders: set[Path] = set()  # the site's folders made so far

    def __getstate__(self) -> dict[str, object]:
        """A copy for a worker process (each card to draw is sent with one) has no memo of folders: the
        build's few hundred, sent with every card, cost up to 1 ms a card, a fifth of drawing it."""
        return {**self.__dict__, "_folders": set()}

    def _path(self, kind: str, entry: str) -> Path:
        return self.folder / kind / entry[:2] / entry

    def get(self, kind: str, entry: str) -> bytes | None:
        path = self._path(kind, entry)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        _used(path)
        return data

    def has_any(self, kind: str) -> bool:
        return any((self.folder / kind).glob("*/*"))

    def put(self, kind: str, entry: str, data: bytes) -> None:
        """Written atomically: a build that is stopped leaves no half entry. Readable as the site's
        other files are (the umask's mode), since the site may link to it."""
        path = self._path(kind, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{entry}.{uuid.uuid4().hex}")
        with open(temporary, "xb") as out:
            out.write(data)
        os.replace(temporary, path)

    def place(self, kind: str, entry: str, target: Path) -> bool:
        """Put the entry at target: a hard link to it, or a copy where the site is on another file
        system. False when there is no such entry."""
        source = self._path(kind, entry)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            try:
                os.link(source, target)
            except FileExistsError:  # a rebuild into the same folder (mkdocs serve)
                target.unlink()
                os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:  # no hard links here
            try:
                shutil.copyfile(source, target)
            except FileNotFoundError:
                return False
        _used(source)
        return True

    def file(self, kind: str, entry: str, make: Callable[[], bytes]) -> Path:
        """The entry's file, made first if it is missing: for a tool that reads files, not bytes."""
        path = self._path(kind, entry)
        if path.is_file():
            _used(path)
        else:
            self.put(kind, entry, make())
        return path

    def prune(self) -> int:
        """Remove the entries unused for KEEP_UNUSED_DAYS; how many."""
        oldest = time.time() - KEEP_UNUSED_DAYS * 86400
        removed = 0
        for path in self.folder.glob("*/*/*"):
            try:
                if path.stat().st_atime < oldest:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # removed by another build meanwhile
                pass
        return removed


def _used(path: Path) -> None:
    """Mark the entry as used now, whether or not the file system records reading it (noatime)."""
    try:
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
    except OSError:  # an entry this user may read but not change: it stays until its owner prunes
        pass
