"""GUIDE_LANGUAGE=fi builds the language-neutral root and Finnish only.

For writing and benchmarks: `./scripts/serve fi` rebuilds one language on
every save instead of four. Alternates, sitemap and registry then cover that
language alone, so production builds leave GUIDE_LANGUAGE unset.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from build_language import ROOT
from content_model import LANGUAGES


def on_config(config: MkDocsConfig) -> None:
    wanted = os.environ.get("GUIDE_LANGUAGE")
    if not wanted:
        return
    if wanted not in LANGUAGES:
        raise PluginError(f"GUIDE_LANGUAGE={wanted} is not a language of the guide; use one of {', '.join(LANGUAGES)}")
    for language in config.plugins["i18n"].config.languages:
        language.build = language.locale in (ROOT, wanted)
