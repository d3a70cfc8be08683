"""Links in sent newsletters keep working: the registry of published URLs, redirects, short links, copy link."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from playwright.sync_api import Browser, Page, expect
from published_urls import REGISTRY, published, read_registry
from redirects import read_redirects
from register_urls import register

import content_model
from conftest import LANGUAGES, follow_instantly, mkdocs_build
from local_site import ROOT, free_port, serve

CopyProject = Callable[[], Path]
TIPS = range(1, content_model.TIP_COUNT + 1)


def test_the_registry_lists_every_url_the_site_publishes(site_dir: Path) -> None:
    missing = sorted(published(site_dir) - set(read_registry(ROOT / REGISTRY)))
    assert not missing, f"not in {REGISTRY}; run .venv/bin/python scripts/register_urls.py: {missing}"


def test_the_registry_holds_pages_feeds_the_sitemap_and_short_links() -> None:
    urls = read_registry(ROOT / REGISTRY)
    assert urls == sorted(urls)
    for url in ("/", "/fi/tips/17/", "/sv/blog/feed.xml", "/sitemap.xml", "/t/17/", "/pl/t/5/"):
        assert url in urls


def test_registering_adds_new_urls_and_never_removes_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for page in ("index.html", "en/tips/1/index.html", "en/blog/feed.xml", "en/worksheets/log.pdf", "404.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("x", encoding="utf-8")
    registry = tmp_path / REGISTRY
    registry.write_text("# header\n/en/tips/1/\n/en/old-page/\n", encoding="utf-8")
    assert register(registry, site) == ["/", "/en/blog/feed.xml", "/en/worksheets/log.pdf"]
    assert registry.read_text(encoding="utf-8").splitlines() == [
        "# header", "/", "/en/blog/feed.xml", "/en/old-page/", "/en/tips/1/", "/en/worksheets/log.pdf"
    ]
    assert register(registry, site) == []


@pytest.mark.parametrize(
    "redirect",
    ["/fi/tips/old/: /fi/tips/17/", "fi/tips/old/: fi/tips/17/", "tips/old: tips/17/", "tips/old/: [tips/17/]",
     "../old/: tips/17/"],
)
def test_a_redirect_must_be_two_language_neutral_page_paths(tmp_path: Path, redirect: str) -> None:
    path = tmp_path / "redirects.yml"
    path.write_text(redirect + "\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"redirects\.yml: .* is not a redirect; write the paths without the langu"):
        read_redirects(path)


def test_a_renamed_page_fails_the_build_until_it_is_redirected(
    project_copy: CopyProject, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUIDE_LANGUAGE", "pl")  # one language is enough, and the others' URLs must be let be
    project = project_copy()
    for lang in LANGUAGES:
        post = project / f"docs/blog/posts/fail-a-little.{lang}.md"
        renamed = post.with_name(f"fail-a-little-often.{lang}.md")
        text = post.read_text(encoding="utf-8")
        assert "slug: fail-a-little\n" in text
        renamed.write_text(text.replace("slug: fail-a-little\n", "slug: fail-a-little-often\n"), encoding="utf-8")
        post.unlink()

    failed = mkdocs_build(project, project / "site")
    assert failed.returncode != 0, "the build passed although published URLs are gone"
    assert (
        f"{REGISTRY}: /pl/blog/posts/fail-a-little/ is gone; add a redirect in redirects.yml "
        "('blog/posts/fail-a-little/: <its new path>') or restore the page"
    ) in failed.stdout + failed.stderr

    with (project / "redirects.yml").open("a", encoding="utf-8") as redirects:
        redirects.write("blog/posts/fail-a-little/: blog/posts/fail-a-little-often/\n")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    built = mkdocs_build(project, project / "site", url)
    assert built.returncode == 0, built.stdout + built.stderr
    old = (project / "site/pl/blog/posts/fail-a-little/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}pl/blog/posts/fail-a-little-often/">' in old
    assert '<meta name="robots" content="noindex">' in old
    with serve(project / "site", port):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}pl/blog/posts/fail-a-little/#comments")
        page.wait_for_url(f"{url}pl/blog/posts/fail-a-little-often/#comments")
        assert page.locator("html").get_attribute("lang") == "pl"
        context.close()


def test_short_links_point_at_their_tip_and_stay_out_of_search_engines(site_dir: Path, base_url: str) -> None:
    assert "/t/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for number in TIPS:
        for lang in ("", *(f"{lang}/" for lang in LANGUAGES)):
            html = (site_dir / f"{lang}t/{number}/index.html").read_text(encoding="utf-8")
            assert '<meta name="robots" content="noindex">' in html
            target = f"{base_url}{lang or 'en/'}tips/{number}/"
            assert f'<link rel="canonical" href="{target}">' in html, f"/{lang}t/{number}/"


@pytest.mark.parametrize(
    ("locale", "short", "expected"),
    [("fi-FI", "t/17/", "fi/tips/17/"), ("de-DE", "t/17/#try-this-week", "en/tips/17/#try-this-week"),
     ("en-US", "pl/t/5/", "pl/tips/5/")],
)
def test_a_short_link_leads_to_the_tip(browser: Browser, server: str, locale: str, short: str, expected: str) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(server + short)
    page.wait_for_url(server + expected)
    assert page.locator("html").get_attribute("lang") == expected[:2]
    context.close()


def test_short_links_work_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server}t/17/")
    links = page.locator("main a")
    expect(links).to_have_count(4)
    assert [links.nth(i).get_attribute("hreflang") for i in range(4)] == list(LANGUAGES)
    links.nth(1).click()
    page.wait_for_url(f"{server}fi/tips/17/")
    page.goto(f"{server}pl/t/5/")  # a language's short link: by the refresh
    page.wait_for_url(f"{server}pl/tips/5/")
    context.close()


@pytest.fixture
def clipboard_page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    yield context.new_page()
    context.close()


def clipboard(page: Page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_copies_the_tips_absolute_url(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/17/#how-to-do-it")
    page.get_by_role("button", name="Kopioi linkki").click()
    assert clipboard(page) == f"{server}fi/tips/17/"
    expect(page.get_by_role("status")).to_have_text("Linkki kopioitu")
    expect(page.locator(".md-dialog")).to_contain_text("Linkki kopioitu")


def test_the_link_of_a_heading_copies_its_section(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/17/")
    link = page.locator("#try-this-week .headerlink")
    expect(link).to_have_attribute("aria-label", re.compile(r"^Kopioi linkki tähän osioon: "))
    link.click()
    assert clipboard(page) == f"{server}fi/tips/17/#try-this-week"
    page.locator("article h1 .headerlink").click()  # the title's id changes with the title: the page's URL
    assert clipboard(page) == f"{server}fi/tips/17/"


def test_copy_link_works_by_keyboard_after_instant_navigation(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/1/")
    follow_instantly(page, page.locator("#related + div a[href$='/17/']").first, f"{server}fi/tips/17/", "17.")
    page.locator("article h1 .headerlink").focus()
    page.keyboard.press("Shift+Tab")  # to the button, which comes just before the title
    button = page.get_by_role("button", name="Kopioi linkki")
    assert button.evaluate("b => b === document.activeElement && b.matches(':focus-visible')")
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Linkki kopioitu")
    assert clipboard(page) == f"{server}fi/tips/17/"


def test_the_copy_link_button_is_only_on_tips(page: Page, server: str) -> None:
    page.goto(f"{server}en/viva/action/")
    expect(page.locator("article .headerlink").first).to_have_attribute("title", "Copy link to this section")
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
