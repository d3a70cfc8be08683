"""Which language a page is written in, by a real language detector (lingua), cached on disk."""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .cache import DiskCache, code_version, key
from .content import Page, front_matter_text

MARKUP = re.compile(r"\{[#.][^}]*\}|\]\([^)]*\)|<[^>]+>|[#*_`>|\[\]!-]")
MIN_WORDS = 5  # fewer words than this say too little to tell a language


@functools.cache
def _detector(names: tuple[str, ...]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name.upper()) for name in names)).build()


def prose(page: Page) -> str:
    """The words a reader sees: title, lead, labels and body, without Markdown."""
    return " ".join([*front_matter_text(page), MARKUP.sub(" ", page.body)])


class LanguageCheck:
    """detectors: language code -> lingua's name of it (plugins.guide.languages.<code>.detector)."""

    def __init__(self, detectors: dict[str, str], cache: DiskCache) -> None:
        self.detectors = detectors
        self.cache = cache
        self.version = key(code_version("lingua-language-detector"), *sorted(detectors.values()))

    def wrong_language(self, page: Page) -> str | None:
        """The code of the language the page reads as, when it is not its own."""
        text = prose(page)
        if len(text.split()) < MIN_WORDS or page.lang not in self.detectors:
            return None
        found = self.language_of(text)
        return found if found and found != page.lang else None

    def language_of(self, text: str) -> str | None:
        entry = key(self.version, text)
        cached = self.cache.get("language", entry)
        if cached is not None:
            return cached.decode() or None
        found = _detector(tuple(sorted(self.detectors.values()))).detect_language_of(text)
        code = next((c for c, name in self.detectors.items() if found and found.name.lower() == name), "")
        self.cache.put("language", entry, code.encode())
        return code or None
