"""What is wrong with the content: one line per problem, naming the file and the fix.

CONTRIBUTING.md describes the rules for writers. A file whose front matter cannot be
read gets one line, and is left out of the checks that compare it with others.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import Any

from .content import CATEGORIES, PHASES, Page, Site

DESCRIPTION_MAX = 160
TASK_ITEM = re.compile(r"^\s*[-*] \[[ xX]\] ", re.M)
TIP_SECTIONS = ("why-it-matters", "how-to-do-it", "try-this-week")
PHASE_SECTIONS = ("purpose", "before", "during", "after", "questions", "checklist")
PRACTICE_SECTIONS = ("when", "how", "checklist")
SHARED = {  # front matter that is data, not text: the same in every language
    "tip": ("tip", "viva", "worksheet", "related"),
    "phase": ("phase", "letter"),
    "practice": ("practice", "tips", "worksheet"),
    "worksheet": ("worksheet", "tips", "diagram"),
    "post": ("date", "slug", "categories", "authors", "tips"),
}


def validate(site: Site) -> list[str]:
    problems = list(site.problems)
    problems += _check_translations(site)
    for page in site.pages:
        if page.lang in site.languages and page.readable:
            problems += _check_page(site, page)
    problems += _check_tips(site)
    problems += _check_same_in_every_language(site)
    return problems


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _tip_numbers(value: Any) -> list[int] | None:
    if isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return value
    return None


def _check_translations(site: Site) -> list[str]:
    problems = []
    for key in sorted({p.key for p in site.pages if p.lang in site.languages}):
        if key.startswith("blog/posts/"):
            continue  # a post may exist in fewer languages
        present = site.languages_of(key)
        problems += [
            f"docs/{key[:-3]}.{lang}.md: missing; write the {lang} version of {key} (it exists in {', '.join(present)})"
            for lang in site.languages
            if lang not in present
        ]
    return problems


def _check_page(site: Site, page: Page) -> list[str]:
    name, meta = page.name, page.meta
    problems = []
    description = meta.get("description")
    if not _text(description):
        problems.append(f"{name}: no description; add a 'description:' of at most {DESCRIPTION_MAX} characters")
    elif len(description) > DESCRIPTION_MAX:
        problems.append(
            f"{name}: the description is {len(description)} characters; shorten it to {DESCRIPTION_MAX} or fewer"
        )
    if page.kind != "post" and not _text(meta.get("title")):
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
        problems += _check_tip_groups(site, page)
    return problems


def _worksheet_exists(site: Site, slug: Any) -> bool:
    return isinstance(slug, str) and bool(site.languages_of(f"worksheets/{slug}.md"))


def _missing_sections(page: Page, ids: tuple[str, ...]) -> list[str]:
    return [
        f"{page.name}: no section with id '{section}'; add a heading ending in {{#{section}}}"
        for section in ids
        if f"{{#{section}}}" not in page.body
    ]


def _duplicates(name: str, field: str, numbers: list[int]) -> list[str]:
    return [
        f"{name}: {n} is in '{field}' {count} times; list it once"
        for n, count in Counter(numbers).items()
        if count > 1
    ]


def _check_tip_page(site: Site, page: Page) -> list[str]:
    name, meta = page.name, page.meta
    problems = []
    number = meta.get("tip")
    if not isinstance(number, int) or isinstance(number, bool):
        problems.append(f"{name}: no tip number; add 'tip: {page.stem}' to the front matter")
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
        problems += _duplicates(name, "related", related)
        for other in dict.fromkeys(related):
            if other == number:
                problems.append(f"{name}: a tip cannot be related to itself; remove {other} from 'related'")
            elif other not in site.tip_numbers:
                problems.append(f"{name}: related tip {other} does not exist; remove it from 'related'")
    if re.search(r"^# ", page.body, re.M):
        problems.append(f"{name}: remove the '# ' title; the build shows the number and title from the front matter")
    problems += _missing_sections(page, TIP_SECTIONS)
    if "{#try-this-week}" in page.body:
        items = len(TASK_ITEM.findall(page.body.split("{#try-this-week}", 1)[1]))
        if not 3 <= items <= 5:
            problems.append(f"{name}: the try-this-week checklist has {items} items; write 3 to 5 '- [ ]' items")
    return problems


def _check_phase_page(site: Site, page: Page) -> list[str]:
    problems = []
    if page.meta.get("phase") != page.stem or page.stem not in PHASES:
        problems.append(f"{page.name}: 'phase' must be {page.stem!r}, one of {', '.join(PHASES)}")
    return problems + _missing_sections(page, PHASE_SECTIONS)


def _check_tips_field(site: Site, page: Page) -> list[str]:
    tips = _tip_numbers(page.meta.get("tips"))
    if tips is None:
        return [f"{page.name}: 'tips' must be a list of tip numbers, e.g. tips: [23]"]
    return _duplicates(page.name, "tips", tips) + [
        f"{page.name}: tip {n} does not exist; remove it from 'tips'" for n in tips if n not in site.tip_numbers
    ]


def _check_practice_page(site: Site, page: Page) -> list[str]:
    name, meta = page.name, page.meta
    problems = []
    if meta.get("practice") != page.stem:
        problems.append(f"{name}: 'practice' must be {page.stem!r}, the file's name")
    problems += _check_tips_field(site, page)
    if not _worksheet_exists(site, meta.get("worksheet")):
        problems.append(f"{name}: worksheet {meta.get('worksheet')!r} does not exist; name a file of docs/worksheets/")
    return problems + _missing_sections(page, PRACTICE_SECTIONS)


def _check_post_page(site: Site, page: Page) -> list[str]:
    name, meta = page.name, page.meta
    problems = []
    date = meta.get("date")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        problems.append(f"{name}: 'date' must be the publishing day as YYYY-MM-DD, e.g. date: 2026-09-14")
    if meta.get("slug") != page.stem:
        problems.append(f"{name}: 'slug' must be {page.stem!r}, the file's name (the post's URL ends in it)")
    categories = meta.get("categories")
    if not isinstance(categories, list) or len(categories) != 1 or categories[0] not in CATEGORIES:
        problems.append(f"{name}: 'categories' must name exactly one of {', '.join(CATEGORIES)}, e.g. [service]")
    authors = meta.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        problems.append(f"{name}: 'authors' must be a list of author keys, e.g. [consultant]")
    if "tips" in meta:
        problems += _check_tips_field(site, page)
    if not _text(page.title):
        problems.append(f"{name}: no title; start the text with a '# ' heading")
    return problems


def worksheet_shape(meta: dict[str, Any]) -> Any:
    """What must be the same in every language: sections, fields and their lines, steps."""
    sections = meta.get("sections") if isinstance(meta.get("sections"), list) else []
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
    name, meta = page.name, page.meta
    problems = []
    if meta.get("worksheet") != page.stem:
        problems.append(f"{name}: 'worksheet' must be {page.stem!r}, the file's name")
    if "tips" in meta:
        problems += _check_tips_field(site, page)
    sections = meta.get("sections", [])
    if meta.get("diagram") not in (None, "viva"):
        problems.append(f"{name}: 'diagram' can only be 'viva'")
    if meta.get("rating") not in (None, "tips"):
        problems.append(f"{name}: 'rating' can only be 'tips'")
    if not isinstance(sections, list) or not (sections or meta.get("rating")):
        return [*problems, f"{name}: 'sections' must be a list of sections with fields or steps"]
    for number, section in enumerate(sections, 1):
        if not isinstance(section, dict) or not _text(section.get("title")):
            problems.append(f"{name}: section {number} needs a 'title'")
            continue
        fields = section.get("fields") or []
        steps = section.get("steps") or []
        if not isinstance(fields, list) or not isinstance(steps, list):
            problems.append(f"{name}: the 'fields' and 'steps' of section {number} must be lists")
            continue
        for field in fields:
            lines = field.get("lines") if isinstance(field, dict) else None
            if not isinstance(field, dict) or not _text(field.get("label")):
                problems.append(f"{name}: a field of section {number} needs a 'label'")
            elif not isinstance(lines, int) or isinstance(lines, bool) or not 1 <= lines <= 12:
                problems.append(f"{name}: field '{field['label']}' needs 'lines:' from 1 to 12")
        if not all(_text(step) for step in steps):
            problems.append(f"{name}: the steps of section {number} must be plain strings")
    return problems


def _check_tip_groups(site: Site, page: Page) -> list[str]:
    name = page.name
    groups = page.meta.get("groups")
    if not isinstance(groups, list) or not all(isinstance(g, dict) and _text(g.get("title")) for g in groups):
        return [f"{name}: 'groups' must list the groups of tips, each with a title and tips"]
    listed = [n for g in groups for n in (_tip_numbers(g.get("tips")) or [])]
    counts = Counter(listed)
    problems = [f"{name}: tip {n} is in {c} groups; put it in exactly one" for n, c in sorted(counts.items()) if c > 1]
    problems += [
        f"{name}: tip {n} does not exist; remove it from 'groups'" for n in counts if n not in site.tip_numbers
    ]
    return problems


def _check_tips(site: Site) -> list[str]:
    problems = []
    numbers = site.tip_numbers
    bad = [p for p in site.pages if p.kind == "tip" and not p.stem.isdigit() and p.lang in site.languages]
    problems += [f"{p.name}: a tip's file is named by its number, e.g. tips/{len(numbers) + 1}.{p.lang}.md"
                 for p in bad]
    gaps = [n for n in range(1, max(numbers, default=0) + 1) if n not in numbers]
    problems += [f"docs/tips/{n}.en.md: missing; tips are numbered 1 to {max(numbers)} without gaps" for n in gaps]
    referenced = {
        other
        for page in site.pages
        if page.kind == "tip" and page.readable
        for other in (_tip_numbers(page.meta.get("related")) or [])
        if str(other) != page.stem
    }
    problems += [
        f"docs/tips/{n}.en.md: no other tip links to tip {n}; add it to another tip's 'related'"
        for n in numbers
        if n not in referenced
    ]
    return problems


def _check_same_in_every_language(site: Site) -> list[str]:
    """Name the translations whose data differs from what most languages say."""
    problems = []
    for key in sorted({p.key for p in site.pages if p.kind in SHARED and p.lang in site.languages}):
        pages = [p for p in (site.page(key, lang) for lang in site.languages_of(key)) if p and p.readable]
        if len(pages) < 2:
            continue
        kind = pages[0].kind
        checks = {item: (lambda p, item=item: p.meta.get(item)) for item in SHARED[kind]}
        if kind == "worksheet":
            checks["sections, fields, lines or steps"] = lambda p: worksheet_shape(p.meta)
        for item, value_of in checks.items():
            values = [repr(value_of(p)) for p in pages]
            common, count = Counter(values).most_common(1)[0]
            if count == len(pages):
                continue
            if count * 2 <= len(pages):  # no majority: name them all
                listing = "; ".join(f"{p.lang} says {v}" for p, v in zip(pages, values, strict=True))
                problems.append(f"docs/{key}: '{item}' differs between the languages ({listing}); make them agree")
                continue
            others = ", ".join(p.lang or "" for p, v in zip(pages, values, strict=True) if v == common)
            problems += [
                f"{p.name}: '{item}' is {v} but {others} say {common}; use the same in every language"
                for p, v in zip(pages, values, strict=True)
                if v != common
            ]
    return problems
