"""A new language: its blocks in mkdocs.yml, with every string to translate, and the list of pages to write."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from .config import DETECTORS


def language_blocks(code: str, name: str, ui: dict[str, Any]) -> tuple[str, str]:
    """The plugins.i18n entry and the plugins.guide entry; every UI string is left empty, with the
    root language's text beside it as a comment to translate from."""
    try:
        locale = Locale.parse(code)
        english = (locale.english_name or "").lower()
        territory = f"{code}_{locale.territory or code.upper()}"
    except (UnknownLocaleError, ValueError):
        english, territory = "", f"{code}_{code.upper()}"
    detector = english if english in DETECTORS else "~  # a language lingua knows: " + ", ".join(DETECTORS[:4]) + " …"
    i18n = (
        f"        - locale: {code}\n"
        f"          name: {name}\n"
        f"          site_name: ~  # the guide's name in {name}\n"
        f"          theme: {{language: {code}}}\n"
        f"          nav_translations: {{}}  # every section title of `nav`, in {name}\n"
        f"          admonition_translations: {{}}\n"
    )
    lines = [f"        {code}:", f"          og_locale: {territory}", f"          detector: {detector}",
             f"          spelling: {territory}", "          ui:"]
    lines += _empty_strings(ui, indent=12)
    return i18n, "\n".join(lines) + "\n"


def _empty_strings(ui: dict[str, Any], indent: int) -> list[str]:
    lines = []
    for key, value in ui.items():
        if isinstance(value, dict) and key != "tips_this_month":
            lines.append(" " * indent + f"{key}:")
            lines += _empty_strings(value, indent + 2)
        else:
            shown = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
            shown = shown.removesuffix("\n...").removesuffix("...").strip()
            lines.append(" " * indent + f"{key}: ~  # {shown}")
    return lines


def add_language(mkdocs_yml: Path, code: str, name: str, ui: dict[str, Any]) -> None:
    """Insert the blocks: the i18n entry after the last one, the guide entry at the end of its languages."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    if re.search(rf"^        - locale: {re.escape(code)}$", text, re.M):
        raise ValueError(f"mkdocs.yml already has the language '{code}'")
    i18n, guide = language_blocks(code, name, ui)
    lines = text.splitlines(keepends=True)
    guide_start = next(i for i, line in enumerate(lines) if line.rstrip() == "  - guide:")
    last_locale = max(i for i, line in enumerate(lines[:guide_start]) if line.startswith("        - locale: "))
    end = last_locale + 1
    while end < guide_start and lines[end].startswith("          "):
        end += 1
    lines.insert(end, i18n)
    guide_start += 1
    languages = next(i for i in range(guide_start, len(lines)) if lines[i].rstrip() == "      languages:")
    end = languages + 1
    while end < len(lines) and (lines[end].startswith("        ") or not lines[end].strip()):
        end += 1
    lines.insert(end, guide)
    mkdocs_yml.write_text("".join(lines), encoding="utf-8")

