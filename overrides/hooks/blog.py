"""The consultant's blog, in each language on its own: post headers, the post lists, category pages, an RSS feed.

A post may exist in fewer languages than four, so every language lists only the
posts written in it. Material's blog plugin is not used (README.md, "Blog", says
why); this hook builds from the content model instead:

- a post gets its date, reading time, category and author under its title;
- the blog index (docs/blog/index.<lang>.md) gets the language's posts, newest
  first, and a notice (#not-translated) that the language switcher of a post
  not written in this language leads to (i18n_site.py);
- /<lang>/blog/category/<key>/ is generated for every category;
- /<lang>/blog/feed.xml is written for every language, and every page of the
  language links it (config.extra.feed, rendered by overrides/main.html).

The strings come from extra.ui.blog of each language in mkdocs.yml.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

import content_model
from build_language import all_languages_built, current, is_root_build, site_root
from content_model import CATEGORIES, HEADING, LANGUAGES, Page, Site
from page_language import MARKUP

WORDS_PER_MINUTE = 200
POST_PAGE = ("date", "reading_time", "category", "authors")  # the facts under a post's title
CATEGORY_DIR = "blog/category"
FEED = "blog/feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
UI_KEYS = ("reading_time", "authors", "categories", "category_description", "no_posts", "not_translated",
           "posts_about_tip")

_files: dict[str, Files] = {}  # the files of the language being built, for the feed's URLs


def on_config(config: MkDocsConfig) -> None:
    if is_root_build(config):
        config.extra["feed"] = None  # the language-neutral root has no blog
        return
    lang = current(config)
    site = content_model.load(config.docs_dir)
    _check_ui(config, site, lang)
    blog = site.page("blog/index.md", lang)
    assert blog is not None, "every page exists in every language (content_model)"
    config.extra["feed"] = {
        "title": f"{config.site_name} \N{EN DASH} {blog.meta['title']}",
        "url": site_root(config) + f"{lang}/{FEED}",
    }


on_config = event_priority(-110)(on_config)  # after static-i18n has set the language's site_name and extra


def _check_ui(config: MkDocsConfig, site: Site, lang: str) -> None:
    ui = config.extra["ui"].get("blog") or {}
    missing = [key for key in UI_KEYS if key not in ui]
    missing += [f"categories.{key}" for key in CATEGORIES if key not in ui.get("categories", {})]
    if missing:
        raise PluginError(f"mkdocs.yml: extra.ui.blog of language '{lang}' has no {', '.join(missing)}; add them")
    for post in site.of_kind("post", lang):
        for author in post.meta.get("authors") or []:
            if author not in ui["authors"]:
                raise PluginError(
                    f"docs/{post.src}: unknown author {author!r}; use one of {', '.join(ui['authors'])} "
                    f"or add it to extra.ui.blog.authors of '{lang}' in mkdocs.yml"
                )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if is_root_build(config):
        return files
    lang = current(config)
    site = content_model.load(config.docs_dir)
    ui = config.extra["ui"]["blog"]
    for key in CATEGORIES:
        page = _category_file(config, lang, key, category_markdown(site, lang, key, ui))
        # What static-i18n gives its own files: i18n_site.py reads them for hreflang and the sitemap.
        page.alternates = {
            other: page if other == lang else _category_file(config, other, key, "") for other in LANGUAGES
        }
        files.append(page)
    config.plugins["i18n"].i18n_files_per_language[lang] = files.documentation_pages()  # the sitemap's pages
    _files[lang] = files
    return files


on_files = event_priority(-110)(on_files)  # after static-i18n has chosen the language's files


def _category_file(config: MkDocsConfig, lang: str, key: str, content: str) -> File:
    file = File.generated(config, f"{CATEGORY_DIR}/{key}.md", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = f"{lang}/{file.dest_uri}"
    file.locale = lang
    return file


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    if is_root_build(config):
        return markdown
    lang = current(config)
    site = content_model.load(config.docs_dir)
    key, _ = content_model.split_name(page.file.src_uri)
    source = site.page(key, lang)
    ui = config.extra["ui"]["blog"]
    if source is not None and source.kind == "post":
        return _after_title(markdown, post_meta(source, ui, lang, up="../", show=POST_PAGE))
    if key == "blog/index.md":
        notice = f'<p id="not-translated" class="blog-notice">{ui["not_translated"]}</p>'
        return _after_title(markdown, notice) + post_list(site.posts(lang), ui, lang, up="", show=("date", "category"))
    return markdown


def _after_title(markdown: str, html: str) -> str:
    with_html, found = HEADING.subn(lambda title: f"{title.group(0)}\n\n{html}\n", markdown, count=1)
    return with_html if found else f"{html}\n\n{markdown}"


def reading_minutes(post: Page) -> int:
    return math.ceil(len(MARKUP.sub(" ", post.body).split()) / WORDS_PER_MINUTE)


def post_meta(post: Page, ui: dict[str, Any], lang: str, up: str, show: tuple[str, ...]) -> str:
    """The line of facts under a post's title; links are relative to a page in up + blog/."""
    date: datetime.date = post.meta["date"]
    category = post.meta["categories"][0]
    facts = {
        "date": f'<time datetime="{date.isoformat()}">{format_date(date, format="long", locale=lang)}</time>',
        "reading_time": ui["reading_time"].format(minutes=reading_minutes(post)),
        "category": f"[{ui['categories'][category]}]({up}category/{category}.md)",
        "authors": ", ".join(ui["authors"][author] for author in post.meta.get("authors") or []),
    }
    items = "\n".join(f'<span class="blog-meta__item">{facts[fact]}</span>' for fact in show if facts[fact])
    return f'<p class="blog-meta" markdown>\n{items}\n</p>'


