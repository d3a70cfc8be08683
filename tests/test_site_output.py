"""The built site as a crawler and a static host see it: URLs, languages, alternates, sitemap, 404s."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CONFIG, LANGUAGES, UI, site_pages

I18N = {language.locale: language for language in CONFIG.plugins["i18n"].config.languages}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SECTIONS = ["", "tips/", "tips/1/", "tips/17/", "viva/", "viva/action/", "feedback/", "feedback/complaints/",
            "worksheets/", "worksheets/complaint-log/", "blog/", "about/"]


class Head(HTMLParser):
    """The parts of a page that tell its language and its translations."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.canonical = ""
        self.alternates: dict[str, str] = {}
        self.ids: list[str] = []
        self.h1 = ""
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        elif tag == "h1":
            self._in_h1 = True
        if a.get("id"):
            self.ids.append(a["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def head(site_dir: Path, path: str) -> Head:
    return Head((site_dir / path / "index.html").read_text(encoding="utf-8"))


def all_pages(site_dir: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site_dir).as_posix() + "/"
        for lang in LANGUAGES
        for p in site_pages(site_dir, lang)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_exists_in_every_language_at_the_same_path(site_dir: Path, lang: str, section: str) -> None:
    assert (site_dir / lang / section / "index.html").exists()


def test_every_page_has_its_language_canonical_url_and_absolute_alternates(site_dir: Path, base_url: str) -> None:
    pages = all_pages(site_dir)
    by_language = {
        lang: {p.split("/", 1)[1] for p in pages if p.startswith(f"{lang}/") and "/blog/posts/" not in p}
        for lang in LANGUAGES
    }  # a blog post may exist in fewer languages (test_blog.py)
    assert len(by_language["en"]) >= 50
    assert all(paths == by_language["en"] for paths in by_language.values())
    for path in pages:
        page = head(site_dir, path)
        lang = path.split("/", 1)[0]
        assert page.lang == lang, path
        assert page.canonical == base_url + path, path
        assert page.alternates.get(lang) == base_url + path, path
        assert "x-default" in page.alternates, path
        assert all(url.startswith(base_url) for url in page.alternates.values()), path


def test_a_tip_links_all_four_translations_and_english_as_default(site_dir: Path, base_url: str) -> None:
    page = head(site_dir, "pl/tips/17")
    assert page.alternates == {
        **{lang: f"{base_url}{lang}/tips/17/" for lang in LANGUAGES},
        "x-default": f"{base_url}en/tips/17/",
    }


def test_home_pages_have_the_landing_page_as_default(site_dir: Path, base_url: str) -> None:
    assert head(site_dir, "fi").alternates["x-default"] == base_url


def test_the_sitemap_lists_every_page_of_every_language_with_alternates(site_dir: Path, base_url: str) -> None:
    urls = ET.parse(site_dir / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    locations = {u.findtext(f"{SITEMAP}loc") for u in urls}
    assert locations == {base_url + path for path in all_pages(site_dir)}
    for url in urls:
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert url.findtext(f"{SITEMAP}loc") in links.values()
        assert "x-default" in links
    assert not list(site_dir.glob("*/sitemap.xml")), "one sitemap, at the root"


def test_the_root_is_a_language_neutral_landing_page(site_dir: Path) -> None:
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f'<a href="{lang}/" hreflang="{lang}">' in html
    assert "navigator.languages" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(site_dir: Path, lang: str) -> None:
    page = Head((site_dir / lang / "404.html").read_text(encoding="utf-8"))
    assert page.lang == lang
    assert page.h1.strip() == UI[lang]["not_found"]


def test_the_root_404_page_speaks_every_language(site_dir: Path) -> None:
    html = (site_dir / "404.html").read_text(encoding="utf-8")
    assert len({UI[lang]["not_found"] for lang in LANGUAGES}) == len(LANGUAGES)
    for lang in LANGUAGES:
        assert UI[lang]["not_found"] in html, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tip_sections_have_the_same_ids_in_every_language(site_dir: Path, lang: str) -> None:
    ids = head(site_dir, f"{lang}/tips/17").ids
    for section in ("why-it-matters", "how-to-do-it", "try-this-week", "related"):
        assert section in ids


def test_heading_ids_keep_polish_and_swedish_letters(site_dir: Path) -> None:
    ids = [i for path in all_pages(site_dir) if path.startswith(("pl/", "sv/")) for i in head(site_dir, path).ids]
    assert any(re.search("[ąćęłńóśźżåäö]", i) for i in ids), "no heading id keeps its diacritics"
    assert not [i for i in ids if re.search(r"(^|-)(acznosc|wasciwa)", i)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admonition_titles_are_in_the_page_language(site_dir: Path, lang: str) -> None:
    html = (site_dir / lang / "viva" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="admonition note">\s*<p class="admonition-title">([^<]*)<', html)
    assert titles == [I18N[lang].admonition_translations["note"]]


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    pattern = re.compile(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(https?:)?//(?!127\.0\.0\.1)[^"]*"')
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = [m.group(0) for m in pattern.finditer(html) if 'rel="alternate"' not in m.group(0)
                 and 'rel="canonical"' not in m.group(0)]
        assert not loads, f"{page}: {loads[:2]}"
