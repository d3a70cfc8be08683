"""Link previews: every page's Open Graph and Twitter tags, and its social card (guide.previews, guide.cards)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import LANGUAGES, mkdocs_build
from guide.project import Project

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REQUIRED = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:locale", "og:image",
            "og:image:width", "og:image:height", "og:image:alt",
            "twitter:card", "twitter:title", "twitter:description", "twitter:image")


class Preview(HTMLParser):
    """What a link preview reads from a page: its <html lang>, canonical URL, hreflang alternates and meta tags."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.canonical = ""
        self.hreflangs: set[str] = set()
        self.meta: dict[str, str] = {}
        self.alternate_locales: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang") not in (None, "x-default"):
            self.hreflangs.add(a["hreflang"])
        elif tag == "meta" and a.get("property") == "og:locale:alternate":
            self.alternate_locales.append(a["content"])
        elif tag == "meta" and (a.get("property") or a.get("name", "")).startswith(("og:", "twitter:")):
            self.meta[a.get("property") or a["name"]] = a["content"]


def preview(site_dir: Path, url: str, base_url: str) -> Preview:
    return Preview((site_dir / url.removeprefix(base_url) / "index.html").read_text(encoding="utf-8"))


def every_page(site_dir: Path, base_url: str) -> list[str]:
    """The landing page and every page of every language (the sitemap's)."""
    urls = ET.parse(site_dir / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    return [base_url, *sorted(url.text or "" for url in urls)]


def card(site_dir: Path, page: Preview, base_url: str) -> Path:
    return site_dir / page.meta["og:image"].removeprefix(base_url)


def test_every_page_has_its_preview_tags_in_its_own_language(site_dir: Path, base_url: str) -> None:
    pages = every_page(site_dir, base_url)
    assert len(pages) > 200
    for url in pages:
        page = preview(site_dir, url, base_url)
        missing = [tag for tag in REQUIRED if not page.meta.get(tag)]
        assert not missing, f"{url} has no {missing}"
        assert page.meta["og:url"] == page.canonical == url
        assert page.meta["og:image"].startswith(base_url) and page.meta["twitter:image"] == page.meta["og:image"]
        assert page.meta["twitter:card"] == "summary_large_image"
        assert page.meta["og:locale"].split("_")[0] == page.lang, url
        # og:locale:alternate names the languages the page is written in, as its hreflang links do
        assert {locale.split("_")[0] for locale in page.alternate_locales} == page.hreflangs - {page.lang}, url
        assert page.meta["og:title"] == page.meta["twitter:title"]
        assert page.meta["og:description"] == page.meta["twitter:description"]


def test_every_card_is_a_1200_by_630_png_in_the_site(site_dir: Path, base_url: str) -> None:
    for url in every_page(site_dir, base_url):
        page = preview(site_dir, url, base_url)
        path = card(site_dir, page, base_url)
        assert path.is_file(), f"{url}: {page.meta['og:image']} is not in the site"
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), path
        assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "630")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_tips_preview_is_its_number_title_and_lead(
    site_dir: Path, base_url: str, lang: str, project: Project
) -> None:
    for number in project.site.tip_numbers:
        tip = project.site.tip(number, lang)
        assert tip is not None
        page = preview(site_dir, f"{base_url}{lang}/tips/{number}/", base_url)
        assert page.meta["og:description"] == tip.meta["description"]
        assert page.meta["og:title"] == f"{number}. {tip.title}"
        assert page.meta["og:type"] == "article"


def test_site_names_locales_and_types_are_those_of_the_language(site_dir: Path, base_url: str) -> None:
    sv_home = preview(site_dir, f"{base_url}sv/", base_url)
    assert (sv_home.meta["og:site_name"], sv_home.meta["og:locale"]) == ("Kundrelationsguiden", "sv_SE")
    assert sv_home.meta["og:type"] == "website"
    pl_post = preview(site_dir, f"{base_url}pl/blog/posts/fail-a-little/", base_url)
    assert (pl_post.meta["og:site_name"], pl_post.meta["og:locale"]) == ("Przewodnik po relacjach z klientem", "pl_PL")
    assert pl_post.meta["og:type"] == "article"
    assert preview(site_dir, f"{base_url}en/tips/", base_url).meta["og:type"] == "website"
    # a post written in Finnish and English only names those two
    fi_post = preview(site_dir, f"{base_url}fi/blog/posts/ask-your-happy-clients/", base_url)
    assert fi_post.alternate_locales == ["en_US"]


def test_the_landing_page_has_language_neutral_tags(site_dir: Path, base_url: str) -> None:
    page = preview(site_dir, base_url, base_url)
    assert page.meta["og:url"] == base_url
    assert page.meta["og:locale"] == "en_US"
    assert sorted(page.alternate_locales) == ["fi_FI", "pl_PL", "sv_SE"]
    assert all(name in page.meta["og:title"] for name in ("Kundrelationsguiden", "Asiakassuhdeopas"))


def test_a_tips_card_differs_in_every_language(site_dir: Path, base_url: str) -> None:
    cards = [card(site_dir, preview(site_dir, f"{base_url}{lang}/tips/17/", base_url), base_url) for lang in LANGUAGES]
    assert len({path.read_bytes() for path in cards}) == len(LANGUAGES)


def test_the_site_ships_no_font(site_dir: Path) -> None:
    """The cards' font stays in the build: the pages use system fonts."""
    fonts = [p for p in site_dir.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".woff", ".woff2")]
    assert not fonts


def test_a_character_the_cards_font_lacks_fails_the_build(project_copy: Callable[[], Path]) -> None:
    project = project_copy()
    landing = project / "docs" / "index.md"
    text = landing.read_text(encoding="utf-8")
    assert '\ndescription: "' in text
    landing.write_text(text.replace('\ndescription: "', '\ndescription: "字 ', 1), encoding="utf-8")
    result = mkdocs_build(project, project / "site", "https://guide.example/")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output[-3000:]
    assert ("ERROR   -  docs/index.md: the social card's font (Inter) has no 字; write the title and description "
            "without them") in output
