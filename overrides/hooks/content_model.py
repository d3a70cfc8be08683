"""The guide's content model: every page's front matter, loaded from docs/ and checked.

Used by the build hooks and by the scripts in scripts/, so that both read the
same titles and leads. See CONTRIBUTING.md for the rules checked here.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

LANGUAGES = ("sv", "fi", "pl", "en")
LANGUAGE_NAMES = {"sv": "Swedish", "fi": "Finnish", "pl": "Polish", "en": "English"}
PHASES = ("vision", "inquiry", "value", "action")
TIP_COUNT = 25
DESCRIPTION_MAX = 160
ROOT_PAGES = ("index.md",)  # language-neutral pages, built at the site root
TASK_ITEM = re.compile(r"^\s*[-*] \[[ xX]\] ", re.M)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
TIP_SECTIONS = ("why-it-matters", "how-to-do-it", "try-this-week")
PHASE_SECTIONS = ("purpose", "before", "during", "after", "questions", "checklist")
PRACTICE_SECTIONS = ("when", "how", "checklist")
CATEGORIES = ("communication", "feedback", "service", "planning")  # of blog posts
HEADING = re.compile(r"^# (.+?)[ \t]*$", re.M)


@dataclass
class Page:
    """One Markdown file of docs/."""

    src: str  # path relative to docs/, e.g. "tips/17.fi.md"
    key: str  # the same path without the language, e.g. "tips/17.md"
    lang: str | None
    meta: dict[str, Any]
    body: str

    @property
    def kind(self) -> str:
        parts = PurePosixPath(self.key).parts
        stem = PurePosixPath(self.key).stem
        if len(parts) == 2 and stem != "index":
            return {
                "tips": "tip",
                "viva": "phase",
                "feedback": "practice",
                "worksheets": "worksheet",
            }.get(parts[0], "page")
        if len(parts) == 3 and parts[:2] == ("blog", "posts"):
            return "post"
        return "page"

    @property
    def stem(self) -> str:
        return PurePosixPath(self.key).stem

    @property
    def heading(self) -> str:
        """The '# ' title written in the body (blog posts), or ''."""
        match = HEADING.search(self.body)
        return match.group(1) if match else ""


@dataclass
class Site:
    """All pages of docs/, with the problems found while reading them."""

    docs_dir: Path
    pages: list[Page] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def page(self, key: str, lang: str) -> Page | None:
        return self._index.get((key, lang))

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str | None], Page]:
        return {(p.key, p.lang): p for p in self.pages}

    def languages_of(self, key: str) -> list[str]:
        return [lang for lang in LANGUAGES if (key, lang) in self._index]

    def tip(self, number: int, lang: str) -> Page | None:
        return self.page(f"tips/{number}.md", lang)

    def of_kind(self, kind: str, lang: str) -> list[Page]:
        return [p for p in self.pages if p.kind == kind and p.lang == lang]

    def posts(self, lang: str) -> list[Page]:
        """The blog posts written in lang, newest first."""
        return sorted(self.of_kind("post", lang), key=lambda p: (str(p.meta.get("date")), p.stem), reverse=True)


def _split_front_matter(text: str) -> tuple[str | None, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def split_name(src: str) -> tuple[str, str | None]:
    """'tips/17.fi.md' -> ('tips/17.md', 'fi'); 'index.md' -> ('index.md', None)."""
    parts = PurePosixPath(src).name.split(".")
    if len(parts) < 3:
        return src, None
    lang = parts[-2]
    return src[: -len(f".{lang}.md")] + ".md", lang


def read_page(docs_dir: Path, path: Path, problems: list[str]) -> Page:
    src = path.relative_to(docs_dir).as_posix()
    name = f"docs/{src}"
    key, lang = split_name(src)
    if lang is None and src not in ROOT_PAGES:
        problems.append(
            f"{name}: the file name has no language suffix; "
            f"rename it to {src[:-3]}.<lang>.md with <lang> one of {', '.join(LANGUAGES)}"
        )
    elif lang is not None and lang not in LANGUAGES:
        problems.append(
            f"{name}: '{lang}' is not a language of the guide; use one of {', '.join(LANGUAGES)}"
        )
    raw, body = _split_front_matter(path.read_text(encoding="utf-8"))
    meta: Any = {}
    if raw is not None:
        try:
            meta = yaml.safe_load(raw) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            problem = getattr(error, "problem", None) or "invalid YAML"
            problems.append(f"{name}: the front matter is not valid YAML{where} ({problem}); fix it")
        if not isinstance(meta, dict):
            problems.append(f"{name}: the front matter must be a YAML mapping of keys to values")
            meta = {}
    return Page(src=src, key=key, lang=lang, meta=meta, body=body)


def load(docs_dir: str | Path) -> Site:
    """Every Markdown file of docs_dir, read once (see reload)."""
    return _load(Path(docs_dir).resolve())


def reload(docs_dir: str | Path) -> Site:
    """Read docs_dir again: at the start of every build, so that `mkdocs serve` sees edits."""
    _load.cache_clear()
    return load(docs_dir)


@functools.lru_cache(maxsize=1)
def _load(docs_dir: Path) -> Site:
    site = Site(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        site.pages.append(read_page(docs_dir, path, site.problems))
    return site


# --- checks -----------------------------------------------------------------


def validate(site: Site) -> list[str]:
    """Every problem of the content, one line each, naming the file and the fix."""
    problems = list(site.problems)
    problems += _check_translations(site)
    for page in site.pages:
        if page.lang in LANGUAGES:
            problems += _check_page(site, page)
    problems += _check_tips(site)
    problems += _check_same_in_every_language(site)
    return problems


def _name(page: Page) -> str:
    return f"docs/{page.src}"


def _check_translations(site: Site) -> list[str]:
    problems = []
    keys = sorted({p.key for p in site.pages if p.lang in LANGUAGES})
    for key in keys:
        present = site.languages_of(key)
        if PurePosixPath(key).parts[:2] == ("blog", "posts"):
            continue  # a post may exist in fewer languages
        for lang in LANGUAGES:
            if lang not in present:
                problems.append(
                    f"docs/{key[:-3]}.{lang}.md: missing; write the "
                    f"{LANGUAGE_NAMES[lang]} version of {key} (it exists in {', '.join(present)})"
                )
    return problems


def _check_page(site: Site, page: Page) -> list[str]:
    name, meta = _name(page), page.meta
    problems = []
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(f"{name}: no description; add a 'description:' of at most {DESCRIPTION_MAX} characters")
    elif len(description) > DESCRIPTION_MAX:
        problems.append(
            f"{name}: the description is {len(description)} characters; "
            f"shorten it to {DESCRIPTION_MAX} or fewer"
        )
    if page.kind != "post" and not isinstance(meta.get("title"), str):
        problems.append(f"{name}: no title; add a 'title:' to the front matter")
    check = {
        "tip": _check_tip_page,
        "phase": _check_phase_page,
        "practice": _check_practice_page,
        "worksheet": _check_worksheet_page,
        "post": _check_post_page,
    }.get(page.kind)
    if check:
        problems += check(site, page)
    if page.key == "tips/index.md":
        problems += _check_tip_groups(page)
    return problems


def _worksheet_exists(site: Site, slug: Any) -> bool:
    return isinstance(slug, str) and bool(site.languages_of(f"worksheets/{slug}.md"))


def _tip_numbers(value: Any) -> list[int] | None:
    if isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return value
    return None


def _missing_sections(page: Page, ids: tuple[str, ...]) -> list[str]:
    return [
        f"{_name(page)}: no section with id '{section}'; add a heading ending in {{#{section}}}"
        for section in ids
        if f"{{#{section}}}" not in page.body
    ]


def _check_tip_page(site: Site, page: Page) -> list[str]:
    name, meta = _name(page), page.meta
    problems = []
    number = meta.get("tip")
    if not isinstance(number, int) or isinstance(number, bool):
        problems.append(f"{name}: no tip number; add 'tip: {page.stem}' to the front matter")
    elif not 1 <= number <= TIP_COUNT:
        problems.append(f"{name}: tip {number} is out of range; tips are numbered 1 to {TIP_COUNT}")
    elif str(number) != page.stem:
        problems.append(f"{name}: the front matter says tip {number} but the file is tips/{page.stem}; make them agree")
    if meta.get("viva") not in PHASES:
        problems.append(f"{name}: unknown viva phase {meta.get('viva')!r}; use one of {', '.join(PHASES)}")
    if not _worksheet_exists(site, meta.get("worksheet")):
        problems.append(f"{name}: worksheet {meta.get('worksheet')!r} does not exist; name a file of docs/worksheets/")
    related = _tip_numbers(meta.get("related"))
    if related is None:
        problems.append(f"{name}: 'related' must be a list of tip numbers, e.g. related: [1, 8]")
    else:
        for other in related:
            if other == number:
                problems.append(f"{name}: a tip cannot be related to itself; remove {other} from 'related'")
            elif not site.languages_of(f"tips/{other}.md"):
                problems.append(f"{name}: related tip {other} does not exist; remove it from 'related'")
    if re.search(r"^# ", page.body, re.M):
        problems.append(f"{name}: remove the '# ' title; the build shows the number and title from the front matter")
    problems += _missing_sections(page, TIP_SECTIONS)
    checklist = page.body.split("{#try-this-week}", 1)[-1]
    items = len(TASK_ITEM.findall(checklist)) if "{#try-this-week}" in page.body else 0
    if "{#try-this-week}" in page.body and not 3 <= items <= 5:
        problems.append(f"{name}: the try-this-week checklist has {items} items; write 3 to 5 '- [ ]' items")
    return problems


def _check_phase_page(site: Site, page: Page) -> list[str]:
    problems = []
    if page.meta.get("phase") != page.stem or page.stem not in PHASES:
        problems.append(f"{_name(page)}: 'phase' must be {page.stem!r}, one of {', '.join(PHASES)}")
    return problems + _missing_sections(page, PHASE_SECTIONS)


def _check_tips_field(site: Site, page: Page) -> list[str]:
    tips = _tip_numbers(page.meta.get("tips"))
    if tips is None:
        return [f"{_name(page)}: 'tips' must be a list of tip numbers, e.g. tips: [23]"]
    return [
        f"{_name(page)}: tip {n} does not exist; remove it from 'tips'"
        for n in tips
        if not site.languages_of(f"tips/{n}.md")
    ]


def _check_practice_page(site: Site, page: Page) -> list[str]:
    name, meta = _name(page), page.meta
    problems = []
    if meta.get("practice") != page.stem:
        problems.append(f"{name}: 'practice' must be {page.stem!r}, the file's name")
    problems += _check_tips_field(site, page)
    if not _worksheet_exists(site, meta.get("worksheet")):
        problems.append(f"{name}: worksheet {meta.get('worksheet')!r} does not exist; name a file of docs/worksheets/")
    return problems + _missing_sections(page, PRACTICE_SECTIONS)


def _check_post_page(site: Site, page: Page) -> list[str]:
    name, meta = _name(page), page.meta
    problems = []
    date = meta.get("date")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        problems.append(f"{name}: 'date' must be the publishing day as YYYY-MM-DD, e.g. date: 2026-09-14")
    if meta.get("slug") != page.stem:
        problems.append(f"{name}: 'slug' must be {page.stem!r}, the file's name (the post's URL ends in it)")
    categories = meta.get("categories")
    if not isinstance(categories, list) or len(categories) != 1 or categories[0] not in CATEGORIES:
        problems.append(f"{name}: 'categories' must name exactly one of {', '.join(CATEGORIES)}, e.g. [service]")
    if "tips" in meta:
        problems += _check_tips_field(site, page)
    if not page.heading:
        problems.append(f"{name}: no title; start the text with a '# ' heading")
    return problems


def worksheet_shape(meta: dict[str, Any]) -> Any:
    """What must be the same in every language: sections, fields and their lines, steps."""
    sections = meta.get("sections") or []
    return (
        meta.get("rating"),
        [
            (
                [f.get("lines") for f in (s.get("fields") or []) if isinstance(f, dict)],
                len(s.get("steps") or []),
            )
            for s in sections
            if isinstance(s, dict)
        ],
    )


def _check_worksheet_page(site: Site, page: Page) -> list[str]:
    name, meta = _name(page), page.meta
    problems = []
    if meta.get("worksheet") != page.stem:
        problems.append(f"{name}: 'worksheet' must be {page.stem!r}, the file's name")
    sections = meta.get("sections", [])
    if meta.get("rating") not in (None, "tips"):
        problems.append(f"{name}: 'rating' can only be 'tips'")
    if not isinstance(sections, list) or not (sections or meta.get("rating")):
        problems.append(f"{name}: 'sections' must be a list of sections with fields or steps")
        return problems
    for number, section in enumerate(sections, 1):
        if not isinstance(section, dict) or not isinstance(section.get("title"), str):
            problems.append(f"{name}: section {number} needs a 'title'")
            continue
        for field_ in section.get("fields") or []:
            lines = field_.get("lines") if isinstance(field_, dict) else None
            if not isinstance(field_, dict) or not isinstance(field_.get("label"), str):
                problems.append(f"{name}: a field of section {number} needs a 'label'")
            elif not isinstance(lines, int) or not 1 <= lines <= 12:
                problems.append(f"{name}: field '{field_['label']}' needs 'lines:' from 1 to 12")
        if not all(isinstance(step, str) for step in section.get("steps") or []):
            problems.append(f"{name}: the steps of section {number} must be plain strings")
    return problems


def _check_tip_groups(page: Page) -> list[str]:
    name = _name(page)
    groups = page.meta.get("groups")
    if not isinstance(groups, list):
        return [f"{name}: 'groups' must list the groups of tips, each with a title and tips"]
    listed = [n for g in groups if isinstance(g, dict) for n in (_tip_numbers(g.get("tips")) or [])]
    problems = [
        f"{name}: tip {n} is in {listed.count(n)} groups; put it in exactly one"
        for n in sorted(set(listed))
        if listed.count(n) > 1
    ]
    problems += [
        f"{name}: tip {n} is in no group; add it to one"
        for n in range(1, TIP_COUNT + 1)
        if n not in listed
    ]
    return problems


def _check_tips(site: Site) -> list[str]:
    problems = []
    for lang in LANGUAGES:
        by_number: dict[Any, list[Page]] = defaultdict(list)
        for page in site.of_kind("tip", lang):
            by_number[page.meta.get("tip")].append(page)
        for number, pages in by_number.items():
            if isinstance(number, int) and len(pages) > 1:
                files = " and ".join(_name(p) for p in pages)
                problems.append(f"{files}: tip {number} appears twice in {lang}; give each tip its own number")
    keys = {p.key for p in site.pages if p.kind == "tip"}
    for number in range(1, TIP_COUNT + 1):
        if f"tips/{number}.md" not in keys:
            problems.append(f"docs/tips/{number}.en.md: missing; tip {number} has no page in any language")
    referenced = {
        other
        for page in site.pages
        if page.kind == "tip"
        for other in (_tip_numbers(page.meta.get("related")) or [])
        if str(other) != page.stem
    }
    for number in range(1, TIP_COUNT + 1):
        if f"tips/{number}.md" in keys and number not in referenced:
            problems.append(
                f"docs/tips/{number}.en.md: no other tip links to tip {number}; add it to another tip's 'related'"
            )
    return problems


def _check_same_in_every_language(site: Site) -> list[str]:
    """Front matter that is data, not text, must agree across the translations."""
    shared = {
        "tip": ("tip", "viva", "worksheet", "related"),
        "phase": ("phase", "letter"),
        "practice": ("practice", "tips", "worksheet"),
        "worksheet": ("worksheet", "tips"),
        "post": ("date", "slug", "categories", "authors", "tips"),
    }
    problems = []
    for key in sorted({p.key for p in site.pages if p.kind in shared and p.lang in LANGUAGES}):
        pages = [site.page(key, lang) for lang in site.languages_of(key)]
        first = pages[0]
        assert first is not None
        for page in pages[1:]:
            assert page is not None
            for item in shared[first.kind]:
                if page.meta.get(item) != first.meta.get(item):
                    problems.append(
                        f"{_name(page)}: '{item}' is {page.meta.get(item)!r} but "
                        f"{first.lang} says {first.meta.get(item)!r}; use the same value in every language"
                    )
            if first.kind == "worksheet" and worksheet_shape(page.meta) != worksheet_shape(first.meta):
                problems.append(
                    f"{_name(page)}: the sections, fields, lines or steps differ from the {first.lang} version; "
                    "give every language the same fields"
                )
    return problems
