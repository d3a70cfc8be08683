"""Build the real site once per session, serve it on localhost, and drive Chromium over it."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from guide.cache import DiskCache
from guide.cli import guide_config as read_config
from guide.project import Project, load_project
from local_site import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, free_port, languages, mkdocs_build, serve

# The sources as they are when the session starts, copied once: the site is built from this copy and the
# content model and config are read from it, so that they agree even while someone edits docs/ or
# mkdocs.yml in the working tree during a run. It shares the disk cache (local_site.copy_project).
SOURCE = copy_project(Path(tempfile.mkdtemp(prefix="guide-tests-")) / "project")
CONFIG, GUIDE_CONFIG = read_config(SOURCE)  # mkdocs.yml, and its plugins.guide config
LANGUAGES = tuple(GUIDE_CONFIG.languages)  # as local_site.languages(), for the test modules' parametrize
UI = {lang: GUIDE_CONFIG.languages[lang]["ui"] for lang in LANGUAGES}  # each language's UI strings
STEADY_PORTS = 18400  # below Linux's ephemeral ports (32768-60999), which the kernel hands out itself
__all__ = ["CONFIG", "GUIDE_CONFIG", "LANGUAGES", "ROOT", "SOURCE", "UI", "languages", "load_docs", "mkdocs_build",
           "steady_port"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(SOURCE.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def guide_config() -> Any:
    """The guide plugin's config in mkdocs.yml (plugins.guide), as the build reads it."""
    return GUIDE_CONFIG


@pytest.fixture(scope="session")
def mkdocs_config() -> Any:
    """mkdocs.yml as MkDocs reads it, with the guide plugin's config under plugins["guide"]."""
    return CONFIG


def load_docs(guide: Any, docs_dir: Path) -> Project:
    """The content of docs_dir read and checked as the build does, with the project's style
    sheets and its disk cache of language detection (guide.cli.project does the same)."""
    return load_project(guide, docs_dir, DiskCache(Path(guide.cache_dir)))


@pytest.fixture(scope="session")
def project() -> Project:
    """The content the site is built from, read and checked once: counts and titles come from here."""
    loaded = load_docs(GUIDE_CONFIG, SOURCE / "docs")
    if loaded.problems:
        pytest.fail("the content has problems:\n" + "\n".join(loaded.problems), pytrace=False)
    return loaded


def steady_port(server: int) -> int:
    """The port of one of the tests' servers (0, 1, 2, ... in this worker of pytest-xdist), the same from
    run to run while it is free: a worksheet's PDF prints its page's address, so that a port of its own
    each run would lay out every PDF anew instead of taking it from the disk cache."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return free_port(STEADY_PORTS + 10 * worker + server)


@pytest.fixture(scope="session")
def base_url() -> str:
    return f"http://127.0.0.1:{steady_port(0)}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Path:
    """The whole site, built once from the session's copy of the sources, with its absolute URLs on the
    test server."""
    out = tmp_path_factory.mktemp("site")
    # One worker builds at a time (pytest-xdist): the first fills the disk cache of cards and language
    # detection, so the second does not redo them at the same time (each lays out its own PDFs, which
    # print its own port's address).
    with open(tmp_path_factory.getbasetemp().parent / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = mkdocs_build(SOURCE, out, base_url)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def server(site_dir: Path, base_url: str) -> Iterator[str]:
    with serve(site_dir, int(base_url.rsplit(":", 1)[1].strip("/"))) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/setup test", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    yield context.new_page()
    context.close()


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Path]:
    """A copy of the project's sources (not its .venv or site) to break on purpose: of the session's
    copy (SOURCE), so that it is what the site was built from; it shares the disk cache too."""

    def make() -> Path:
        return Path(shutil.copytree(SOURCE, tmp_path / "project", symlinks=True))

    return make


def own_cache(project: Path, *kinds_left_out: str) -> None:
    """Give a copy of the project a disk cache of its own in place of its link to the shared one: the
    shared entries, hard-linked (an entry is never rewritten), but not those other builds are writing."""
    shared = (project / ".cache").resolve()
    (project / ".cache").unlink()
    shutil.copytree(shared, project / ".cache", copy_function=os.link,
                    ignore=shutil.ignore_patterns(".*", *kinds_left_out))


def follow_instantly(page: Page, link: Locator, url: str, title_start: str) -> None:
    """Click a link and check that instant navigation opened it, not a page load."""
    page.evaluate("window.loadedOnce = true")
    link.click()
    page.wait_for_url(url)
    expect(page.locator("article h1")).to_contain_text(title_start)
    assert page.evaluate("window.loadedOnce === true"), f"{url} was opened by a page load, not instant navigation"


def site_pages(site_dir: Path, lang: str, pattern: str = "index.html") -> list[Path]:
    """A language's pages, without those that only lead on to another (guide.urls.Leads:
    moved pages and short links, which tell search engines not to index them)."""
    pages = (site_dir / lang).rglob(pattern)
    return sorted(p for p in pages if '<meta name="robots" content="noindex">' not in p.read_text(encoding="utf-8"))


def switch_language(page: Page, lang: str) -> None:
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f".md-select__link[hreflang={lang}]").click()
