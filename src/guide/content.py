"""The guide's content model: every page's front matter and text, read from docs/ once per build.

Used by the plugin and by the maintenance CLI, so that both read the same titles and
leads. The number of tips is what docs/tips/ holds; `{{ tip_count }}` in a page or
its front matter is replaced by it. Text is typeset in its language on reading
(typography.py), so every output shows the same marks. checks.py says what is wrong.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .typography import Typography

PHASES = ("vision", "inquiry", "value", "action")  # the VIVA! model, in its order
CATEGORIES = ("communication", "feedback", "service", "planning")  # of blog posts
ROOT_PAGES = ("index.md",)  # language-neutral pages, built at the site root
TIP_COUNT = re.compile(r"\{\{\s*tip_count\s*\}\}")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
HEADING = re.compile(r"^# (.+?)[ \t]*$", re.M)
TEXT_FIELDS = ("title", "description", "label")  # front-matter strings a reader sees, at any depth
KINDS = {"tips": "tip", "viva": "phase", "feedback": "practice", "worksheets": "worksheet"}


class ContentError(Exception):
    """A problem that stops reading a file: one line naming the file and the fix."""


def read_text(path: Path, name: str | None = None) -> str:
    """A text file of the project as UTF-8, with or without a byte-order mark."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(f"{name or path} is not UTF-8 text: save it as UTF-8") from None


def read_yaml(text: str) -> Any:
    """YAML as a writer's files hold it: safe types only, parsed by libyaml where PyYAML has it.
    A process that reads docs/ again (mkdocs serve, the CLI, the tests) parses only what changed."""
    return copy.deepcopy(shared_yaml(text))


@functools.lru_cache(maxsize=1024)
def shared_yaml(text: str) -> Any:
    """read_yaml's value itself, shared with every caller: not to be changed in place."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_problem(error: yaml.YAMLError, first_line: int = 1) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + first_line}" if mark else ""
    return f"not valid YAML{where} ({getattr(error, 'problem', None) or 'invalid YAML'})"


@dataclass
class Page:
    """One Markdown file of docs/."""

    src: str  # path relative to docs/, e.g. "tips/17.fi.md"
    key: str  # the same path without the language, e.g. "tips/17.md"
    lang: str | None
    meta: dict[str, Any]
    body: str
    readable: bool = True  # False when the front matter could not be read: no further checks
    body_line: int = 1  # the line of the file where the body starts

    @property
    def name(self) -> str:
        return f"docs/{self.src}"

    @functools.cached_property
    def kind(self) -> str:
        parts = PurePosixPath(self.key).parts
        if len(parts) == 2 and self.stem != "index":
            return KINDS.get(parts[0], "page")
        if len(parts) == 3 and parts[:2] == ("blog", "posts"):
            return "post"
        return "page"

    @functools.cached_property
    def stem(self) -> str:
        return PurePosixPath(self.key).stem

    @property
    def title(self) -> str:
        """The front matter's title, or the '# ' heading of the body (blog posts)."""
        title = self.meta.get("title")
        if isinstance(title, str):
            return title
        match = HEADING.search(self.body)
        return match.group(1) if match else ""


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def front_matter_text(page: Page) -> list[str]:
    """The front matter's strings a reader sees: title, lead, and a worksheet's section titles, labels, steps."""
    meta = page.meta
    texts = [meta.get("title"), meta.get("description")]
    for section in _items(meta.get("sections")):
        if isinstance(section, dict):
            texts.append(section.get("title"))
            texts += [field.get("label") for field in _items(section.get("fields")) if isinstance(field, dict)]
            texts += _items(section.get("steps"))
    return [text for text in texts if isinstance(text, str)]


def bare_title(page: Page) -> str:
    """A phase's title without its letter: "V - Vision" becomes "Vision"."""
    letter = str(page.meta.get("letter", ""))
    if page.kind != "phase" or not letter:
        return page.title
    return re.sub(rf"^{re.escape(letter)}\s*[\N{{EN DASH}}-]\s*", "", page.title)


