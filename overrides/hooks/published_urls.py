"""Every URL the site has published keeps leading somewhere: a page, a file or a redirect.

published-urls.txt lists them, relative to site_url (scripts/register_urls.py
adds the URLs of new pages and files). After every other hook has written its
files, the build fails when a listed URL no longer resolves, naming the URL and
the fix: a redirect in redirects.yml (hooks/redirects.py) or the page restored.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from build_language import all_languages_built, built_languages
from content_model import LANGUAGES

REGISTRY = "published-urls.txt"
HEADER = """\
# Every URL the site has published, relative to site_url: one a line, sorted.
# Newsletters link to them, so the build fails when one of them no longer leads
# to a page, a file or a redirect (overrides/hooks/published_urls.py).
# Never remove a line: add a redirect in redirects.yml or restore the page.
# New pages and files are added by: .venv/bin/python scripts/register_urls.py
"""
FILES = (".xml", ".pdf")  # what a reader may link to besides pages: feeds, the sitemap, worksheets
BUILD_ONLY = (".pdf",)  # `mkdocs serve` makes no worksheet PDFs (hooks/worksheet_pdfs.py)

_command = "build"


def published(site_dir: Path) -> set[str]:
    """The URLs a built site publishes: its pages (a folder's index.html) and its feeds, sitemap and PDFs."""
    urls = set()
    for path in site_dir.rglob("*"):
        url = "/" + path.relative_to(site_dir).as_posix()
        if path.name == "index.html":
            urls.add(url.removesuffix("index.html"))
        elif path.suffix in FILES:
            urls.add(url)
    return urls


def read_registry(path: Path) -> list[str]:
    """The URLs listed in the registry, without its comments; a line that is not a URL fails."""
    urls = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("/"):
            raise PluginError(f"{REGISTRY} line {number}: '{line}' is not a site path; start it with /")
        urls.append(line)
    return urls


def resolves(site_dir: Path, url: str) -> bool:
    path = site_dir / url.lstrip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def fix(url: str) -> str:
    """What to do about a URL that no longer resolves."""
    if not url.endswith("/"):
        return "restore the file (redirects.yml redirects pages only)"
    lang, _, path = url.lstrip("/").partition("/")
    if lang in LANGUAGES and path:
        return f"add a redirect in redirects.yml ('{path}: <its new path>') or restore the page"
    return "add a redirect in redirects.yml or restore the page"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(-200)  # last: after every hook that writes files (sitemap, search, redirects, PDFs)
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    registry = Path(config.config_file_path).parent / REGISTRY
    if not registry.exists():
        raise PluginError(f"{REGISTRY}: missing; create it with .venv/bin/python scripts/register_urls.py")
    site_dir = Path(config.site_dir)
    skipped = [lang for lang in LANGUAGES if lang not in built_languages(config)]  # GUIDE_LANGUAGE builds
    broken = [
        url
        for url in read_registry(registry)
        if url.split("/")[1] not in skipped
        and not (_command == "serve" and url.endswith(BUILD_ONLY))
        and not resolves(site_dir, url)
    ]
    if broken:
        raise PluginError(
            f"{len(broken)} published URL(s) no longer lead anywhere:\n  "
            + "\n  ".join(f"{REGISTRY}: {url} is gone; {fix(url)}" for url in broken)
        )
