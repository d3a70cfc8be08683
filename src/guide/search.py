"""Search: a Pagefind bundle per language, behind Material's own search box.

Pagefind indexes the pages' main text (main.html marks it with data-pagefind-body)
with Snowball stemming for the page's language. Each language's bundle, at
/pagefind/<lang>/, is made as soon as that language is built, in a process of its
own while MkDocs builds the next one; a reader's search fetches only its language's.
Material's search box stays; its worker is replaced by
overrides/assets/javascripts/workers/search.js, which answers Material's queries from
Pagefind. Material's own index is never built (compat.skip_material_search_index).
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

from . import background

BUNDLE = "pagefind"  # /pagefind/<lang>/
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")  # Pagefind's own UI


def check_installed() -> str | None:
    if importlib.util.find_spec("pagefind_bin") is None:
        return "Pagefind is not installed: run ./scripts/setup (or .venv/bin/pip install -r requirements.txt)"
    return None


class Indexer:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.processes: dict[str, subprocess.Popen[str]] = {}

    def start(self, lang: str) -> None:
        """Index the language's pages, in the background."""
        from pagefind_bin import get_executable

        self.processes[lang] = subprocess.Popen(
            [str(get_executable()), "--site", str(self.site_dir), "--glob", f"{lang}/**/*.html",
             "--output-subdir", f"{BUNDLE}/{lang}", "--exclude-selectors", ".headerlink", "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        background.lower_priority(self.processes[lang].pid)

    def finish(self) -> list[str]:
        """Wait for the bundles; problems, if any."""
        problems = []
        for lang, process in self.processes.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                problems.append(f"Pagefind could not index the {lang} pages:\n{output}")
            for name in UNUSED:
                (self.site_dir / BUNDLE / lang / name).unlink(missing_ok=True)
        self.processes.clear()
        return problems

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        self.processes.clear()
