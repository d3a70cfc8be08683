"""The blog in each language: its own posts, post pages, categories, the RSS feed, tips linking back, the switcher."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import LANGUAGES, UI, site_pages, switch_language
from guide.content import Page as Post
from guide.project import Project

ATOM = "{http://www.w3.org/2005/Atom}"
# unkindness-the-new-black, 2026-03-10, in each language's own format
DATES = {"sv": "10 mars 2026", "fi": "10. maaliskuuta 2026", "pl": "10 marca 2026", "en": "March 10, 2026"}


@pytest.fixture(scope="module")
def posts(project: Project) -> Callable[[str], list[Post]]:
    """The posts written in a language per their front matter, newest first."""

    def of(lang: str) -> list[Post]:
        found = project.site.of_kind("post", lang)
        assert found, f"no post in {lang}"
        return sorted(found, key=lambda post: (post.meta["date"], post.stem), reverse=True)

    return of


Posts = Callable[[str], list[Post]]


def article(site_dir: Path, path: str) -> str:
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def listed(html: str, prefix: str) -> list[str]:
    """The slugs of the posts a blog index or category page lists, in order."""
    return re.findall(rf'<h2 id="([^"]+)"><a href="{prefix}\1/">', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_blog_index_lists_the_languages_own_posts_newest_first(posts: Posts, site_dir: Path, lang: str) -> None:
    html = article(site_dir, f"{lang}/blog")
    assert listed(html, "posts/") == [post.stem for post in posts(lang)]
    assert f'<time datetime="2026-03-10">{DATES[lang]}</time>' in html
    assert '<a href="category/communication/">' in html
    description = next(p for p in posts(lang) if p.stem == "unkindness-the-new-black").meta["description"]
    assert description in html


def test_some_posts_are_missing_in_some_languages(posts: Posts) -> None:
    """The switcher and index tests below need a post that is not written in Polish."""
    assert {p.stem for p in posts("en")} - {p.stem for p in posts("pl")} >= {"spinning-in-circles"}


def test_a_post_page_shows_date_reading_time_category_author_and_links_its_tips(posts: Posts, site_dir: Path) -> None:
    html = article(site_dir, "fi/blog/posts/unkindness-the-new-black")
    facts = re.search(r'<p class="blog-meta">(.*?)</p>', html, re.S)
    assert facts, "no line of facts under the title"
    assert html.index("</h1>") < facts.start()
    assert f'<time datetime="2026-03-10">{DATES["fi"]}</time>' in facts.group(1)
    minutes = re.escape(UI["fi"]["blog"]["reading_time"]).replace(re.escape("{minutes}"), "[1-9]")
    minutes = minutes.replace(r"\ ", "[ \N{NO-BREAK SPACE}]")  # typeset: no break between a number and its unit
    assert re.search(rf">{minutes}<", facts.group(1))
    category = UI["fi"]["blog"]["categories"]["communication"]
    assert f'<a href="../../category/communication/">{category}</a>' in facts.group(1)
    assert f'>{UI["fi"]["blog"]["authors"]["consultant"]}<' in facts.group(1)
    post = next(p for p in posts("fi") if p.stem == "unkindness-the-new-black")
    for tip in post.meta["tips"]:
        assert f'href="../../../tips/{tip}/' in html, f"tip {tip}"


@pytest.mark.parametrize(("lang", "tip"), [("pl", 3), ("en", 3), ("sv", 17)])
def test_a_tip_links_back_to_the_posts_about_it_in_its_language(
    posts: Posts, site_dir: Path, lang: str, tip: int
) -> None:
    html = article(site_dir, f"{lang}/tips/{tip}")
    section = html[html.index('id="blog-posts"') :]
    linked = re.findall(r'href="\.\./\.\./blog/posts/([^/"]+)/"', section)
    expected = [p.stem for p in posts(lang) if tip in p.meta.get("tips", [])]
    assert expected, "choose a tip that some post discusses"
    assert linked == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_category_pages_are_translated_and_list_the_languages_posts(posts: Posts, site_dir: Path, lang: str) -> None:
    for key, title in UI[lang]["blog"]["categories"].items():
        path = f"{lang}/blog/category/{key}"
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert re.search(rf"<h1[^>]*>{title}<", html), path
        assert f'hreflang="{lang}"' in html and 'hreflang="x-default"' in html
        assert listed(article(site_dir, path), "../../posts/") == [
            p.stem for p in posts(lang) if p.meta["categories"] == [key]
        ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_lists_the_languages_posts_with_absolute_links(
    posts: Posts, site_dir: Path, base_url: str, lang: str
) -> None:
    channel = ET.parse(site_dir / lang / "blog" / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("language") == lang
    assert channel.findtext("link") == f"{base_url}{lang}/blog/"
    assert channel.find(f"{ATOM}link").get("href") == f"{base_url}{lang}/blog/feed.xml"
    items = channel.findall("item")
    expected = posts(lang)
    assert len(items) == len(expected)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")).date() == expected[0].meta["date"]
    for item, post in zip(items, expected, strict=True):
        link = item.findtext("link")
        assert link == f"{base_url}{lang}/blog/posts/{post.stem}/"
        assert (site_dir / link.removeprefix(base_url) / "index.html").exists()
        assert item.findtext("guid") == link and item.find("guid").get("isPermaLink") == "true"
        assert parsedate_to_datetime(item.findtext("pubDate")).date() == post.meta["date"]
        assert item.findtext("title") == post.title
        assert item.findtext("description") == post.meta["description"]
        assert item.findtext("category") == UI[lang]["blog"]["categories"][post.meta["categories"][0]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_a_language_links_its_feed(site_dir: Path, base_url: str, lang: str) -> None:
    feed = re.compile(
        rf'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="{base_url}{lang}/blog/feed.xml">'
    )
    pages = site_pages(site_dir, lang, "*.html")
    assert len(pages) > 50
    assert [page for page in pages if len(feed.findall(page.read_text(encoding="utf-8"))) != 1] == []


def test_an_untranslated_post_has_no_hreflang_for_the_missing_language(site_dir: Path, base_url: str) -> None:
    html = (site_dir / "en/blog/posts/spinning-in-circles/index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    hreflangs = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', head)
    assert {lang for _, lang in hreflangs} == {"sv", "fi", "en"}
    assert 'hreflang="pl"' not in head
    assert re.search(r'<a href="[./]*pl/blog/#not-translated" hreflang="pl"', html)


@pytest.mark.browser
@pytest.mark.parametrize("instant", [False, True], ids=["loaded", "after-instant-navigation"])
def test_the_switcher_leads_from_an_untranslated_post_to_the_notice(page: Page, server: str, instant: bool) -> None:
    if instant:
        page.goto(f"{server}en/blog/")
        page.evaluate("window.loadedOnce = true")
        page.locator(".blog-posts a[href$='/en/blog/posts/spinning-in-circles/']").first.click()
        page.wait_for_url(f"{server}en/blog/posts/spinning-in-circles/")
        assert page.evaluate("window.loadedOnce === true"), "the post was not opened by instant navigation"
    else:
        page.goto(f"{server}en/blog/posts/spinning-in-circles/")
    switch_language(page, "pl")
    page.wait_for_url(f"{server}pl/blog/#not-translated")
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(page.locator("#not-translated")).to_be_visible()
    expect(page.locator("#not-translated")).to_have_text(UI["pl"]["blog"]["not_translated"])
    page.goto(f"{server}pl/blog/")
    expect(page.locator("#not-translated")).to_be_hidden()
