"""Search in Chromium: each language its own index, inflected words, tip numbers, instant navigation."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page

from conftest import LANGUAGES, follow_instantly, switch_language
from site_search import search, tip_number

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
# A word that only another language's pages use, and the language it belongs to.
FOREIGN_WORD = {"sv": "kilpailijoista", "fi": "konkurrenter", "pl": "kilpailijoista", "en": "konkurencji"}
TITLE_WORD = {"sv": "byråkratin", "fi": "byrokratia", "pl": "biurokracją", "en": "tape"}


def language_of(url: str) -> str:
    return urlsplit(url).path.strip("/").split("/", 1)[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_inflected_queries_find_their_tip_in_the_top_three(page: Page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/tips/")
    assert len(QUERIES[lang]) >= 8
    misses = []
    for item in QUERIES[lang]:
        urls = search(page, item["query"])
        assert urls, f"no result for {item['query']!r}"
        assert {language_of(url) for url in urls} == {lang}, urls
        if item["tip"] not in [tip_number(url) for url in urls[:3]]:
            misses.append((item["query"], item["tip"], urls[:3]))
    assert not misses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_tip_number_and_a_title_word_find_the_tip_first(page: Page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/")
    assert tip_number(search(page, "17")[0]) == 17
    assert tip_number(search(page, TITLE_WORD[lang])[0]) == 13


@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_of_other_languages_find_nothing(page: Page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/")
    assert search(page, FOREIGN_WORD[lang]) == []


def test_results_show_number_title_and_passage(page: Page, server: str) -> None:
    page.goto(f"{server}pl/")
    search(page, "reklamacji")
    first = page.locator(".md-search-result__item").filter(has=page.locator("a[href*='/pl/tips/10/']")).first
    assert first.locator("h1").inner_text().startswith("10. ")
    assert first.locator("mark").count() > 0


def test_search_works_after_instant_navigation_and_follows_the_language_switch(page: Page, server: str) -> None:
    page.goto(f"{server}fi/tips/")
    follow_instantly(page, page.locator("article a[href$='/22/']").first, f"{server}fi/tips/22/", "22.")
    assert 22 in [tip_number(url) for url in search(page, "kilpailija")[:3]]
    page.keyboard.press("Escape")  # the open search covers the header
    switch_language(page, "sv")
    page.wait_for_url(f"{server}sv/tips/22/")
    urls = search(page, "konkurrent")
    assert urls and {language_of(url) for url in urls} == {"sv"}


def test_search_loads_only_the_readers_language(page: Page, server: str, site_dir: Path) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}pl/")
    search(page, "konkurencja")
    index_files = [url.rsplit("/", 1)[1] for url in requested if "/pagefind/" in url and "_" in url.rsplit("/", 1)[1]]
    assert index_files
    assert all(name.startswith(("pl_", "pagefind.pl_")) or name == "wasm.pl.pagefind" for name in index_files)
    material_index = yaml.safe_load((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material_index["docs"] == [], "Material's all-language index is downloaded by every reader"
