"""Link previews: Open Graph and Twitter card tags and a social card for every page.

Every page gets, in its own language, the tags that chat apps, LinkedIn, X and
mail clients read to show a link (overrides/partials/preview.html renders them
from the `preview` context variable set here): the title, the lead as the
description, the canonical URL, the locale and those of its translations, and
a 1200x630 card at /assets/cards/<lang>/<page>.png, drawn by cards.py.

The cards are drawn in a worker process while MkDocs goes on building pages,
and written once every language is built; a card already drawn in this
process (mkdocs serve) is not drawn again. README.md, "Link previews", says
why this and not Material's social plugin.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import cards
from build_language import all_languages_built, current, is_root_build, site_root

log = logging.getLogger("mkdocs.hooks.previews")

# English is written and spell-checked as American English (tests/test_content_quality.py).
OG_LOCALES = {"sv": "sv_SE", "fi": "fi_FI", "pl": "pl_PL", "en": "en_US"}
ROOT_LANGUAGE = "en"  # the landing page's <html lang>
CARDS_DIR = "assets/cards"

_pool: ProcessPoolExecutor | None = None
_cards: dict[str, cards.Card] = {}  # the card of each page built, by its path in the site
_drawing: dict[cards.Card, Future[bytes]] = {}  # the cards the worker draws


def card_path(page: Page) -> str:
    """assets/cards/sv/tips/17.png for /sv/tips/17/; sv/index.png for /sv/, index.png for /."""
    dest = page.file.dest_uri
    png = dest.removesuffix(".html") if page.is_index else dest.removesuffix("/index.html")
    return f"{CARDS_DIR}/{png}.png"


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    site_url = site_root(config)
    meta = page.meta
    description = meta.get("description") or config.site_description or ""
    if is_root_build(config):  # the language-neutral landing page (overrides/landing.html)
        lang, number = ROOT_LANGUAGE, None
        others = [item["lang"] for item in context["languages"]]  # set by i18n_site.py
        title = str(page.title)
        card = cards.Card(
            site_name=" · ".join(item["name"] for item in context["languages"]),
            title="\n".join(item["site_name"] for item in context["languages"]),
            lead=description,
        )
    else:
        lang = current(config)
        others = [alt["lang"] for alt in context["switcher"] if not alt["missing"]]  # set by i18n_site.py
        number = meta.get("tip") if page.file.src_uri.startswith("tips/") else None  # tips/index has none
        title = f"{number}. {page.title}" if number else str(page.title)
        section = _section(page, nav)
        card = cards.Card(
            site_name=config.site_name,
            title=str(page.title),
            lead=description,
            section="" if section == page.title else section,
            number=number,
        )
    _check_glyphs(card, page)
    path = card_path(page)
    _draw(card, path)
    context["preview"] = {
        "type": "article" if number or page.file.src_uri.startswith("blog/posts/") else "website",
        "site_name": config.site_name,
        "title": title,
        "description": description,
        "url": page.canonical_url or site_url,
        "locale": OG_LOCALES[lang],
        "alternate_locales": [OG_LOCALES[other] for other in others if other != lang],
        "image": {
            "url": site_url + path,
            "width": cards.WIDTH,
            "height": cards.HEIGHT,
            "alt": title if config.site_name in title else f"{title} \N{EN DASH} {config.site_name}",
        },
    }
    return context


def _section(page: Page, nav: Navigation) -> str:
    """The title of the navigation's tab the page belongs to (blog posts too, which are not in it)."""
    folder = page.file.src_uri.split("/", 1)[0]
    for item in nav.items:
        if item.is_section and any(
            child.is_page and child.file.src_uri.split("/", 1)[0] == folder for child in item.children
        ):
            return str(item.title)
    return ""


def _check_glyphs(card: cards.Card, page: Page) -> None:
    missing = cards.missing_glyphs(" ".join((card.site_name, card.section, card.title, card.lead)))
    if missing:
        raise PluginError(
            f"docs/{page.file.src_uri}: the social card's font ({cards.FAMILY}) has no "
            f"{' '.join(sorted(missing))}; write the title and description without them"
        )


def _draw(card: cards.Card, path: str) -> None:
    global _pool
    _cards[path] = card
    if card in cards.DRAWN or card in _drawing:
        return
    if _pool is None:
        # fork: the worker inherits cards.py, which can be imported only while MkDocs loads the hooks
        _pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"))
    _drawing[card] = _pool.submit(cards.draw, card)


@event_priority(-125)  # once every language is built, while Pagefind has indexed it; before the PDFs
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    site_dir = Path(config.site_dir)
    started, drawn = time.perf_counter(), len(_drawing)
    try:
        for card, drawing in _drawing.items():
            cards.DRAWN[card] = drawing.result()
        log.info("%d social cards drawn; waited %.1f s for the last of them", drawn, time.perf_counter() - started)
        for path, card in _cards.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(cards.DRAWN[card])
    finally:
        _stop()


def on_build_error(error: Exception) -> None:
    _stop()


def _stop() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
    _pool = None
    _cards.clear()
    _drawing.clear()