@dataclass
class Site:
    """All pages of docs/, with the problems found while reading them."""

    docs_dir: Path
    languages: tuple[str, ...]
    pages: list[Page] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def page(self, key: str, lang: str | None) -> Page | None:
        return self._index.get((key, lang))

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str | None], Page]:
        return {(p.key, p.lang): p for p in self.pages}

    def languages_of(self, key: str) -> list[str]:
        return [lang for lang in self.languages if (key, lang) in self._index]

    @functools.cached_property
    def tip_numbers(self) -> list[int]:
        """The tips docs/tips/ holds, by their file names."""
        return sorted({int(p.stem) for p in self.pages if p.kind == "tip" and p.stem.isdigit()})

    @property
    def tip_count(self) -> int:
        return len(self.tip_numbers)

    def tip(self, number: int, lang: str) -> Page | None:
        return self.page(f"tips/{number}.md", lang)

    def of_kind(self, kind: str, lang: str | None) -> list[Page]:
        return self._by_kind.get((kind, lang), [])

    @functools.cached_property
    def _by_kind(self) -> dict[tuple[str, str | None], list[Page]]:
        pages: dict[tuple[str, str | None], list[Page]] = {}
        for page in self.pages:
            pages.setdefault((page.kind, page.lang), []).append(page)
        return pages

    def posts(self, lang: str) -> list[Page]:
        """The blog posts written in lang, newest first."""
        return sorted(self.of_kind("post", lang), key=lambda p: (str(p.meta.get("date")), p.stem), reverse=True)


def split_name(src: str) -> tuple[str, str | None]:
    """'tips/17.fi.md' -> ('tips/17.md', 'fi'); 'index.md' -> ('index.md', None)."""
    parts = PurePosixPath(src).name.split(".")
    if len(parts) < 3:
        return src, None
    lang = parts[-2]
    return src[: -len(f".{lang}.md")] + ".md", lang


def read_page(docs_dir: Path, path: Path, languages: tuple[str, ...], problems: list[str]) -> Page:
    src = path.relative_to(docs_dir).as_posix()
    name = f"docs/{src}"
    key, lang = split_name(src)
    if lang is None and src not in ROOT_PAGES:
        problems.append(
            f"{name}: the file name has no language suffix; "
            f"rename it to {src[:-3]}.<lang>.md with <lang> one of {', '.join(languages)}"
        )
    elif lang is not None and lang not in languages:
        problems.append(f"{name}: '{lang}' is not a language of the guide; use one of {', '.join(languages)}")
    try:
        text = read_text(path, name)
    except ContentError as error:
        problems.append(str(error))
        return Page(src, key, lang, {}, "", readable=False)
    match = FRONT_MATTER.match(text)
    if not match:
        return Page(src, key, lang, {}, text)
    body, body_line = text[match.end() :], text[: match.end()].count("\n") + 1
    try:
        meta = shared_yaml(match.group(1) or "") or {}  # load() gives the page a copy of its own (_fill)
    except yaml.YAMLError as error:
        problems.append(f"{name}: the front matter is {yaml_problem(error, first_line=2)}; fix it")
        return Page(src, key, lang, {}, body, readable=False, body_line=body_line)
    try:
        json.dumps(meta, default=str)  # YAML aliases can make a value contain itself, or nest without end
    except (ValueError, RecursionError):
        problems.append(f"{name}: the front matter contains itself (a YAML alias inside its own anchor) or is "
                        "nested too deeply; write the values out")
        return Page(src, key, lang, {}, body, readable=False, body_line=body_line)
    if not isinstance(meta, dict) or not all(isinstance(k, str) for k in meta):
        problems.append(f"{name}: the front matter must be a YAML mapping of names to values, e.g. 'title: …'")
        return Page(src, key, lang, {}, body, readable=False, body_line=body_line)
    return Page(src, key, lang, meta, body, body_line=body_line)


def load(docs_dir: str | Path, languages: tuple[str, ...], typography: dict[str, Typography]) -> Site:
    """Every Markdown file of docs_dir, with {{ tip_count }} filled in and text typeset."""
    docs = Path(docs_dir).resolve()
    site = Site(docs, languages)
    for path in sorted(docs.rglob("*.md")):
        site.pages.append(read_page(docs, path, languages, site.problems))
    count = str(site.tip_count)
    for page in site.pages:
        rules = typography.get(page.lang or "")
        page.body = TIP_COUNT.sub(count, page.body)
        page.meta = _fill(page.meta, count, rules)
    return site


def _fill(value: Any, count: str, rules: Typography | None, key: str = "") -> Any:
    """Front matter with the tip count filled in and the reader's text typeset."""
    if isinstance(value, dict):
        return {k: _fill(v, count, rules, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(item, count, rules, key) for item in value]
    if isinstance(value, str):
        value = TIP_COUNT.sub(count, value)
        if rules and (key in TEXT_FIELDS or key == "steps"):
            value = rules.typeset(value)
    return value
