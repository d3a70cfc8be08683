"""Accessibility in Chromium: axe-core on every page type in every language, and the controls by keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from conftest import LANGUAGES, UI
from local_site import ROOT
from site_search import ANSWERED

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NOT_FOUND = "no-such-page/"
PAGE_TYPES = ["", "tips/", "tips/17/", "viva/", "viva/action/", "feedback/", "feedback/complaints/", "worksheets/",
              "worksheets/complaint-log/", "blog/", "blog/posts/fail-a-little/", "blog/category/feedback/", "about/",
              NOT_FOUND]

# axe's default rules, and also every WCAG 2.0 A/AA and 2.1 AA rule that axe leaves off by default.
RUN_AXE = """async () => {
  const wcag = axe.getRules(["wcag2a", "wcag2aa", "wcag21aa"]).map(rule => rule.ruleId)
  const rules = Object.fromEntries(wcag.map(id => [id, {enabled: true}]))
  const {violations} = await axe.run(document, {rules, resultTypes: ["violations"]})
  return violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", ")}`)
}"""


@pytest.fixture(scope="module")
def axe_page(browser: Browser) -> Iterator[Page]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./scripts/setup test", pytrace=False)
    context = browser.new_context(locale="en-US")
    yield context.new_page()
    context.close()


def axe_violations(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    status = response.status if response else None
    if status != (404 if url.endswith(NOT_FOUND) else 200):
        return [f"{url}: HTTP status {status}"]
    page.add_script_tag(path=AXE)
    return [f"{url}: {violation}" for violation in page.evaluate(RUN_AXE)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_any_page_type(axe_page: Page, server: str, lang: str) -> None:
    violations = [v for path in PAGE_TYPES for v in axe_violations(axe_page, f"{server}{lang}/{path}")]
    assert not violations, "\n".join(violations)


def test_axe_finds_nothing_serious_on_the_landing_and_root_404_pages(axe_page: Page, server: str) -> None:
    # The landing page sends a browser with JavaScript on to a language at once: what stays
    # to be read is its list of languages, so axe checks the page without its scripts.
    def without_scripts(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=re.sub(r"<script\b.*?</script>", "", response.text(), flags=re.S))

    axe_page.route(server, without_scripts)
    violations = axe_violations(axe_page, server)
    axe_page.unroute(server)
    assert axe_page.url == server
    violations += axe_violations(axe_page, f"{server}{NOT_FOUND}")
    assert not violations, "\n".join(violations)


# The keyboard alone: each control is reached with Tab from the top of the page, shows where
# the focus is (an outline or a shadow while it matches :focus-visible) and works with Enter
# or Space.

SHOWS_FOCUS = """(element, pseudo) => {
  const style = getComputedStyle(element, pseudo)
  return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none"
}"""


def tab_to(page: Page, control: Locator, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if control.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of Tab did not reach {control}", pytrace=False)


def assert_shows_focus(control: Locator, drawn_by: Locator | None = None, pseudo: str | None = None) -> None:
    """The control has the keyboard's focus, and it (or what draws it, such as a task list's box) shows it."""
    expect(control).to_be_focused()
    assert control.evaluate("element => element.matches(':focus-visible')"), f"{control} is not :focus-visible"
    assert (drawn_by or control).evaluate(SHOWS_FOCUS, pseudo), f"{control} shows no outline or shadow on focus"


def test_the_language_switcher_works_by_keyboard(page: Page, server: str) -> None:
    page.goto(f"{server}en/tips/4/")
    button = page.locator(".md-header__option .md-select button")
    tab_to(page, button)
    assert_shows_focus(button)
    polish = page.locator(".md-select__link[hreflang=pl]")
    tab_to(page, polish, limit=4)
    expect(polish).to_be_visible()
    assert_shows_focus(polish)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}pl/tips/4/")


def test_search_works_by_keyboard(page: Page, server: str) -> None:
    page.goto(f"{server}en/tips/4/")
    field = page.locator("input.md-search__input")
    tab_to(page, field)
    assert_shows_focus(field)
    page.keyboard.type("complaint")
    page.wait_for_function(ANSWERED, arg="complaint")  # not the results of "compl", replaced while in focus
    first = page.locator(".md-search-result__link").first
    expect(first).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert_shows_focus(first)
    target, title = first.get_attribute("href"), first.locator("h1").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    expect(page.locator(".md-content h1")).to_contain_text(title)


def test_a_checklist_works_by_keyboard(page: Page, server: str) -> None:
    page.goto(f"{server}en/tips/4/")
    checklist = page.locator("article ul.task-list").first
    box = checklist.locator("input[type=checkbox]").first
    tab_to(page, box)
    assert_shows_focus(box, drawn_by=box.locator("+ .task-list-indicator"), pseudo="::before")
    page.keyboard.press("Space")
    expect(box).to_be_checked()

    clear = page.locator(".guide-checklist-clear").first
    tab_to(page, clear, limit=5)
    assert_shows_focus(clear)
    page.keyboard.press("Enter")
    expect(box).not_to_be_checked()

    print_ticks = page.locator(".guide-checklist-print-ticks").first
    tab_to(page, print_ticks, limit=2)
    assert_shows_focus(print_ticks)
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_class(re.compile(r"\bguide-print-ticks\b"))


def test_a_worksheet_prints_by_keyboard(page: Page, server: str) -> None:
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1 }")
    page.goto(f"{server}en/worksheets/complaint-log/")
    button = page.locator("[data-guide-print]")
    tab_to(page, button)
    assert_shows_focus(button)
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1


def test_copy_link_works_by_keyboard(browser: Browser, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}en/tips/4/")
    status = page.locator(".guide-copy-status")
    button = page.locator(".guide-copy-link")
    tab_to(page, button)
    assert_shows_focus(button)
    page.keyboard.press("Enter")
    expect(status).to_have_text(UI["en"]["link_copied"])
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}en/tips/4/"

    section = page.locator("#try-this-week .headerlink")
    tab_to(page, section)
    assert_shows_focus(section)
    page.keyboard.press("Enter")
    page.wait_for_function("async url => await navigator.clipboard.readText() === url",
                           arg=f"{server}en/tips/4/#try-this-week")
    context.close()
