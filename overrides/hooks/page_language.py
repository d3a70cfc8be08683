"""Which language a page is written in, by a real language detector (lingua)."""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from content_model import Page

LINGUA = {"sv": Language.SWEDISH, "fi": Language.FINNISH, "pl": Language.POLISH, "en": Language.ENGLISH}
MARKUP = re.compile(r"\{[#.][^}]*\}|\]\([^)]*\)|<[^>]+>|[#*_`>|\[\]!-]")
MIN_WORDS = 5  # fewer words than this say too little to tell a language


@functools.cache
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LINGUA.values()).build()


def prose(page: Page) -> str:
    """The words a reader sees: title, lead, labels and body, without Markdown."""
    meta = page.meta
    parts = [str(meta.get("title", "")), str(meta.get("description", ""))]
    for section in meta.get("sections") or []:
        if isinstance(section, dict):
            parts.append(str(section.get("title", "")))
            parts += [str(f.get("label", "")) for f in section.get("fields") or [] if isinstance(f, dict)]
            parts += [str(s) for s in section.get("steps") or []]
    parts.append(MARKUP.sub(" ", page.body))
    return " ".join(parts)


def wrong_language(page: Page) -> str | None:
    """The code of the language the page is written in, when it is not its own."""
    text = prose(page)
    if len(text.split()) < MIN_WORDS or page.lang not in LINGUA:
        return None
    found = language_of(text)
    return found if found != page.lang else None


@functools.lru_cache(maxsize=4096)  # `mkdocs serve` asks again only for the pages that changed
def language_of(text: str) -> str | None:
    found = detector().detect_language_of(text)
    return next((code for code, language in LINGUA.items() if language == found), None)
