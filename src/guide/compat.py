"""Every use of another package's internals, in one place, and the versions they were verified with.

mkdocs-static-i18n builds the language-neutral root first and then, from the root's
on_post_build, each language in turn with the same config and the same plugin
instances; `Phase` is the one place that asks it which build is running. The
Material and MkDocs internals below are what the guide relies on beyond their
documented APIs. `check_versions` runs at start: after an upgrade, re-verify what
VERIFIED names for that package, then update its version here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

VERIFIED = {
    "mkdocs": (
        "1.6.1",
        "mkdocs.commands.build._build_template (the 404 page of each language); Page.title read from "
        "page.meta['title'] (plugin.py); a theme's Jinja environment that depends only on its folders, "
        "filters and globals (ThemeEnvironments)",
    ),
    "mkdocs-static-i18n": (
        "1.3.1",
        "the I18n plugin's current_language, building, build_languages, i18n_files_per_language, "
        "original_configs "
        "and a File's alternates and locale (Phase, alternates.py, blog.py)",
    ),
    "mkdocs-material": (
        "9.8.1",
        "the bundle's alternate-language lookup (MATERIAL_ALTERNATE_LOOKUP); the search plugin's "
        "search_index with add_entry_from_context and generate_search_index (skip_material_search_index); "
        "the search worker protocol "
        "that overrides/assets/javascripts/workers/search.js speaks and the files of Material's own search "
        "(MATERIAL_SEARCH_FILES); overrides/partials/alternate.html "
        "and search.html, forked from Material's partials",
    ),
    "weasyprint": (
        "70.0",
        "the names text/ffi.py tries for each library, the Windows and macOS ones first, and the Linux "
        "one (libgobject-2.0.so.0 ...) loading without ctypes.util.find_library (import_weasyprint)",
    ),
}


def check_versions() -> list[str]:
    """A package that is not installed is named by the check of what needs it (search.py, pdfs.py)."""
    return [
        f"{package} is {installed}, the guide was verified with {expected}: re-verify {what}, "
        f"then set its version in src/guide/compat.py (or install requirements.txt)"
        for package, (expected, what) in VERIFIED.items()
        if (installed := _installed(package)) not in (expected, None)
    ]


def _installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def import_weasyprint() -> Any:
    """WeasyPrint, imported without ctypes.util.find_library. It tries each library's Windows and macOS
    names before the Linux one, and for each name that fails, cffi asks find_library, which runs ldconfig,
    gcc and ld (WeasyPrint#1125): 22 times, 0.14 s of every cold build. The Linux names load without it."""
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


@dataclass(frozen=True)
class Phase:
    """Which of static-i18n's builds is running."""

    i18n: Any  # the I18n plugin instance
    root_locale: str

    @classmethod
    def of(cls, config: MkDocsConfig, root_locale: str) -> Phase:
        return cls(config.plugins["i18n"], root_locale)

    @property
    def language(self) -> str:
        return self.i18n.current_language

    @property
    def is_root(self) -> bool:
        return self.language == self.root_locale

    @property
    def all_built(self) -> bool:
        """True once: in the root build's on_post_build, after the last language."""
        return not self.i18n.building

    @property
    def languages(self) -> list[str]:
        """The languages this build writes, without the root (one of them with GUIDE_LANGUAGE)."""
        return [locale for locale in self.i18n.build_languages if locale != self.root_locale]

    def only(self, language: str) -> None:
        """Build the root and one language (GUIDE_LANGUAGE)."""
        for item in self.i18n.config.languages:
            item.build = item.locale in (self.root_locale, language)

    def original_nav(self, config: MkDocsConfig) -> Any:
        """mkdocs.yml's nav, which static-i18n replaces by the root's own nav while it builds the root."""
        return self.i18n.original_configs.get("nav", config.nav)

    def i18n_languages(self) -> list[Any]:
        return list(self.i18n.config.languages)

    def files_of(self, language: str) -> list[File]:
        return self.i18n.i18n_files_per_language.get(language, [])

    def set_files_of(self, language: str, files: list[File]) -> None:
        self.i18n.i18n_files_per_language[language] = files


def alternates_of(file: File) -> dict[str, File]:
    """static-i18n's translations of a file, by language."""
    return getattr(file, "alternates", {})


def locale_of(file: File) -> str | None:
    return getattr(file, "locale", None)


def set_locale(file: File, locale: str, alternates: dict[str, File] | None = None) -> None:
    """Make a generated file look like one of static-i18n's (alternates.py reads these)."""
    file.locale = locale  # type: ignore[attr-defined]
    if alternates is not None:
        file.alternates = alternates  # type: ignore[attr-defined]


class ThemeEnvironments:
    """MkDocs makes a new Jinja environment for every build, and static-i18n runs one build per
    language, so every theme template would be compiled once per language. The environment
    depends only on the theme's folders, filters and globals; this keeps the first one and its
    compiled templates for the next builds with the same folders. (static-i18n adds its sitemap
    folder again for every language, which changes no lookup: the folders are compared without
    repeats.)"""

    def __init__(self) -> None:
        self.kept: Any = None

    def reuse(self, env: Any) -> Any:
        kept = self.kept
        if kept is None or _folders(kept) != _folders(env):
            self.kept = env
            return env
        kept.filters.update(env.filters)
        kept.globals.update(env.globals)
        return kept


def _folders(env: Any) -> list[str]:
    return list(dict.fromkeys(env.loader.searchpath))


EMPTY_MATERIAL_INDEX = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}


