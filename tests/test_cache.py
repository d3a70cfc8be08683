"""The disk cache of cards, PDFs and language detection: what a build uses stays, what no build has used
for KEEP_UNUSED_DAYS goes."""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

from conftest import mkdocs_build, own_cache
from guide.cache import KEEP_UNUSED_DAYS, DiskCache, key

LONG_AGO = time.time() - (KEEP_UNUSED_DAYS + 1) * 86400


def last_used_long_ago(path: Path) -> None:
    os.utime(path, (LONG_AGO, LONG_AGO))


def test_an_entry_in_use_stays_and_keeps_its_modification_time(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    used, placed, unused = key("used"), key("placed"), key("unused")
    for entry in (used, placed, unused):
        cache.put("card", entry, entry.encode())
        last_used_long_ago(cache._path("card", entry))
    assert cache.get("card", used) == used.encode()
    assert cache.place("card", placed, tmp_path / "site" / "card.png")

    assert cache.prune() == 1
    assert cache.get("card", unused) is None
    for entry in (used, placed):
        path = cache._path("card", entry)
        assert path.read_bytes() == entry.encode()
        assert path.stat().st_mtime == LONG_AGO, "a use changed the modification time (rsync would copy it again)"


def test_a_copy_for_a_worker_does_not_grow_with_the_folders_the_build_has_made(tmp_path: Path) -> None:
    """Every card sent to the card worker carries the cache: its size is the same at the last card as at the first."""
    cache = DiskCache(tmp_path / "cache")
    entry = key("card")
    cache.put("card", entry, b"png")
    first = len(pickle.dumps(cache))
    for n in range(300):
        assert cache.place("card", entry, tmp_path / "site" / str(n) / "card.png")
    assert len(pickle.dumps(cache)) == first
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.place("card", entry, tmp_path / "site" / "new" / "card.png")  # makes the folders it needs
    assert copy.get("card", entry) == b"png"


def test_a_build_removes_the_entries_no_build_has_used_for_a_month(project_copy: Callable[[], Path]) -> None:
    project = project_copy()
    # With the shared cache, a build of another test pruning it at the same time would remove the stale
    # entry first, and this build would say nothing.
    own_cache(project)
    stale = project / ".cache" / "guide" / "card" / "00" / ("00" + "f" * 62)
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"a card of a page that is gone")
    last_used_long_ago(stale)
    result = mkdocs_build(project, project / "site", "https://guide.example/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not stale.exists()
    assert f"cache entries unused for {KEEP_UNUSED_DAYS} days removed" in result.stderr
