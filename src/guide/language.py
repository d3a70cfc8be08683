"""Which language each page is written in, by a real language detector (lingua), cached on disk."""

from __future__ import annotations

import functools
import json
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .cache import DiskCache, code_version, key
from .content import Page, front_matter_text

MARKUP = re.compile(r"\{[#.][^}]*\}|\]\([^)]*\)|<[^>]+>|[#*_`>|\[\]!-]")
MIN_WORDS = 5  # fewer words than this say too little to tell a language
# (lingua's languages, text) -> code: a process that checks again (the CLI, the tests) detects only what changed.
_found: dict[tuple[tuple[str, ...], str], str] = {}


@functools.cache
def _detector(names: tuple[str, ...]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name.upper()) for name in names)).build()


def prose(page: Page) -> str:
    """The words a reader sees: title, lead, labels and body, without Markdown."""
    return " ".join([*front_matter_text(page), _without_markup(page.body)])


@functools.lru_cache(maxsize=4096)  # a process that checks docs/ again reads only what changed
def _without_markup(body: str) -> str:
    return MARKUP.sub(" ", body)


class LanguageCheck:
    """detectors: language code -> lingua's name of it (plugins.guide.languages.<code>.detector)."""

    def __init__(self, detectors: dict[str, str], cache: DiskCache) -> None:
        self.detectors = detectors
        self.cache = cache
        self.version = key(code_version("lingua-language-detector"), *sorted(detectors.values()))

    def wrong_languages(self, pages: list[Page]) -> dict[str, str]:
        """The pages (by src) that read as another of the guide's languages than their own, and that language."""
        checked = [(page, text) for page in pages if page.lang in self.detectors
                   and len((text := prose(page)).split()) >= MIN_WORDS]
        found = self.languages_of([text for _, text in checked])
        return {page.src: code for (page, _), code in zip(checked, found, strict=True) if code and code != page.lang}

    def languages_of(self, texts: list[str]) -> list[str]:
        """Each text's language code ("" when lingua cannot tell). All texts are one cache entry: a change
        to any page detects them all again, on every core, which takes less than a file per page."""
        entry = key(self.version, *texts)
        cached = self.cache.get("language", entry)
        if cached is not None:
            return list(json.loads(cached))
        names = {name: code for code, name in self.detectors.items()}
        languages = tuple(sorted(names))
        new = [text for text in dict.fromkeys(texts) if (languages, text) not in _found]
        for text, found in zip(new, _detector(languages).detect_languages_in_parallel_of(new), strict=True):
            _found[languages, text] = names.get(found.name.lower(), "") if found else ""
        codes = [_found[languages, text] for text in texts]
        self.cache.put("language", entry, json.dumps(codes).encode())
        return codes
