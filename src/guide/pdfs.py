"""A ready PDF of every worksheet in every language, beside its page.

/<lang>/worksheets/<slug>/ links /<lang>/worksheets/<slug>/<slug>.pdf. The PDF is
the page's article laid out on A4 by WeasyPrint with the site's own stylesheets,
whose print.css is also what the browser prints with; its /Title is the worksheet's
title and its /Lang the page's language. A worksheet that no longer fits its pages
(one A4 page; two for the self-assessment) fails the build, naming the file.

The PDF is a form (AcroForm), made by WeasyPrint's own pdf_forms from the page's
fields (worksheets.py): a multi-line text field per <textarea>, a check box per step
and per rating (the page's radio buttons become check boxes: WeasyPrint 70 writes a
radio button's widgets both as the group's kids and as fields of their own, which
readers reject). A field's name is its `name` attribute and its tooltip (/TU) its
`title`, both in the sheet's language, as no <form> surrounds them; the PDF is tagged,
so each page's tab order is its structure's order (/Tabs /S), top to bottom. The text
fields' font (DejaVu Sans) is embedded whole, so that any letter typed in shows.

Each language's PDFs are laid out in a forked process while MkDocs builds the next
language, on the other core, and kept in the disk cache under the hash of their HTML,
stylesheets and code: a rebuild lays out only the worksheets that changed.
Why WeasyPrint: README.md, "Dependencies".
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import DiskCache, code_version, key
from .markup import html
from .worksheets import field_name

INSTALL = "run ./scripts/setup (or .venv/bin/pip install -r requirements.txt)"
# The PDFs name a font that every Debian machine with fontconfig has, so that a
# worksheet is laid out alike wherever it is built. No ligatures: the form fields embed
# that font whole, and a whole font's "fi" ligature reads back as U+FB01, not as "fi",
# so the PDF's text could not be searched or copied.
PDF_CSS = """
@media print { body, .md-typeset { font-family: "DejaVu Sans", sans-serif; font-variant-ligatures: none; } }
@page {
  @bottom-left { font-family: "DejaVu Sans"; font-variant-ligatures: none; }
  @bottom-right { font-family: "DejaVu Sans"; font-variant-ligatures: none; }
}
"""
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
RADIO = re.compile(r'<input class="ws-tick" type="radio" (id="[^"]*") name="[^"]*" value="[^"]*" title="([^"]*)"')


@dataclass(frozen=True)
class Job:
    source: str  # docs/worksheets/<slug>.<lang>.md, for messages
    html: str
    dest: str
    max_pages: int
    entry: str  # its cache key


def check_installed() -> str | None:
    """Without importing WeasyPrint: the forked workers do, and the main process needs none of it."""
    if importlib.util.find_spec("weasyprint") is None:
        return f"WeasyPrint, which makes the worksheet PDFs, is not installed: {INSTALL}"
    return None


def document(article: str, lang: str, title: str, description: str, author: str) -> str:
    """The HTML that WeasyPrint lays out: the article alone, its radio buttons as check boxes named by their title."""
    article = RADIO.sub(lambda m: f'<input class="ws-tick" type="checkbox" {m[1]} name="{field_name(m[2])}" '
                                  f'title="{m[2]}"', article)
    return (
        f'<!doctype html><html lang="{html(lang)}"><head><meta charset="utf-8">'
        f"<title>{html(title)}</title>"
        f'<meta name="author" content="{html(author)}">'
        f'<meta name="description" content="{html(description)}">'
        f'</head><body class="ws-pdf"><article class="md-typeset">{article}</article></body></html>'
    )


class PdfMaker:
    """Collects a language's worksheets, lays out those not in the cache, and reports problems."""

    def __init__(self, cache: DiskCache) -> None:
        self.cache = cache
        self.version = code_version("pdfs.py", "worksheets.py", "weasyprint")
        self.jobs: list[Job] = []
        self.cached: list[tuple[Path, bytes]] = []
        self.workers: list[Worker] = []
        self.count = 0

    def add(self, source: str, page_html: str, dest: Path, max_pages: int, stylesheets: list[Path]) -> None:
        entry = key(self.version, page_html, *(path.read_bytes() for path in stylesheets))
        self.count += 1
        cached = self.cache.get("pdf", entry)
        if cached is not None:
            self.cached.append((dest, cached))
        else:
            self.jobs.append(Job(source, page_html, str(dest), max_pages, entry))

    def start(self, stylesheets: list[Path]) -> None:
        """Once the language's pages are written: its cached PDFs beside them, the new ones laid out in a
        process of their own."""
        for dest, data in self.cached:
            dest.write_bytes(data)
        self.cached = []
        if self.jobs:
            self.workers.append(Worker(self.jobs, [str(path) for path in stylesheets], self.cache))
        self.jobs = []

    def finish(self) -> list[str]:
        problems = [problem for worker in self.workers for problem in worker.problems()]
        self.workers = []
        return problems

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers, self.jobs, self.cached = [], [], []


class Worker:
    """A forked process that writes PDFs (and their cache entries) while MkDocs goes on."""

    def __init__(self, jobs: list[Job], stylesheets: list[str], cache: DiskCache) -> None:
        fork = multiprocessing.get_context("fork")
        self._first = jobs[0].source
        self._results = fork.SimpleQueue()
        self._process = fork.Process(target=self._work, args=(jobs, stylesheets, cache), daemon=True)
        self._process.start()

    def _work(self, jobs: list[Job], stylesheets: list[str], cache: DiskCache) -> None:
        try:
            import weasyprint

            css = [weasyprint.CSS(filename=path) for path in stylesheets] + [weasyprint.CSS(string=PDF_CSS)]
            self._results.put([problem for job in jobs if (problem := _write_pdf(weasyprint, job, css, cache))])
        except Exception as error:  # reported by the build, not lost in the child
            self._results.put([f"{self._first} and the worksheets after it: no PDF ({error})"])
        except KeyboardInterrupt:
            self._results.put([])

    def problems(self) -> list[str]:
        """Wait for the PDFs; what is wrong with them."""
        while self._results.empty() and self._process.is_alive():
            self._process.join(0.02)
        if self._results.empty():
            return [f"{self._first} and the worksheets after it: no PDF, exit code {self._process.exitcode}"]
        problems: list[str] = self._results.get()
        self._process.join()
        return problems

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _write_pdf(weasyprint: Any, job: Job, css: list[Any], cache: DiskCache) -> str | None:
    """Lay out one worksheet and write its PDF; what is wrong with it, if anything."""
    rendered = weasyprint.HTML(string=job.html, base_url=job.dest).render(stylesheets=css, pdf_forms=True)
    if len(rendered.pages) > job.max_pages:
        return (
            f"{job.source}: the worksheet takes {len(rendered.pages)} A4 pages, {job.max_pages} at most fit; "
            "give its fields fewer lines or shorten its labels and steps"
        )
    data = rendered.write_pdf(pdf_tags=True)  # tagged: structure for screen readers
    Path(job.dest).write_bytes(data)
    cache.put("pdf", job.entry, data)
    return None
