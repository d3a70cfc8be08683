"""Pages that lead on to others: moved pages (redirects.yml) and the tips' short links.

Newsletters link to the guide, so a page that moves keeps its old address
(published_urls.py checks that every published URL still leads somewhere):

- redirects.yml maps an old language-neutral path to the new one
  (`tips/old-name/: tips/17/`); every language gets a page at the old path
  that leads to the new one in the same language;
- /<lang>/t/<n>/ leads to /<lang>/tips/<n>/, and /t/<n>/ to tip <n> in the
  reader's language, chosen as the landing page chooses (partials/language-choice.html).

They are written after the last language, so they are not in the sitemap, and
they carry `noindex` and a canonical link to their target. mkdocs-redirects is
not used: it maps paths of the site root, so with one build per language every
redirect would be written once per language by hand.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import content_model
from build_language import all_languages_built, built_languages, language_names, site_root
from content_model import LANGUAGES

REDIRECTS = "redirects.yml"
SHORT_LINKS = "t"  # /t/17/ and /<lang>/t/17/
PAGE_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)+$")  # tips/old-name/: relative, ending in /
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@event_priority(-190)  # after the languages, the sitemap and the search index; before published_urls
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    writer = RedirectWriter(config)
    for old, new in read_redirects(Path(config.config_file_path).parent / REDIRECTS).items():
        writer.moved(old, new)
    writer.short_links(content_model.load(config.docs_dir))


def read_redirects(path: Path) -> dict[str, str]:
    """redirects.yml, checked: old path -> new path, both language-neutral and ending in '/'."""
    if not path.exists():
        return {}
    try:
        redirects = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PluginError(f"{REDIRECTS}: not valid YAML{where}; fix it") from error
    if not isinstance(redirects, dict):
        raise PluginError(f"{REDIRECTS}: must map old paths to new ones, e.g. 'tips/old-name/: tips/17/'")
    for old, new in redirects.items():
        paths = (old, new)
        if not all(isinstance(p, str) and PAGE_PATH.match(p) and p.split("/")[0] not in LANGUAGES for p in paths):
            raise PluginError(
                f"{REDIRECTS}: '{old}: {new}' is not a redirect; write the paths without the language "
                "and with a final /, e.g. 'tips/old-name/: tips/17/'"
            )
        if new in redirects:
            raise PluginError(f"{REDIRECTS}: '{old}' leads to '{new}', which is redirected itself; "
                              f"lead it to '{redirects[new]}'")
    return redirects


class RedirectWriter:
    def __init__(self, config: MkDocsConfig) -> None:
        self.site_dir = Path(config.site_dir)
        self.site_url = site_root(config)
        self.env = config.theme.get_env()
        self.languages = built_languages(config)
        self.names = language_names(config)

    def _is_page(self, path: str) -> bool:
        return (self.site_dir / path / "index.html").is_file()

    def _write(self, at: str, template: str, **context: object) -> None:
        out = self.site_dir / at / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.env.get_template(template).render(**context), encoding="utf-8")

    def _redirect(self, lang: str, old: str, new: str, title: str) -> None:
        """A page at /<lang>/<old> that leads to /<lang>/<new>."""
        self._write(
            f"{lang}/{old}",
            "redirect-page.html",
            lang=lang,
            title=title,
            target="../" * old.count("/") + new,
            canonical=f"{self.site_url}{lang}/{new}",
        )

    def moved(self, old: str, new: str) -> None:
        targets = [lang for lang in self.languages if self._is_page(f"{lang}/{new}")]
        if not targets:
            raise PluginError(f"{REDIRECTS}: '{old}' leads to '{new}', which is not a page; "
                              "lead it to a page of the site")
        for lang in self.languages:
            if self._is_page(f"{lang}/{old}"):
                raise PluginError(f"{REDIRECTS}: '{old}' is a page of the site ({lang}/{old}); "
                                  "remove the redirect or move the page")
        for lang in targets:
            page = (self.site_dir / lang / new / "index.html").read_text(encoding="utf-8")
            title = TITLE.search(page)
            self._redirect(lang, old, new, html.unescape(title.group(1).strip()) if title else f"/{lang}/{new}")

    def short_links(self, site: content_model.Site) -> None:
        landing = site.page("index.md", None)
        assert landing is not None, "the landing page is docs/index.md"
        for number in range(1, content_model.TIP_COUNT + 1):
            path = f"tips/{number}/"
            tips = []
            for lang in self.languages:
                tip = site.tip(number, lang)
                assert tip is not None, "every tip exists in every language (content_model)"
                title = f"{number}. {tip.meta['title']}"
                self._redirect(lang, f"{SHORT_LINKS}/{number}/", path, title)
                tips.append({"lang": lang, "name": self.names[lang], "title": title})
            self._write(
                f"{SHORT_LINKS}/{number}",
                "short-link.html",
                title=f"{number} \N{MIDDLE DOT} {landing.meta['title']}",
                path=path,
                tips=tips,
                canonical=f"{self.site_url}en/{path}",  # English, the x-default of every page (i18n_site.py)
            )
