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
so each page's tab order is its structure's order (/Tabs /S), top to bottom. A text
field's font must hold every letter a reader may type, as the reader's PDF viewer draws
the answer with it: it is DejaVu Sans cut down to the letters of the EU's languages
(Latin, Greek, Cyrillic) and the punctuation, currency signs, arrows and signs of
comparison they use (fewer letters make a PDF quicker to write), made
once and kept in the disk cache. (Whole, the font made every PDF 440 kB and slow to write.)

A process of their own, started by the first worksheet that is not in the disk cache,
loads WeasyPrint once and forks a twin: the two lay out the PDFs while MkDocs builds the
pages, and on both cores once it is done. Each PDF is kept in the cache under the hash
of its HTML, stylesheets and code, so a rebuild lays out only the worksheets that changed.
Why WeasyPrint: README.md, "Dependencies".
"""

from __future__ import annotations

import ctypes
import functools
import gc
import importlib.util
import io
import logging
import os
import re
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import background, compat
from .cache import DiskCache, code_version, key
from .markup import html
from .worksheets import field_name

INSTALL = "run ./scripts/setup (or .venv/bin/pip install -r requirements.txt)"
# The PDFs name a font that every Debian machine with fontconfig has (fonts-dejavu-core),
# so that a worksheet is laid out alike wherever it is built.
FONT = "DejaVu Sans"
FORM_FONT = "Guide Form"
FORM_FONT_LETTERS = (  # first and last code point
    (0x0020, 0x007E), (0x00A0, 0x017F),  # Latin: Basic, Latin-1 and Extended-A
    (0x0218, 0x021B),  # Romanian Ș ș Ț ț
    (0x0384, 0x03CE),  # Greek
    (0x0400, 0x045F),  # Cyrillic
    (0x2010, 0x2027), (0x2030, 0x203A),  # dashes, quotation marks, bullets, ellipsis, per mille
    (0x20A0, 0x20CF),  # currency signs
    (0x2116, 0x2116), (0x2122, 0x2122), (0x2190, 0x2193),  # № ™ and arrows
    (0x2212, 0x2212), (0x2248, 0x2248), (0x2260, 0x2260), (0x2264, 0x2265),  # minus, ≈ ≠ ≤ ≥
)
PDF_CSS = """
@font-face { font-family: "%(form)s"; src: url("%(form_url)s"); }
@media print { body, .md-typeset { font-family: "%(font)s", sans-serif; } }
@page {
  @bottom-left { font-family: "%(font)s"; }
  @bottom-right { font-family: "%(font)s"; }
}
body.ws-pdf .md-typeset .ws-input { font-family: "%(form)s"; }
"""
PR_SET_PDEATHSIG = 1  # prctl(2)
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
# What print.css hides in the PDF, left out before WeasyPrint styles it only to lay out nothing: the drawn
# boxes and printed answers (the PDF has form fields instead) and the headings' permalinks, each the last of
# its parent's children or followed by a label, so that no rule for a neighbour matches differently.
# (The self-assessment's 591 elements become 468.)
NOT_PRINTED = re.compile(
    r'<span class="ws-box" aria-hidden="true"></span>'
    r'|<div class="ws-written" style="[^"]*" aria-hidden="true"></div>|<a class="headerlink" [^>]*>[^<]*</a>'
)
# What only a browser uses, left out as well: a tick's label, which print.css leaves unstyled (its text stays;
# a field's label, class ws-label, is styled and stays), and the ids that tie a label to its field (worksheets.py),
# each of which WeasyPrint would make a named destination. Without them (the self-assessment has 125 of each),
# the PDFs take an eighth less time to make; their pixels, text and fields are the same.
TICK_LABEL = re.compile(r'<label for="[^"]*">([^<]*)</label>')
FIELD_ID = re.compile(r' (?:id|for)="ws-[a-z]\d+-\d+"')
RADIO = re.compile(r'<input class="ws-tick" type="radio" name="[^"]*" value="[^"]*" title="([^"]*)"')


@dataclass(frozen=True)
class Job:
    source: str  # docs/worksheets/<slug>.<lang>.md, for messages
    html: str
    dest: str
    max_pages: int
    entry: str  # its cache key


def font_file() -> Path | None:
    """DejaVu Sans's file, as fontconfig finds it (which falls back to another font when it is missing)."""
    try:
        found = subprocess.run(["fc-match", "--format=%{file}", FONT], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(found.stdout)
    return path if path.name == "DejaVuSans.ttf" and path.is_file() else None


def check_installed() -> str | None:
    """Without importing WeasyPrint: the worker process does, and the main process needs none of it."""
    if importlib.util.find_spec("weasyprint") is None:
        return f"WeasyPrint, which makes the worksheet PDFs, is not installed: {INSTALL}"
    if font_file() is None:
        return (f"{FONT}, the font of the worksheet PDFs, is not installed: "
                "install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core)")
    return None


def document(article: str, lang: str, title: str, description: str, author: str) -> str:
    """The HTML that WeasyPrint lays out: the article without what the PDF does not show or use, its radio
    buttons as check boxes named by their title."""
    article = FIELD_ID.sub("", TICK_LABEL.sub(r"\1", NOT_PRINTED.sub("", article)))
    article = RADIO.sub(lambda m: f'<input class="ws-tick" type="checkbox" name="{field_name(m[1])}" title="{m[1]}"',
                        article)
    return (
        f'<!doctype html><html lang="{html(lang)}"><head><meta charset="utf-8">'
        f"<title>{html(title)}</title>"
        f'<meta name="author" content="{html(author)}">'
        f'<meta name="description" content="{html(description)}">'
        f'</head><body class="ws-pdf"><article class="md-typeset">{article}</article></body></html>'
    )


class PdfMaker:
    """Writes each worksheet's PDF from the cache, or has the worker lay it out; reports problems.

    stylesheets: the site's, which the first page of the build writes. The worker starts at the
    first worksheet that is not in the cache, or at once when the cache has no PDF at all (a first
    build), so that WeasyPrint is loaded by the time the first worksheet is rendered."""

    def __init__(self, cache: DiskCache, stylesheets: list[Path]) -> None:
        self.cache = cache
        self.stylesheets = stylesheets
        self.version = code_version("pdfs.py", "worksheets.py", "weasyprint")
        self.worker = None if cache.has_any("pdf") else self._start()
        self.count = 0

    @functools.cached_property
    def _stylesheets_key(self) -> str:
        """The site's stylesheets, the same for every worksheet of the build: read once, once written."""
        return key(*(path.read_bytes() for path in self.stylesheets))

    def _start(self) -> Worker:
        return Worker([str(path) for path in self.stylesheets], self.cache, self.version)

    def add(self, source: str, page_html: str, dest: Path, max_pages: int) -> None:
        entry = key(self.version, page_html, self._stylesheets_key)
        self.count += 1
        if self.cache.place("pdf", entry, dest):
            return
        self.worker = self.worker or self._start()
        self.worker.send(Job(source, page_html, str(dest), max_pages, entry))

    def finish(self) -> list[str]:
        """Wait for the worker; what is wrong with the PDFs it laid out."""
        problems = self.worker.problems() if self.worker else []
        self.worker = None
        return problems

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.worker = None


class Worker:
    """A forked process that, once WeasyPrint is loaded, forks a twin: the two lay out the PDFs sent
    to them, one per core, and write them and their cache entries."""

    COUNT = 2  # the worker and its twin

    def __init__(self, stylesheets: list[str], cache: DiskCache, version: str) -> None:
        fork = background.fork_context()
        self._jobs: Any = fork.Queue()  # a feeder thread: the build never waits for the worker to read
        self._jobs.cancel_join_thread()  # nor, at its end, for jobs that a failed worker left unread
        self._results: Any = fork.SimpleQueue()
        self._process = fork.Process(target=self._work, args=(stylesheets, cache, version), daemon=True)
        self._process.start()

    def send(self, job: Job) -> None:
        self._jobs.put(job)

    def _work(self, stylesheets: list[str], cache: DiskCache, version: str) -> None:
        background.lower_priority()
        try:
            weasyprint = compat.import_weasyprint()
            from weasyprint.text.fonts import FontConfiguration

            fonts = FontConfiguration()
            css = PDF_CSS % {"font": FONT, "form": FORM_FONT, "form_url": form_font(cache, version).as_uri()}
            pdf_sheet = weasyprint.CSS(string=css, font_config=fonts)
        except Exception as error:  # reported by the build, not lost in the child
            self._results.put([f"no worksheet PDF: WeasyPrint could not start ({error})"])
            self._results.put([])
            return
        gc.freeze()  # WeasyPrint stays loaded: collections walk the layouts' objects only (12 % of the time, now 5 %)
        primary = os.getpid()
        twin = os.fork()
        if twin == 0:
            _stop_with(primary)
        problems = []
        sheets: list[Any] = []  # the site's stylesheets and pdf_sheet, read at the first job: written by then
        while (job := self._jobs.get()) is not None:
            try:
                if not sheets:
                    sheets = [*(weasyprint.CSS(filename=path, font_config=fonts) for path in stylesheets), pdf_sheet]
                if problem := _write_pdf(weasyprint, job, sheets, fonts, cache):
                    problems.append(problem)
            except Exception as error:
                problems.append(f"{job.source}: no PDF ({error})")
        self._results.put(problems)
        if twin == 0:
            os._exit(0)
        if os.waitpid(twin, 0)[1] != 0:  # it stopped before reporting
            self._results.put(["the worksheet PDF worker's twin stopped; run the build again"])

    def problems(self) -> list[str]:
        """Wait for the PDFs; what is wrong with them."""
        for _ in range(self.COUNT):
            self._jobs.put(None)
        return background.reports(self._process, self._results, self.COUNT, "the worksheet PDF worker")

    def stop(self) -> None:
        background.stop(self._process)


def _stop_with(parent: int) -> None:
    """The twin is not multiprocessing's to stop: the kernel stops it when its parent ends (Linux)."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(0)


def form_font(cache: DiskCache, version: str) -> Path:
    """The text fields' font file: DejaVu Sans with the letters of FORM_FONT_LETTERS, from the cache."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = font_file()
    assert source is not None, "check_installed() found it"
    data = source.read_bytes()

    def make() -> bytes:
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # not "FFTM NOT subset" on every build
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same font, the same bytes: no date of today
        # A PDF viewer draws a field's text without OpenType layout (kerning, ligatures, marks): no layout tables.
        options = subset.Options(hinting=False, notdef_outline=True, layout_features=[],
                                 drop_tables=[*subset.Options().drop_tables, "GSUB", "GPOS", "GDEF", "kern", "MATH"])
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[code for first, last in FORM_FONT_LETTERS for code in range(first, last + 1)])
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    return cache.file("font", key(version, data), make)


def _write_pdf(weasyprint: Any, job: Job, css: list[Any], fonts: Any, cache: DiskCache) -> str | None:
    """Lay out one worksheet and write its PDF; what is wrong with it, if anything."""
    rendered = weasyprint.HTML(string=job.html, base_url=job.dest).render(
        stylesheets=css, font_config=fonts, pdf_forms=True)
    if len(rendered.pages) > job.max_pages:
        return (
            f"{job.source}: the worksheet takes {len(rendered.pages)} A4 pages, {job.max_pages} at most fit; "
            "give its fields fewer lines or shorten its labels and steps"
        )
    cache.put("pdf", job.entry, rendered.write_pdf(pdf_tags=True))  # tagged: structure for screen readers
    cache.place("pdf", job.entry, Path(job.dest))
    return None
