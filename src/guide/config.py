"""The guide plugin's configuration in mkdocs.yml: everything the code needs to know about the
languages and the site, once. Checked at config time, before anything is built.

The languages themselves (their codes, names, site names and navigation titles) are
mkdocs-static-i18n's, under `plugins: i18n: languages`; this config adds what the guide
needs of each, and `cross_check` makes the two lists agree.
"""

from __future__ import annotations

from typing import Any

from lingua import Language
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .content import PHASES


class BlogStrings(base.Config):
    reading_time = c.Type(str)  # "{minutes} min read"
    authors = c.Type(dict)  # author key -> display name
    categories = c.Type(dict)  # category key -> display name (content.CATEGORIES)
    category_description = c.Type(str)  # "Posts in the category {category}."
    no_posts = c.Type(str)
    not_translated = c.Type(str)
    posts_about_tip = c.Type(str)


class WorksheetStrings(base.Config):
    fill_in = c.Type(str)  # the lead of the form on the page: answers stay in this browser; how to save a PDF
    clear = c.Type(str)
    print_blank = c.Type(str)
    copy_text = c.Type(str)
    copied = c.Type(str)  # said once the answers are on the clipboard
    download_filled = c.Type(str)  # the button that prints the filled sheet, to save as PDF
    rating_label = c.Type(str)  # a rating box's tooltip and PDF tooltip: "{tip}: rating {n} of 5"


class UiStrings(base.Config):
    """Every interface string a language must define; `{tip_count}` is replaced by the number of tips."""

    tagline = c.Type(str)
    related = c.Type(str)
    phase = c.Type(str)
    worksheet = c.Type(str)
    practice = c.Type(str)
    tips_in_phase = c.Type(str)
    tips_behind = c.Type(str)
    not_found = c.Type(str)
    not_found_text = c.Type(str)
    home = c.Type(str)
    all_tips = c.Type(str)
    more_tips = c.Type(str)  # the tips index's heading for tips in none of its groups (a new tip)
    copy_link = c.Type(str)
    copy_section_link = c.Type(str)
    link_copied = c.Type(str)
    print = c.Type(str)
    download_pdf = c.Type(str)
    checklist_clear = c.Type(str)
    checklist_print_ticks = c.Type(str)
    read_tip = c.Type(str)
    tips_this_month = c.Type(dict)  # newsletter heading by number of tips, and `other`
    viva_diagram = c.Type(str)  # the VIVA! diagram's accessible description
    viva_flow = c.Type(dict)  # phase -> what it passes on to the next one, shown on the diagram's arrows
    blog = c.SubConfig(BlogStrings)
    worksheets = c.SubConfig(WorksheetStrings)


DETECTORS = sorted(language.name.lower() for language in Language.all())


class LanguageConfig(base.Config):
    og_locale = c.Type(str)  # Open Graph locale, e.g. sv_SE
    detector = c.Choice(DETECTORS)  # lingua's name of the language, e.g. swedish
    spelling = c.Type(str)  # the test suite's dictionary: a hunspell name (sv_SE) or "voikko"
    ui = c.Type(dict)  # UiStrings, checked by `ui_problems` so that every missing key is named


class GuideConfig(base.Config):
    languages = c.Type(dict)  # code -> LanguageConfig, checked by `language_problems`
    root_language = c.Type(str, default="en")  # the language-neutral root's <html lang> and x-default
    root_locale = c.Type(str, default="zz")  # static-i18n's locale of the language-neutral root
    redirects = c.File(exists=False, default="redirects.yml")
    published_urls = c.File(exists=False, default="published-urls.txt")
    styles_dir = c.Dir(exists=False, default="styles")
    cache_dir = c.Dir(exists=False, default=".cache/guide")
    pdfs = c.Type(bool, default=True)  # worksheet PDFs; `mkdocs serve` skips them either way


def schema_problems(schema: type[base.Config], value: Any, where: str) -> list[str]:
    """Every key that is missing, unknown or of the wrong type, one line each (MkDocs stops at the first)."""
    if not isinstance(value, dict):
        return [f"{where}: must be a mapping of keys to values"]
    options = dict(schema._schema)
    problems = [f"{where}.{key}: unknown key; remove it" for key in value if key not in options]
    for key, option in options.items():
        if isinstance(option, c.SubConfig):
            problems += schema_problems(option.config_class, value.get(key), f"{where}.{key}")
    for key, option in options.items():
        if isinstance(option, c.SubConfig):
            continue
        try:  # each key on its own: Config.validate stops at the first key that fails
            option.validate(value.get(key))
        except ValidationError as error:
            problems.append(f"{where}.{key}: {error}")
    return problems


