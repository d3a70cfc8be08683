"""Search: one Pagefind index per language, behind Material's own search box.

Pagefind indexes the pages' main text (main.html marks it with data-pagefind-body),
one index per <html lang>, with Snowball stemming for each language. Material's search
box stays; its worker is replaced by overrides/assets/javascripts/workers/search.js,
which answers Material's queries from Pagefind. Material's own index is never built
(compat.skip_material_search_index).
Pagefind runs as a process of its own while the build writes cards and PDFs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class Indexer:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> str | None:
        try:
            from pagefind_bin import get_executable
        except ImportError:
            return "Pagefind is not installed: run ./scripts/setup (or pip install -r requirements.txt)"
        self.process = subprocess.Popen(
            [str(get_executable()), "--site", str(self.site_dir), "--exclude-selectors", ".headerlink", "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return None

    def finish(self) -> str | None:
        """Wait for the index; a problem, if any."""
        assert self.process is not None
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            return f"Pagefind could not index the site:\n{output}"
        return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
