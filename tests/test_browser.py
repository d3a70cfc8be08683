"""What a reader sees in Chromium: the landing redirect, the language switcher, no third-party requests."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from conftest import LANGUAGES, follow_instantly, switch_language

PAGE_TYPES = ["", "tips/", "tips/17/", "viva/action/", "feedback/complaints/", "worksheets/complaint-log/",
              "blog/", "about/", "no-such-page/"]


@pytest.mark.parametrize(
    ("browser_languages", "expected"),
    [("fi-FI", "fi"), ("pl", "pl"), ("sv-SE", "sv"), ("en-GB", "en"), ("de-DE", "en")],
)
def test_the_landing_page_sends_the_reader_to_their_language(
    browser: Browser, server: str, browser_languages: str, expected: str
) -> None:
    context = browser.new_context(locale=browser_languages)
    page = context.new_page()
    page.goto(server)
    page.wait_for_url(f"{server}{expected}/")
    assert page.locator("html").get_attribute("lang") == expected
    context.close()


def test_the_landing_page_lists_the_languages_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(server)
    assert page.url == server
    links = page.locator("main a")
    expect(links).to_have_count(len(LANGUAGES))
    assert [links.nth(i).get_attribute("hreflang") for i in range(len(LANGUAGES))] == list(LANGUAGES)
    context.close()


def test_the_language_switcher_keeps_the_page_after_instant_navigation(page: Page, server: str) -> None:
    page.goto(f"{server}fi/tips/1/")
    follow_instantly(page, page.locator("#related + div a[href$='/17/']").first, f"{server}fi/tips/17/", "17.")
    switch_language(page, "sv")
    page.wait_for_url(f"{server}sv/tips/17/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator(".md-header__topic").first.inner_text().strip() == "Kundrelationsguiden"


def test_the_language_switcher_keeps_the_section_being_read(page: Page, server: str) -> None:
    page.goto(f"{server}en/tips/4/#try-this-week")
    switch_language(page, "pl")
    page.wait_for_url(f"{server}pl/tips/4/#try-this-week")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_leaves_the_site_and_none_fails(browser: Browser, server: str, lang: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    failures: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    def record_failure(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/no-such-page/"):
            failures.append(f"{response.status} {response.url}")

    context.on("response", record_failure)
    pages = [context.new_page() for _ in PAGE_TYPES]
    for page, path in zip(pages, PAGE_TYPES, strict=True):  # every kind of page at once, each in a tab
        page.goto(f"{server}{lang}/{path}", wait_until="commit")
    for page in pages:
        page.wait_for_load_state("networkidle")
    outside = [url for url in requests if not url.startswith((server, "data:", "blob:"))]
    assert not outside, outside
    assert not failures, failures
    context.close()


@pytest.mark.parametrize(
    ("lang", "search_label", "next_label"),
    [("sv", "Sök", "Nästa"), ("fi", "Hae", "Seuraava"), ("pl", "Szukaj", "Następna"), ("en", "Search", "Next")],
)
def test_material_speaks_the_page_language(page: Page, server: str, lang: str, search_label: str,
                                           next_label: str) -> None:
    page.goto(f"{server}{lang}/tips/2/")
    assert page.locator("input.md-search__input").get_attribute("placeholder") == search_label
    footer = page.locator(".md-footer__link--next").inner_text()
    assert re.search(next_label, footer), footer