# The UI strings the build fills in with str.format, and the fields each one may use.
FORMATTED = {"blog.category_description": ("category",), "blog.reading_time": ("minutes",),
             "worksheets.rating_label": ("tip", "n")}


def language_problems(languages: dict[str, Any]) -> list[str]:
    problems = []
    for code, value in languages.items():
        where = f"mkdocs.yml: plugins.guide.languages.{code}"
        problems += schema_problems(LanguageConfig, value, where)
        if isinstance(value, dict):
            problems += schema_problems(UiStrings, value.get("ui"), f"{where}.ui")
            ui = value.get("ui") if isinstance(value.get("ui"), dict) else {}
            counts = ui.get("tips_this_month")
            if isinstance(counts, dict) and "other" not in counts:
                problems.append(f"{where}.ui.tips_this_month: no 'other'; add the heading for any number of tips")
            blog = ui.get("blog") if isinstance(ui.get("blog"), dict) else {}
            for path, strings in (("tips_this_month", counts), ("blog.authors", blog.get("authors")),
                                  ("blog.categories", blog.get("categories"))):
                if isinstance(strings, dict):
                    problems += [f"{where}.ui.{path}.{key}: missing; translate it" for key, text in strings.items()
                                 if not isinstance(text, str) or not text.strip()]
            for path, names in FORMATTED.items():
                text = blog.get(path[5:]) if path.startswith("blog.") else (ui.get("worksheets") or {}).get(path[11:])
                try:
                    if isinstance(text, str):
                        text.format(**dict.fromkeys(names, ""))
                except (KeyError, IndexError, ValueError, AttributeError):
                    fields = " and ".join(f"{{{name}}}" for name in names)
                    problems.append(f"{where}.ui.{path}: {text!r} may use only {fields} in braces; "
                                    "write any other brace twice, {{ or }}")
            flows = ui.get("viva_flow")
            if isinstance(flows, dict):
                problems += [f"{where}.ui.viva_flow.{phase}: missing; say what {phase} passes on to the next phase"
                             for phase in PHASES if not isinstance(flows.get(phase), str)]
    return problems


def nav_titles(nav: Any) -> list[str]:
    """The section titles of mkdocs.yml's nav, which every language but the root one translates."""
    return [title for item in nav or [] if isinstance(item, dict) for title, children in item.items()
            if isinstance(children, list)]


def cross_check(guide: GuideConfig, i18n_languages: list[Any], nav: Any) -> list[str]:
    """static-i18n's languages and the guide's must be the same, each with its site name and
    navigation titles, and the root language one of them."""
    theirs = [language.locale for language in i18n_languages if language.locale != guide.root_locale]
    ours = list(guide.languages)
    problems = [
        f"mkdocs.yml: language '{code}' is in plugins.i18n.languages but not in plugins.guide.languages; "
        f"add its block (./scripts/guide new-language {code} NAME writes one)"
        for code in theirs
        if code not in ours
    ]
    problems += [
        f"mkdocs.yml: language '{code}' is in plugins.guide.languages but not in plugins.i18n.languages; "
        "add it there too, or remove it"
        for code in ours
        if code not in theirs
    ]
    for language in i18n_languages:
        if language.locale in (guide.root_locale, guide.root_language):
            continue
        where = f"mkdocs.yml: plugins.i18n.languages.{language.locale}"
        if not isinstance(language.site_name, str) or not language.site_name.strip():
            problems.append(f"{where}.site_name: missing; write the guide's name in this language")
        translated = language.nav_translations or {}
        problems += [f"{where}.nav_translations: no '{title}'; translate the section title"
                     for title in nav_titles(nav) if not str(translated.get(title) or "").strip()]
    if guide.root_language not in ours:
        problems.append(f"mkdocs.yml: plugins.guide.root_language '{guide.root_language}' is not one of the languages")
    if not any(language.locale == guide.root_locale for language in i18n_languages):
        problems.append(f"mkdocs.yml: plugins.guide.root_locale '{guide.root_locale}' is not in plugins.i18n.languages")
    return problems
