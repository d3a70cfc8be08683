"""Build the real site once per session, serve it on localhost, and drive Chromium over it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from local_site import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, free_port, languages, mkdocs_build, serve

LANGUAGES = languages()  # from mkdocs.yml, for the test modules' parametrize
__all__ = ["LANGUAGES", "ROOT", "mkdocs_build"]


@pytest.fixture(scope="session")
def base_url() -> str:
    return f"http://127.0.0.1:{free_port()}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Path:
    """The whole site, built once, with its absolute URLs on the test server."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out, base_url)
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
    """A copy of the project's sources (not its .venv or site) to break on purpose."""

    def make() -> Path:
        return copy_project(tmp_path / "project")

    return make


def follow_instantly(page: Page, link: Locator, url: str, title_start: str) -> None:
    """Click a link and check that instant navigation opened it, not a page load."""
    page.evaluate("window.loadedOnce = true")
    link.click()
    page.wait_for_url(url)
    expect(page.locator("article h1")).to_contain_text(title_start)
    assert page.evaluate("window.loadedOnce === true"), f"{url} was opened by a page load, not instant navigation"


def site_pages(site_dir: Path, lang: str, pattern: str = "index.html") -> list[Path]:
    """A language's pages, without those that only lead on to another (hooks/redirects.py:
    moved pages and short links, which tell search engines not to index them)."""
    pages = (site_dir / lang).rglob(pattern)
    return sorted(p for p in pages if '<meta name="robots" content="noindex">' not in p.read_text(encoding="utf-8"))


def switch_language(page: Page, lang: str) -> None:
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f".md-select__link[hreflang={lang}]").click()
