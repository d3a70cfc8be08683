"""A cache on disk for work whose result depends only on its inputs: cards, PDFs, language detection.

An entry's name is the SHA-256 of its inputs, so a rebuild redoes only what changed, and a
change of the code that makes an entry is an input too (pass its `code_version`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path


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
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, entry: str) -> Path:
        return self.folder / kind / entry[:2] / entry

    def get(self, kind: str, entry: str) -> bytes | None:
        try:
            return self._path(kind, entry).read_bytes()
        except OSError:
            return None

    def put(self, kind: str, entry: str, data: bytes) -> None:
        """Written atomically: a build that is stopped leaves no half entry."""
        path = self._path(kind, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
