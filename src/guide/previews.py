"""Link previews: Open Graph and Twitter card tags and a social card for every page.

Every page gets, in its own language, what chat apps, LinkedIn and mail clients read
to show a link (overrides/partials/preview.html renders the `preview` context): the
title, the lead, the canonical URL, the locale and those of its translations, and a
1200x630 card at /assets/cards/<lang>/<page>.png drawn by cards.py. Cards are kept in
the disk cache under the hash of their text and code, and the new ones are drawn in a
worker process while MkDocs goes on building. README.md, "Link previews", says why
this and not Material's social plugin.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import astuple
from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import background, cards
from .cache import DiskCache, code_version, key

CARDS_DIR = "assets/cards"


def card_path(page: Page) -> str:
    """assets/cards/sv/tips/17.png for /sv/tips/17/; sv/index.png for /sv/, index.png for /."""
    dest = page.file.dest_uri
    png = dest.removesuffix(".html") if page.is_index else dest.removesuffix("/index.html")
    return f"{CARDS_DIR}/{png}.png"


def section_of(page: Page, nav: Navigation) -> str:
    """The title of the navigation's tab the page belongs to (blog posts too, which are not in it)."""
    folder = page.file.src_uri.split("/", 1)[0]
    for item in nav.items:
        if item.is_section and any(
            child.is_page and child.file.src_uri.split("/", 1)[0] == folder for child in item.children
        ):
            return str(item.title)
    return ""


def preview(*, site_name: str, title: str, description: str, url: str, card_url: str,
            locale: str, alternate_locales: list[str], article: bool) -> dict[str, Any]:
    return {
        "type": "article" if article else "website",
        "site_name": site_name,
        "title": title,
        "description": description,
        "url": url,
        "locale": locale,
        "alternate_locales": alternate_locales,
        "image": {
            "url": card_url,
            "width": cards.WIDTH,
            "height": cards.HEIGHT,
            "alt": title if site_name in title else f"{title} \N{EN DASH} {site_name}",
        },
    }


class CardMaker:
    """The cards of the pages built, at site_dir/<card_path>: linked from the disk cache, or drawn
    by a worker process while MkDocs builds; at the end, the build draws those the worker has not
    begun, so that both cores draw."""

    def __init__(self, cache: DiskCache, site_dir: Path) -> None:
        self.cache = cache
        self.site_dir = site_dir
        self.version = code_version("cards.py", "pillow", "fontpkg-inter")
        self.drawing: dict[str, tuple[cards.Card, Path, Future[None]]] = {}  # cache entry -> the worker's job
        self.same: list[tuple[str, Path]] = []  # pages whose card is being drawn for another page
        self.targets: list[Path] = []  # every page's card, drawn or from the cache
        self.drawn = 0
        self.pool: ProcessPoolExecutor | None = None

    def glyph_problem(self, card: cards.Card, source: str) -> str | None:
        missing = cards.missing_glyphs(" ".join((card.site_name, card.section, card.title, card.lead)))
        if missing:
            return (f"{source}: the social card's font ({cards.FAMILY}) has no {' '.join(sorted(missing))}; "
                    "write the title and description without them")
        return None

    def entry(self, card: cards.Card) -> str:
        """The card's name in the disk cache."""
        return key(self.version, *map(str, astuple(card)))

    def add(self, card: cards.Card, path: str) -> None:
        entry, target = self.entry(card), self.site_dir / path
        self.targets.append(target)
        if entry in self.drawing:
            self.same.append((entry, target))
        elif not self.cache.place("card", entry, target):
            if self.pool is None:
                self.pool = ProcessPoolExecutor(1, background.fork_context(),
                                                initializer=background.lower_priority)
            self.drawing[entry] = (card, target, self.pool.submit(draw, card, self.cache, entry, target))

    def finish(self) -> list[str]:
        """Wait for the worker's cards, drawing here those it has not begun; the cards missing from the site."""
        for entry, (card, target, job) in reversed(self.drawing.items()):
            if job.cancel():
                draw(card, self.cache, entry, target)
        for _, _, job in self.drawing.values():
            if not job.cancelled():
                job.result()
        for entry, target in self.same:
            self.cache.place("card", entry, target)
        self.drawn = len(self.drawing)
        missing = [target for target in self.targets if not target.is_file()]
        self.stop()
        return [f"{target.relative_to(self.site_dir)}: the page's social card was made but is not in the site; "
                "build again" for target in missing]

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.pool = None
        self.drawing.clear()
        self.same.clear()
        self.targets.clear()


def draw(card: cards.Card, cache: DiskCache, entry: str, target: Path) -> None:
    cache.put("card", entry, cards.draw(card))
    cache.place("card", entry, target)
