"""Fail the build, before anything is written, when the content breaks the model.

One line per problem, each naming the file and what to fix (CONTRIBUTING.md).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import content_model
import page_language
from build_language import is_root_build


def on_pre_build(config: MkDocsConfig) -> None:
    if not is_root_build(config):
        return  # the languages are checked together, once per build
    site = content_model.reload(config.docs_dir)
    problems = content_model.validate(site)
    for page in site.pages:
        other = page_language.wrong_language(page)
        if other:
            problems.append(
                f"docs/{page.src}: the text reads as {content_model.LANGUAGE_NAMES[other]}, "
                f"not {content_model.LANGUAGE_NAMES[page.lang]}; write it in the page's language"
            )
    if problems:
        raise PluginError(
            f"The content has {len(problems)} problem(s):\n  " + "\n  ".join(problems)
        )
