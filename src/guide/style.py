"""The style sheet of each language (styles/<lang>.yml): what writers read, and what the build enforces.

A style sheet gives the language's typography (typography.py applies it), its terms with
the variants this guide does not use, and the chosen names of the worksheets, practices
and VIVA! phases. The build fails on a forbidden variant, on a link that calls a worksheet
or practice by a title it does not have, and on a name that is not its page's title.
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .content import (
    TIP_COUNT,
    ContentError,
    Page,
    Site,
    bare_title,
    front_matter_text,
    read_text,
    read_yaml,
    yaml_problem,
)
from .typography import NBSP, Typography

NEWLINE = re.compile(r"\n")
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")
CODE = re.compile(r"`[^`\n]*`|^```.*?^```", re.S | re.M)
NAMED_KINDS = {"worksheets": "worksheet", "practices": "practice", "phases": "phase"}


@dataclass(frozen=True)
class Term:
    use: str
    avoid: tuple[str, ...]
    pattern: re.Pattern[str] | None


@dataclass
class StyleSheet:
    path: str  # for messages: styles/<lang>.yml
    typography: Typography = field(default_factory=Typography)
    terms: list[Term] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)


def load(styles_dir: Path, lang: str) -> StyleSheet:
    """styles_dir/<lang>.yml, checked; ContentError names the file and what to fix."""
    name = f"{styles_dir.name}/{lang}.yml"
    path = styles_dir / f"{lang}.yml"
    if not path.is_file():
        raise ContentError(f"{name}: missing; write the style sheet of '{lang}' (copy styles/en.yml and adapt it)")
    try:
        data = read_yaml(read_text(path, name)) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{name}: {yaml_problem(error)}; fix it") from None
    if not isinstance(data, dict):
        raise ContentError(f"{name}: must be a YAML mapping (see styles/en.yml)")
    return StyleSheet(name, _typography(name, data.get("typography") or {}), _terms(name, data.get("terms") or []),
                      _names(name, data.get("names") or {}))


def _strings(name: str, where: str, value: Any, count: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ContentError(f"{name}: '{where}' must be a list of strings")
    if count is not None and len(value) != count:
        raise ContentError(f"{name}: '{where}' must have {count} items, the opening and the closing mark")
    return tuple(value)


def _typography(name: str, data: Any) -> Typography:
    if not isinstance(data, dict):
        raise ContentError(f"{name}: 'typography' must be a mapping (see styles/en.yml)")
    default = Typography()
    percent = data.get("percent", "%")
    if percent not in ("%", " %"):
        raise ContentError(f"{name}: 'typography.percent' must be \"%\" or \" %\"")
    return Typography(
        quotes=_strings(name, "typography.quotes", data.get("quotes", list(default.quotes)), 2),  # type: ignore[arg-type]
        inner_quotes=_strings(name, "typography.inner_quotes", data.get("inner_quotes", list(default.inner_quotes)), 2),  # type: ignore[arg-type]
        apostrophe=str(data.get("apostrophe", default.apostrophe)),
        single_letter_words=_strings(name, "typography.single_letter_words", data.get("single_letter_words", []) or []),
        percent=percent.replace(" ", NBSP),
        units=_strings(name, "typography.units", data.get("units", []) or []),
    )


def _terms(name: str, data: Any) -> list[Term]:
    if not isinstance(data, list):
        raise ContentError(f"{name}: 'terms' must be a list of terms, each with 'use' and maybe 'avoid'")
    terms = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("use"), str):
            raise ContentError(f"{name}: term {number} needs 'use:', the word this guide uses")
        avoid = _strings(name, f"terms[{number}].avoid", item.get("avoid", []) or [])
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, avoid)) + r")\w*", re.I) if avoid else None
        terms.append(Term(item["use"], avoid, pattern))
    return terms


def _names(name: str, data: Any) -> dict[str, dict[str, str]]:
    if not isinstance(data, dict) or not all(isinstance(data.get(key, {}), dict) for key in NAMED_KINDS):
        raise ContentError(f"{name}: 'names' maps {', '.join(NAMED_KINDS)} to their slugs and titles")
    return {key: data.get(key, {}) for key in NAMED_KINDS}


def _prose(body: str) -> str:
    """The body without code and without the URLs of links, each line where it is in the file."""
    body = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    return LINK.sub(lambda m: f"[{m.group(1)}]" + " " * (len(m.group(2)) + 2), body)


def term_problems(page: Page, sheet: StyleSheet) -> list[str]:
    return list(_term_problems(page.name, page.body_line, tuple(front_matter_text(page)), page.body,
                               sheet.path, tuple(sheet.terms)))


@functools.lru_cache(maxsize=4096)  # a process that checks docs/ again (mkdocs serve, the tests) looks only at changes
def _term_problems(name: str, body_line: int, front_matter: tuple[str, ...], text: str, sheet_path: str,
                   terms: tuple[Term, ...]) -> tuple[str, ...]:
    body = _prose(text)
    line_starts = [0, *(match.end() for match in NEWLINE.finditer(body))]
    folded = " ".join([*front_matter, body]).casefold()
    problems: list[str] = []
    for term in terms:
        if term.pattern is None or not any(word.casefold() in folded for word in term.avoid):
            continue  # (a quick look first: few pages have a word to avoid)
        found = [(f"{name} (front matter)", match)
                 for value in front_matter for match in term.pattern.finditer(value)]
        found += [(f"{name}:{body_line + bisect.bisect_right(line_starts, match.start()) - 1}", match)
                  for match in term.pattern.finditer(body)]
        problems += [f"{where}: '{match.group(0)}' is not this guide's word; write '{term.use}' ({sheet_path})"
                     for where, match in found]
    return tuple(problems)


def link_target(page: Page, href: str) -> str:
    """The key of the page a relative link leads to: 'worksheets/x.md'."""
    path = href.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.key), path)) if path else page.key


def names_a_title(text: str, before: str) -> bool:
    """Link text that presents itself as a name: capitalised where a sentence does not start,
    and not merely because it starts with an acronym (VIVA!)."""
    first = text.split()[0] if text.split() else ""
    sentence_start = not before.strip() or re.search(r"([.!?:]|^[-*]|\[[ xX]\]|^\d+\.|\*\*)\s*$", before.strip())
    acronym = len(first) > 1 and first.rstrip("!-").split("-")[0].isupper()
    return text[:1].isupper() and not sentence_start and not acronym


def name_problems(site: Site, page: Page, sheet: StyleSheet) -> list[str]:
    """A link to a worksheet or practice whose text presents itself as a name must be its title."""
    problems = []
    for number, line in enumerate(page.body.splitlines()):
        for match in LINK.finditer(line):
            text, href = match.group(1).strip(), match.group(2)
            target = site.page(link_target(page, href), page.lang)
            if target is None or target.kind not in ("worksheet", "practice"):
                continue
            if not names_a_title(text, line[: match.start()]):
                continue
            shown = sheet.typography.typeset(text)
            if shown != target.title:
                problems.append(
                    f"{page.name}:{page.body_line + number}: '{text}' is not the title of {target.kind} "
                    f"{target.stem}; write [](…) to show its title '{target.title}', or lower-case text"
                )
    return problems


def sheet_problems(site: Site, lang: str, sheet: StyleSheet) -> list[str]:
    """The style sheet's names must be the pages' titles."""
    problems = []
    for group, kind in NAMED_KINDS.items():
        folder = {"worksheet": "worksheets", "practice": "feedback", "phase": "viva"}[kind]
        for slug, title in sheet.names.get(group, {}).items():
            page = site.page(f"{folder}/{slug}.md", lang)
            if page is None:
                problems.append(f"{sheet.path}: names.{group}.{slug} is not a {kind} of the guide; remove it")
            elif not page.readable or not page.title.strip():
                continue  # the page's own problem is reported: one broken file, one line
            elif sheet.typography.typeset(TIP_COUNT.sub(str(site.tip_count), str(title))) not in (page.title,
                                                                                                   bare_title(page)):
                problems.append(  # named from the page: a title changed in one place is the likelier cause
                    f"{page.name}: the title '{page.title}' is not the name {sheet.path} gives it ('{title}'); "
                    f"make them the same (names.{group}.{slug})"
                )
    return problems
