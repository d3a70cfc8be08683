"""What the hooks ask about the build: which language mkdocs-static-i18n is
building now, the languages' names, and the site's absolute root URL.

static-i18n builds the language-neutral root first, then each language in turn,
with the same config; the hooks ask it here which build they are in.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

ROOT = "zz"  # the locale of the language-neutral root in mkdocs.yml


def current(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


def is_root_build(config: MkDocsConfig) -> bool:
    return current(config) == ROOT


def all_languages_built(config: MkDocsConfig) -> bool:
    """True once, after the last language, in the root build's on_post_build."""
    return not config.plugins["i18n"].building


def built_languages(config: MkDocsConfig) -> list[str]:
    """The languages this build writes, without the root: all of them unless GUIDE_LANGUAGE picks one."""
    return [locale for locale in config.plugins["i18n"].build_languages if locale != ROOT]


def language_names(config: MkDocsConfig) -> dict[str, str]:
    """The guide's languages, without the root, by locale: {"sv": "Svenska", ...}."""
    return {lang.locale: lang.name for lang in config.plugins["i18n"].config.languages if lang.locale != ROOT}


def site_root(config: MkDocsConfig) -> str:
    """The absolute URL of the site's root, ending in /."""
    return (config.site_url or "/").rstrip("/") + "/"
