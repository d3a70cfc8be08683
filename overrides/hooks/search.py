"""Search: one Pagefind index per language, behind Material's own search box.

After the last language is built, Pagefind indexes the pages' main text
(main.html marks it with data-pagefind-body), one index per <html lang>, with
Snowball stemming for sv, fi, pl and en. Material's search box stays; its
worker is replaced by overrides/assets/javascripts/workers/search.js, which
answers Material's queries from Pagefind. Material's own index, which would
hold all four languages for every reader to download, is left empty.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from build_language import all_languages_built

EMPTY_MATERIAL_INDEX = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}


def pagefind_executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise PluginError(
            "Pagefind is not installed: run ./scripts/setup (or pip install -r requirements.txt)"
        ) from error
    return str(get_executable())


@event_priority(-120)  # after the sitemap and 404 pages of i18n_site
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    site_dir = Path(config.site_dir)
    result = subprocess.run(
        [pagefind_executable(), "--site", str(site_dir), "--exclude-selectors", ".headerlink", "--silent"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    (site_dir / "search" / "search_index.json").write_text(json.dumps(EMPTY_MATERIAL_INDEX), encoding="utf-8")
