"""The consultant's blog, in each language on its own: post headers, post lists, category pages, an RSS feed.

A post may exist in fewer languages than four, so every language lists only the posts
written in it. Material's blog plugin is not used (README.md, "Blog", says why):

- a post gets its date, reading time, category and author under its title;
- the blog index gets the language's posts, newest first, and a notice (#not-translated)
  that the language switcher of a post not written in this language leads to;
- /<lang>/blog/category/<key>/ is generated for every category;
- /<lang>/blog/feed.xml is written for every language, and every page links it.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from typing import Any

import yaml
from babel.dates import format_date

from .content import CATEGORIES, HEADING, Page, Site
from .language import MARKUP
from .markup import html, md

WORDS_PER_MINUTE = 200
POST_PAGE = ("date", "reading_time", "category", "authors")  # the facts under a post's title
CATEGORY_DIR = "blog/category"
FEED = "blog/feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def author_problems(site: Site, lang: str, ui: dict[str, Any]) -> list[str]:
    authors = ui["blog"]["authors"]
    problems = [
        f"mkdocs.yml: plugins.guide.languages.{lang}.ui.blog.categories has no '{key}'; add its name"
        for key in CATEGORIES
        if key not in ui["blog"]["categories"]
    ]
    for post in site.of_kind("post", lang):
        listed = post.meta.get("authors")
        # Not a list of strings: checks.py says so, in one line.
        for author in listed if isinstance(listed, list) and all(isinstance(a, str) for a in listed) else []:
            if author not in authors:
                problems.append(
                    f"{post.name}: unknown author {author!r}; use one of {', '.join(authors)} "
                    f"or add it to plugins.guide.languages.{lang}.ui.blog.authors in mkdocs.yml"
                )
    return problems


def category_markdown(site: Site, lang: str, key: str, ui: dict[str, Any]) -> str:
    name = ui["categories"][key]
    posts = [post for post in site.posts(lang) if post.meta["categories"] == [key]]
    meta = {"title": name, "description": ui["category_description"].format(category=name)}
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n# {md(name)}\n" + (
        post_list(posts, ui, lang, up="../", show=("date",)) if posts else f"\n{md(ui['no_posts'])}\n"
    )


def page_markdown(site: Site, page: Page, markdown: str, ui: dict[str, Any]) -> str:
    """A post's facts under its title; the blog index's notice and list of posts."""
    lang = page.lang or ""
    if page.kind == "post":
        return _after_title(markdown, post_meta(page, ui, lang, up="../", show=POST_PAGE))
    if page.key == "blog/index.md":
        notice = f'<p id="not-translated" class="blog-notice">{html(ui["not_translated"])}</p>'
        return _after_title(markdown, notice) + post_list(site.posts(lang), ui, lang, up="", show=("date", "category"))
    return markdown


def _after_title(markdown: str, block: str) -> str:
    with_block, found = HEADING.subn(lambda title: f"{title.group(0)}\n\n{block}\n", markdown, count=1)
    return with_block if found else f"{block}\n\n{markdown}"


def reading_minutes(post: Page) -> int:
    return math.ceil(len(MARKUP.sub(" ", post.body).split()) / WORDS_PER_MINUTE)


def post_meta(post: Page, ui: dict[str, Any], lang: str, up: str, show: tuple[str, ...]) -> str:
    """The line of facts under a post's title; links are relative to a page in up + blog/."""
    date: datetime.date = post.meta["date"]
    category = post.meta["categories"][0]
    facts = {
        "date": f'<time datetime="{date.isoformat()}">{html(format_date(date, format="long", locale=lang))}</time>',
        # md(), not html(): the line is Markdown (markdown="1"), where [x](javascript:…) would become a link.
        "reading_time": md(ui["reading_time"].format(minutes=reading_minutes(post))),
        "category": f"[{md(ui['categories'][category])}]({up}category/{category}.md)",
        "authors": md(", ".join(ui["authors"][author] for author in post.meta.get("authors") or [])),
    }
    items = "\n".join(f'<span class="blog-meta__item">{facts[fact]}</span>' for fact in show if facts[fact])
    return f'<p class="blog-meta" markdown>\n{items}\n</p>'


def post_list(posts: list[Page], ui: dict[str, Any], lang: str, up: str, show: tuple[str, ...]) -> str:
    """Title, facts and description of each post; links are relative to a page in up + blog/."""
    items = [
        f"## [{md(post.title)}]({up}posts/{post.stem}.md) {{#{post.stem}}}\n\n"
        f"{post_meta(post, ui, lang, up, show)}\n\n{md(post.meta['description'])}\n"
        for post in posts
    ]
    # The titles and leads of other pages: kept out of the search index.
    return '\n\n<div class="blog-posts" data-pagefind-ignore markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def _rfc822(date: datetime.date) -> str:
    return format_datetime(datetime.datetime.combine(date, datetime.time(), datetime.UTC))


def feed_xml(site: Site, lang: str, ui: dict[str, Any], title: str, url_of: Any, feed_url: str) -> bytes:
    """RSS 2.0 of the language's posts, newest first; url_of(src) is a page's absolute URL."""
    blog = site.page("blog/index.md", lang)
    assert blog is not None, "every page exists in every language (checks.py)"

    def add(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
        ET.SubElement(parent, tag, attributes).text = text

    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    add(channel, "title", title)
    add(channel, "link", url_of("blog/index.md"))
    add(channel, "description", blog.meta["description"])
    add(channel, "language", lang)
    posts = site.posts(lang)
    if posts:  # the channel changed last when its newest post came out: the feed is the same in every build
        add(channel, "lastBuildDate", _rfc822(posts[0].meta["date"]))
    ET.SubElement(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    for post in posts:
        link = url_of(f"blog/posts/{post.stem}.md")
        item = ET.SubElement(channel, "item")
        add(item, "title", post.title)
        add(item, "link", link)
        add(item, "guid", link, isPermaLink="true")
        add(item, "pubDate", _rfc822(post.meta["date"]))
        add(item, "description", post.meta["description"])
        add(item, "category", ui["blog"]["categories"][post.meta["categories"][0]])
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"
