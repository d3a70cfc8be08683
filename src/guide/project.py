"""The guide's content read and checked with its configuration: what the plugin builds from,
and what the maintenance CLI reads, so that both see the same titles, names and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import blog, checks, style
from .cache import DiskCache
from .config import GuideConfig
from .content import ContentError, Site, load
from .language import LanguageCheck


@dataclass
class Project:
    site: Site
    sheets: dict[str, style.StyleSheet]
    ui: dict[str, dict[str, Any]]  # per language, {tip_count} filled in
    problems: list[str] = field(default_factory=list)


def fill_tip_count(value: Any, count: int) -> Any:
    if isinstance(value, dict):
        return {key: fill_tip_count(item, count) for key, item in value.items()}
    return value.replace("{tip_count}", str(count)) if isinstance(value, str) else value


def load_project(guide: GuideConfig, docs_dir: str | Path, cache: DiskCache) -> Project:
    """Read docs/ and the style sheets, and find every problem of the content, one line each."""
    languages = tuple(guide.languages)
    sheets, problems = {}, []
    for lang in languages:
        try:
            sheets[lang] = style.load(Path(guide.styles_dir), lang)
        except ContentError as error:
            problems.append(str(error))
    site = load(docs_dir, languages, {lang: sheet.typography for lang, sheet in sheets.items()})
    ui = {lang: fill_tip_count(guide.languages[lang]["ui"], site.tip_count) for lang in languages}
    problems += checks.validate(site)
    detector = LanguageCheck({lang: guide.languages[lang]["detector"] for lang in languages}, cache)
    checked = [page for page in site.pages if page.lang in sheets and page.readable]
    wrong_language = detector.wrong_languages(checked)
    for page in checked:
        sheet = sheets[page.lang]
        problems += style.term_problems(page, sheet) + style.name_problems(site, page, sheet)
        if other := wrong_language.get(page.src):
            problems.append(f"{page.name}: the text reads as {other}, not {page.lang}; "
                            "write it in the page's language")
    for lang, sheet in sheets.items():
        problems += style.sheet_problems(site, lang, sheet)
        problems += blog.author_problems(site, lang, ui[lang])
    return Project(site, sheets, ui, problems)