class _NoMaterialIndex:
    """Material's search box stays, but Pagefind answers it (search.py): Material's own index of every
    language would be built and thrown away, so it is never built, and written empty."""

    def __init__(self) -> None:
        self.entries: list[Any] = []  # static-i18n gathers these between languages

    def add_entry_from_context(self, page: Any) -> None:
        pass

    def generate_search_index(self, previous: Any) -> str:
        return json.dumps(EMPTY_MATERIAL_INDEX)


def skip_material_search_index(config: MkDocsConfig) -> None:
    config.plugins["material/search"].search_index = _NoMaterialIndex()


def copy_theme_files_once(config: MkDocsConfig, is_root: Callable[[], bool]) -> None:
    """The theme's files (CSS, JavaScript, images) are copied by the root's build; the languages'
    builds write to the same folder, so their environments list no theme file, where MkDocs
    would go through Material's 14,000 files and copy the same 50 again for each language."""
    theme = config.theme
    get_env = getattr(theme, "guide_get_env", theme.get_env)  # the theme's own, on a rebuild (serve)

    def env_of_build() -> Any:
        env = get_env()
        if not is_root():
            env.list_templates = lambda *args, **kwargs: []
        return env

    theme.guide_get_env = get_env
    theme.get_env = env_of_build


# Material's own search worker and the lunr scripts it loads: Pagefind answers the search box
# (search.py), so they are not published.
MATERIAL_SEARCH_FILES = re.compile(r"assets/javascripts/(lunr/|workers/search\.[0-9a-f]+\.min\.js)")


def drop_material_search_files(files: Files) -> None:
    for file in [file for file in files if MATERIAL_SEARCH_FILES.match(file.src_uri)]:
        files.remove(file)


def render_theme_page(template: str, env: Any, files: Any, config: MkDocsConfig, nav: Any) -> str:
    """A theme template rendered as MkDocs renders its static templates (404.html)."""
    from mkdocs.commands.build import _build_template

    return _build_template(template, env.get_template(template), files, config, nav)


# Material fetches a sitemap.xml beside every <link rel=alternate> to map pages
# between languages; it assumes one MkDocs site per language. Our alternates are
# the pages themselves, so that lookup would only produce 404s: the selector is
# narrowed to match nothing, and switcher.js keeps the switcher on the page.
MATERIAL_ALTERNATE_LOOKUP = 'M("link[rel=alternate]")'
MATERIAL_ALTERNATE_LOOKUP_OFF = 'M("link[rel=alternate][data-md-sitemap]")'


def turn_off_material_alternate_lookup(site_dir: Path) -> str | None:
    """Patch Material's bundle; a problem when the bundle no longer has the lookup."""
    for bundle in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        code = bundle.read_text(encoding="utf-8")
        if MATERIAL_ALTERNATE_LOOKUP_OFF in code:
            continue  # a dirty rebuild (mkdocs serve) keeps the patched bundle
        if code.count(MATERIAL_ALTERNATE_LOOKUP) != 1:
            return (
                f"{bundle.name}: Material's alternate-language lookup has changed; "
                "update MATERIAL_ALTERNATE_LOOKUP in src/guide/compat.py"
            )
        bundle.write_text(code.replace(MATERIAL_ALTERNATE_LOOKUP, MATERIAL_ALTERNATE_LOOKUP_OFF), encoding="utf-8")
    return None
