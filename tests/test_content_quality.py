"""The built text as a reader meets it: its language, its spelling, a tip's length, and the links to each tip.

Each page's main text is the <article> of the built page, without the headings' ¶ anchors, code,
and quotations marked as another language (`*Möt kunden öga mot öga*{lang=sv}`).
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import libvoikko
import pytest
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from conftest import GUIDE_CONFIG, LANGUAGES, ROOT, site_pages
from guide.checks import TIP_SECTIONS
from guide.project import Project

LANGUAGE_CONFIG: dict[str, Any] = dict(GUIDE_CONFIG.languages)  # plugins.guide.languages in mkdocs.yml
ALLOW_LISTS = ROOT / "tests" / "spelling"
TIP_WORDS = (250, 450)
WORD = re.compile(r"\w+(?:['-]\w+)*")  # with apostrophes and hyphens inside: "don't", "e-post", "24-timmars"
# An abbreviation's case ending after a colon, as Finnish and Swedish write it ("PDF:nä", "VIVA!:n", "SMS:et"):
# the abbreviation is checked, not the ending.
CASE_ENDING = re.compile(r"(?<=[A-ZÅÄÖ!]):\w+")
SKIPPED = {"code", "pre", "script", "style"}
VOID = {"br", "hr", "img", "input", "link", "meta", "wbr"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "blockquote", "figcaption"}
BLOCK_WORDS = 8  # a paragraph, item or heading this long is checked for its language on its own


@dataclass
class Article:
    """The main text of one built page, block by block, and the pages it links to."""

    path: str  # "sv/tips/17/"
    lang: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (id of the h1/h2 above it, text)
    hrefs: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.blocks)

    def text_of(self, sections: tuple[str, ...]) -> str:
        return " ".join(text for section, text in self.blocks if section in sections)


class ArticleParser(HTMLParser):
    def __init__(self, article: Article) -> None:
        super().__init__(convert_charrefs=True)
        self.article = article
        self.section = "top"
        self._open: list[str] = []  # tags open inside the article
        self._skip_from: int | None = None  # the depth at which code, a headerlink or another language opened
        self._block: list[str] = []

    def _end_block(self) -> None:
        if self._block:
            self.article.blocks.append((self.section, " ".join(self._block)))
            self._block = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if not self._open:
            if tag == "article" and "md-content__inner" in classes:
                self._open.append(tag)
            return
        if tag in BLOCKS:
            self._end_block()
        if tag in ("h1", "h2") and a.get("id"):
            self.section = a["id"] or ""
        if tag == "a" and a.get("href"):
            target = urljoin(f"/{self.article.path}", a["href"] or "")
            self.article.hrefs.add(urlsplit(target).path.lstrip("/"))
        if tag in VOID:
            return
        other_language = a.get("lang") not in (None, self.article.lang)
        if self._skip_from is None and (tag in SKIPPED or "headerlink" in classes or other_language):
            self._skip_from = len(self._open)
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:
            return
        if tag in BLOCKS or tag == "article":
            self._end_block()
        while self._open.pop() != tag:
            pass
        if self._skip_from is not None and len(self._open) <= self._skip_from:
            self._skip_from = None

    def handle_data(self, data: str) -> None:
        if self._open and self._skip_from is None and data.strip():
            self._block.append(data.strip())


def read_article(site_dir: Path, html_file: Path) -> Article:
    path = html_file.parent.relative_to(site_dir).as_posix() + "/"
    article = Article(path, lang=path.split("/", 1)[0])
    ArticleParser(article).feed(html_file.read_text(encoding="utf-8"))
    return article


@pytest.fixture(scope="module")
def articles(site_dir: Path) -> dict[str, list[Article]]:
    """Every page of every language, by language."""
    return {
        lang: [read_article(site_dir, f) for f in site_pages(site_dir, lang)] for lang in LANGUAGES
    }


def tip_articles(articles: dict[str, list[Article]], lang: str) -> list[Article]:
    return [a for a in articles[lang] if re.fullmatch(rf"{lang}/tips/\d+/", a.path)]


def tokens(text: str) -> list[str]:
    return WORD.findall(CASE_ENDING.sub("", text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")))


def words(text: str) -> list[str]:
    """The words to spell-check: a hyphenated word keeps its parts without digits ("24-timmars" -> "timmars")."""
    found = []
    for token in tokens(text):
        parts = [part for part in token.split("-") if not re.search(r"[\d_]", part)]
        if parts:
            found.append("-".join(parts))
    return found


def word_count(text: str) -> int:
    return len(tokens(text))


def allow_list(lang: str) -> set[str]:
    lines = (ALLOW_LISTS / f"allow.{lang}.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def unknown_words(lang: str, candidates: set[str]) -> set[str]:
    """The words that the language's dictionary does not know: its `spelling` in mkdocs.yml names
    a hunspell dictionary (sv_SE) or Voikko."""
    dictionary = LANGUAGE_CONFIG[lang]["spelling"]
    if dictionary == "voikko":
        voikko = libvoikko.Voikko("fi")
        try:
            return {w for w in candidates if not voikko.spell(w)}
        finally:
            voikko.terminate()
    result = subprocess.run(
        ["hunspell", "-i", "utf-8", "-d", dictionary, "-l"],
        input="\n".join(sorted(candidates)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return set(result.stdout.split())


def misspelt(lang: str, page_words: dict[str, set[str]]) -> dict[str, list[str]]:
    """Per page, the words neither the dictionary nor the allow-list knows.

    A hyphenated word is right when the dictionary knows it whole or knows each of its parts
    ("e-post", "win-win-tilanne"); otherwise its unknown parts are reported.
    """
    allowed = allow_list(lang)
    every = {w for ws in page_words.values() for w in ws}
    parts = {p for w in every if "-" in w for p in w.split("-")}
    unknown = {w for w in unknown_words(lang, every | parts) if w not in allowed and w.lower() not in allowed}

    def wrong(word: str) -> list[str]:
        return [part for part in word.split("-") if part in unknown] if word in unknown else []

    found = {path: sorted({bad for w in ws for bad in wrong(w)}) for path, ws in page_words.items()}
    return {path: bad for path, bad in found.items() if bad}


def test_every_page_language_and_tip_is_checked(articles: dict[str, list[Article]], project: Project) -> None:
    for lang in LANGUAGES:
        assert len(articles[lang]) >= 50, f"only {len(articles[lang])} pages found in {lang}"
        assert len(tip_articles(articles, lang)) == project.site.tip_count
        assert all(a.text for a in articles[lang]), f"a {lang} page has no main text"


@functools.cache
def detector() -> LanguageDetector:
    """lingua, choosing among the guide's languages (their `detector` in mkdocs.yml)."""
    names = [LANGUAGE_CONFIG[lang]["detector"] for lang in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name.upper()) for name in names)).build()


