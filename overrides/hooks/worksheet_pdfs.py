"""A ready PDF of every worksheet in every language, beside its page.

/<lang>/worksheets/<slug>/ links /<lang>/worksheets/<slug>/<slug>.pdf
(render.py writes the link). The PDF is the page's article (title,
instruction, fields, steps and the footer of partials/paper.html) laid out on
A4 by WeasyPrint with the site's own stylesheets, whose print.css is also what
the browser prints with. Its /Title is the worksheet's title and its /Lang the
page's language. The build fails when a worksheet no longer fits its pages
(one A4 page; two for the self-assessment), naming the file.

Why WeasyPrint: it is a pip package (requirements.txt) that needs only Pango,
which Debian has with its fonts, so `./scripts/setup` installs all that the
build needs; Chromium would need apt on every machine that builds. Its gaps
(no CSS mask-image for Material's icons) do not touch a worksheet, whose boxes
and lines are borders. Each language's PDFs are laid out in a process of
their own while MkDocs builds the next language, on the other core.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from build_language import all_languages_built, current, is_root_build

log = logging.getLogger("mkdocs.hooks.worksheet_pdfs")

INSTALL = "run ./scripts/setup (or .venv/bin/pip install -r requirements.txt)"
# Pango and the fonts come from Debian: the PDFs name one that every Debian machine with
# fontconfig has, so that a worksheet is laid out alike wherever it is built.
PDF_CSS = """
@media print { body, .md-typeset { font-family: "DejaVu Sans", sans-serif; } }
@page { @bottom-left { font-family: "DejaVu Sans"; } @bottom-right { font-family: "DejaVu Sans"; } }
"""
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)


def pdf_name(slug: str) -> str:
    """The PDF's file name, in the folder of the worksheet's page."""
    return f"{slug}.pdf"


@dataclass(frozen=True)
class Job:
    source: str  # docs/worksheets/<slug>.<lang>.md, for messages
    html: str
    dest: str
    max_pages: int


_jobs: list[Job] = []  # the worksheets of the language being built
_workers: list[Worker] = []
_command = "build"


def weasyprint() -> Any:
    try:
        import weasyprint as module
    except ImportError as error:
        raise PluginError(f"WeasyPrint, which makes the worksheet PDFs, is not installed: {INSTALL}") from error
    except OSError as error:  # its Python is there, Pango is not
        raise PluginError(
            f"WeasyPrint cannot load Pango ({error}): "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
        ) from error
    return module


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(-110)  # after static-i18n has set the language
def on_config(config: MkDocsConfig) -> None:
    weasyprint()  # fail before building, not after
    if is_root_build(config):
        _jobs.clear()
        _workers.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    slug = page.meta.get("worksheet")  # a tip names its worksheet too
    if not slug or not page.file.src_uri.startswith("worksheets/") or is_root_build(config):
        return output
    article = ARTICLE.search(output)
    if article is None:
        raise PluginError(f"docs/{page.file.src_uri}: the page has no <article> to make its PDF of")
    lang = current(config)
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(page.meta['title'])}</title>"
        f'<meta name="author" content="{escape(config.site_name)}">'
        f'<meta name="description" content="{escape(page.meta["description"])}">'
        f'</head><body><article class="md-typeset">{article.group(1)}</article></body></html>'
    )
    dest = Path(page.file.abs_dest_path).parent / pdf_name(slug)
    _jobs.append(Job(f"docs/{page.file.src_uri}", html, str(dest), 2 if page.meta.get("rating") else 1))
    return output


@event_priority(-130)  # after static-i18n's last language and the search index
def on_post_build(config: MkDocsConfig) -> None:
    if _command == "serve":
        _jobs.clear()
        if all_languages_built(config):
            log.info("mkdocs serve makes no worksheet PDFs (they would slow every reload); ./scripts/build makes them")
        return
    if _jobs and not is_root_build(config):  # a language's pages are written: its PDFs, beside the next language
        _workers.append(Worker(_jobs[:], [str(Path(config.site_dir) / path) for path in config.extra_css]))
        _jobs.clear()
    if all_languages_built(config) and _workers:
        started = time.perf_counter()
        problems = [problem for worker in _workers for problem in worker.problems()]
        count = sum(worker.count for worker in _workers)
        _workers.clear()
        if problems:
            raise PluginError("\n".join(problems))
        log.info("%d worksheet PDFs written; the build waited %.1f s for them", count, time.perf_counter() - started)


class Worker:
    """A process that writes one language's PDFs while MkDocs builds the next language.

    It is forked, so it inherits the jobs and this module: MkDocs loads a hook
    under its path, which a process pool could not import to send them.
    """

    def __init__(self, jobs: list[Job], stylesheets: list[str]) -> None:
        fork = multiprocessing.get_context("fork")
        self.count, self._first = len(jobs), jobs[0].source
        self._results = fork.SimpleQueue()
        self._process = fork.Process(target=self._work, args=(jobs, stylesheets))
        self._process.start()

    def _work(self, jobs: list[Job], stylesheets: list[str]) -> None:
        try:
            module = weasyprint()
            css = [module.CSS(filename=path) for path in stylesheets] + [module.CSS(string=PDF_CSS)]
            self._results.put([problem for job in jobs if (problem := _write_pdf(module, job, css))])
        except Exception as error:  # reported by the build, not lost in the child
            self._results.put([f"{self._first} and the worksheets after it: no PDF, {error!r}"])

    def problems(self) -> list[str]:
        """Wait for the PDFs; what is wrong with them."""
        while self._results.empty() and self._process.is_alive():
            self._process.join(0.02)
        if self._results.empty():
            return [f"{self._first} and the worksheets after it: no PDF, exit code {self._process.exitcode}"]
        problems: list[str] = self._results.get()
        self._process.join()
        return problems


def _write_pdf(module: Any, job: Job, css: list[Any]) -> str | None:
    """Lay out one worksheet and write its PDF; what is wrong with it, if anything."""
    document = module.HTML(string=job.html, base_url=job.dest).render(stylesheets=css)
    if len(document.pages) > job.max_pages:
        return (
            f"{job.source}: the worksheet takes {len(document.pages)} A4 pages, {job.max_pages} at most fit; "
            "give its fields fewer lines or shorten its labels and steps"
        )
    document.write_pdf(job.dest, pdf_tags=True)  # tagged: structure for screen readers
    return None