def post_list(posts: list[Page], ui: dict[str, Any], lang: str, up: str, show: tuple[str, ...]) -> str:
    """Title, facts and description of each post; links are relative to a page in up + blog/."""
    items = [
        f"## [{post.heading}]({up}posts/{post.stem}.md) {{#{post.stem}}}\n\n"
        f"{post_meta(post, ui, lang, up, show)}\n\n{post.meta['description']}\n"
        for post in posts
    ]
    # The titles and leads of other pages: kept out of the search index (hooks/search.py).
    return '\n\n<div class="blog-posts" data-pagefind-ignore markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def category_markdown(site: Site, lang: str, key: str, ui: dict[str, Any]) -> str:
    name = ui["categories"][key]
    posts = [post for post in site.posts(lang) if post.meta["categories"] == [key]]
    meta = {"title": name, "description": ui["category_description"].format(category=name)}
    return (
        f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n# {name}\n"
        + (post_list(posts, ui, lang, up="../", show=("date",)) if posts else f"\n{ui['no_posts']}\n")
    )


def on_post_build(config: MkDocsConfig) -> None:
    if all_languages_built(config) or is_root_build(config):
        return
    lang = current(config)
    site = content_model.load(config.docs_dir)
    (Path(config.site_dir) / lang / FEED).write_bytes(feed_xml(config, site, lang, _files[lang]))


def _rfc822(date: datetime.date) -> str:
    return format_datetime(datetime.datetime.combine(date, datetime.time(), datetime.UTC))


def feed_xml(config: MkDocsConfig, site: Site, lang: str, files: Files) -> bytes:
    """RSS 2.0 of the language's posts, newest first."""
    feed, blog = config.extra["feed"], site.page("blog/index.md", lang)
    assert blog is not None

    def url(src: str) -> str:
        file = files.get_file_from_path(src)
        assert file is not None, f"{src} is in the {lang} build"
        return site_root(config) + file.url

    def add(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
        ET.SubElement(parent, tag, attributes).text = text

    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    add(channel, "title", feed["title"])
    add(channel, "link", url("blog/index.md"))
    add(channel, "description", blog.meta["description"])
    add(channel, "language", lang)
    posts = site.posts(lang)
    if posts:  # the channel changed last when its newest post came out: the feed is the same in every build
        add(channel, "lastBuildDate", _rfc822(posts[0].meta["date"]))
    ET.SubElement(channel, f"{{{ATOM}}}link", href=feed["url"], rel="self", type="application/rss+xml")
    for post in posts:
        link = url(f"blog/posts/{post.stem}.md")
        item = ET.SubElement(channel, "item")
        add(item, "title", post.heading)
        add(item, "link", link)
        add(item, "guid", link, isPermaLink="true")
        add(item, "pubDate", _rfc822(post.meta["date"]))
        add(item, "description", post.meta["description"])
        add(item, "category", config.extra["ui"]["blog"]["categories"][post.meta["categories"][0]])
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"