def language_name(text: str) -> str:
    found = detector().detect_language_of(text)
    return found.name.lower() if found else "no language"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_reads_as_its_own_language(articles: dict[str, list[Article]], lang: str) -> None:
    """The whole page, and each of its paragraphs, items and headings that is long enough to tell."""
    own = LANGUAGE_CONFIG[lang]["detector"]
    wrong = []
    for article in articles[lang]:
        if (found := language_name(article.text)) != own:
            wrong.append(f"{article.path} reads as {found}")
        for _, text in article.blocks:
            if word_count(text) >= BLOCK_WORDS and (found := language_name(text)) != own:
                wrong.append(f"{article.path} has a passage that reads as {found}: {text[:80]!r}")
    assert not wrong, f"text not written in {own}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_word_is_spelt_right(articles: dict[str, list[Article]], lang: str) -> None:
    bad = misspelt(lang, {a.path: set(words(a.text)) for a in articles[lang]})
    report = "\n".join(f"{path}: {', '.join(found)}" for path, found in sorted(bad.items()))
    assert not bad, (
        f"words the {lang} dictionary does not know; fix the spelling in docs/, or add a correct word "
        f"(a name, a compound) to tests/spelling/allow.{lang}.txt:\n{report}"
    )


def test_the_allow_lists_hold_no_word_the_dictionary_knows() -> None:
    """An allow-list entry that the dictionary accepts anyway is dead weight: keep the lists short."""
    for lang in LANGUAGES:
        entries = allow_list(lang)
        known = entries - unknown_words(lang, entries)
        assert not known, f"tests/spelling/allow.{lang}.txt: the dictionary knows {', '.join(sorted(known))}; remove"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tip_is_250_to_450_words(articles: dict[str, list[Article]], lang: str) -> None:
    low, high = TIP_WORDS
    wrong = []
    for article in tip_articles(articles, lang):
        count = word_count(article.text_of(TIP_SECTIONS))
        if not low <= count <= high:
            wrong.append(f"{article.path} has {count} words")
    assert not wrong, f"a tip's three sections have {low} to {high} words: " + "; ".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tip_is_linked_from_the_index_its_phase_and_another_tip(
    articles: dict[str, list[Article]], lang: str, project: Project
) -> None:
    by_path = {a.path: a for a in articles[lang]}
    tips = tip_articles(articles, lang)
    assert len(tips) == project.site.tip_count
    site = project.site
    missing = []
    for tip in tips:
        page = site.tip(int(tip.path.split("/")[2]), lang)
        assert page is not None, tip.path
        phase = f"{lang}/viva/{page.meta['viva']}/"
        if tip.path not in by_path[f"{lang}/tips/"].hrefs:
            missing.append(f"{tip.path} is not linked from {lang}/tips/")
        if tip.path not in by_path[phase].hrefs:
            missing.append(f"{tip.path} is not linked from its phase page {phase}")
        if not any(tip.path in other.hrefs for other in tips if other is not tip):
            missing.append(f"{tip.path} is not linked from any other tip")
    assert not missing, "; ".join(missing)
