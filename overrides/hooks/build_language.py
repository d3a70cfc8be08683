"""Which language mkdocs-static-i18n is building now.

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
