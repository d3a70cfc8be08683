"""Drive the site's search box in Chromium as a reader does: shared by tests and benchmarks."""

from __future__ import annotations

import re

from playwright.sync_api import Page

TIP_URL = re.compile(r"/tips/(\d+)/")

# Times the first result after the first keystroke, in the page's own clock.
STOPWATCH = """() => {
  const list = document.querySelector(".md-search-result__list")
  window.searchTimes = {}
  document.querySelector("input.md-search__input").addEventListener(
    "keydown", () => { window.searchTimes.start ??= performance.now() })
  new MutationObserver(() => {
    if (list.querySelector(".md-search-result__item")) window.searchTimes.first ??= performance.now()
  }).observe(list, { childList: true })
}"""


# Results carry their query in ?h=, so answers to earlier keystrokes are not
# mistaken for the last one; "no results" is Material's own phrase for it.
ANSWERED = """query => {
  const link = document.querySelector(".md-search-result__item > a.md-search-result__link")
  if (link) return new URL(link.href).searchParams.get("h") === query ? "results" : false
  const none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"]
  return document.querySelector(".md-search-result__meta").textContent.trim() === none ? "none" : false
}"""
SETTLE_MS = 600  # a later answer may still replace "no results" for an earlier keystroke


def open_search(page: Page) -> None:
    """Open the search box and empty it, as a reader would."""
    box = page.locator("input.md-search__input")
    if box.is_visible():
        box.click()
    else:  # on a phone the box is behind the magnifier button
        page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")


def type_query(page: Page, query: str) -> None:
    page.keyboard.type(query)
    # Playwright inserts letters such as ą without key events, and Material
    # reads the box on keyup: a key that types nothing makes it read the last one.
    page.keyboard.press("End")


def search(page: Page, query: str) -> list[str]:
    """Type query into the search box; the URL of each result page, best first."""
    open_search(page)
    type_query(page, query)
    terms = " ".join(query.split())
    if page.wait_for_function(ANSWERED, arg=terms, timeout=10_000).json_value() == "none":
        page.wait_for_timeout(SETTLE_MS)
        page.wait_for_function(ANSWERED, arg=terms, timeout=10_000)
    return page.locator(".md-search-result__item > a.md-search-result__link:first-child").evaluate_all(
        "links => links.map(a => a.href)"
    )


def tip_number(url: str) -> int | None:
    match = TIP_URL.search(url)
    return int(match.group(1)) if match else None


def time_to_first_result(page: Page, query: str) -> float:
    """Milliseconds from the first keystroke to the first result shown."""
    open_search(page)
    page.evaluate(STOPWATCH)
    type_query(page, query)
    page.wait_for_function("() => window.searchTimes.first !== undefined")
    times = page.evaluate("window.searchTimes")
    return times["first"] - times["start"]
