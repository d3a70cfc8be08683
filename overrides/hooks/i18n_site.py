"""One site in four languages: alternates, language switcher, 404 pages and sitemap.

mkdocs-static-i18n builds the language-neutral root first and then each
language into its own prefix, with one config. This hook adds what a
multilingual site needs and static-i18n leaves out:

- every page links its translations with absolute hreflang URLs and an
  x-default, and the language switcher in the header leads to the same page in
  the other language (config.extra.alternate, set per page, is what Material
  renders for both);
- every language has its own 404 page at /<lang>/404.html, and the root keeps
  the language-neutral one (static-i18n would leave the last language's there);
- one sitemap at the root lists every page of every language with its
  alternates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment
from mkdocs.commands.build import _build_template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from build_language import all_languages_built, current, is_root_build, language_names, site_root
from content_model import LANGUAGES

# Material fetches a sitemap.xml beside every <link rel=alternate> to map pages
# between languages; it assumes one MkDocs site per language. Our alternates are
# the pages themselves, so that lookup would only produce 404s: the selector is
# narrowed to match nothing, and switcher.js keeps the switcher on the page.
MATERIAL_ALTERNATE_LOOKUP = 'M("link[rel=alternate]")'
MATERIAL_ALTERNATE_LOOKUP_OFF = 'M("link[rel=alternate][data-md-sitemap]")'

_build: dict[str, Any] = {}  # the env, files and nav of the language being built


def _language_homes(config: MkDocsConfig) -> list[dict[str, str]]:
    """The switcher's entries before a page sets its own: each language's home page."""
    return [
        {"name": name, "lang": lang, "link": f"{site_root(config)}{lang}/"}
        for lang, name in language_names(config).items()
    ]


def alternates(file: File, config: MkDocsConfig) -> dict[str, str]:
    """The absolute URL of each translation of a page, by language."""
    found = {}
    for lang, alternate in getattr(file, "alternates", {}).items():
        if lang in LANGUAGES and alternate.locale == lang:
            found[lang] = site_root(config) + alternate.url
    return found


def x_default(urls: dict[str, str], file: File, config: MkDocsConfig) -> str:
    """The landing page for home pages, which picks the reader's language; else English."""
    if file.src_uri.startswith("index."):
        return site_root(config)
    return urls.get("en") or next(iter(urls.values()))


def on_config(config: MkDocsConfig) -> None:
    templates = config.theme.static_templates
    templates.discard("sitemap.xml")  # written once for all languages, in on_post_build
    if is_root_build(config):
        templates.add("404.html")
        config.extra["alternate"] = []
    else:
        templates.discard("404.html")  # each language writes its own, below
        config.extra["alternate"] = _language_homes(config)


on_config = event_priority(-110)(on_config)  # after static-i18n has set the language


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> None:
    _build.update(env=env, files=files)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    _build["nav"] = nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if is_root_build(config):
        context["languages"] = [
            {
                "lang": lang.locale,
                "name": lang.name,
                "site_name": lang.site_name,
                "tagline": lang.extra["ui"]["tagline"],
            }
            for lang in config.plugins["i18n"].config.languages
            if lang.locale in LANGUAGES
        ]
        return context
    urls = alternates(page.file, config)
    here = current(config)
    switcher = [
        {
            "name": name,
            "lang": lang,
            "link": urls.get(lang) or _untranslated(page.file, lang, config),
            "missing": lang not in urls,
        }
        for lang, name in language_names(config).items()
    ]
    context["switcher"] = switcher  # overrides/partials/alternate.html
    config.extra["alternate"] = [alt for alt in switcher if not alt["missing"]]  # Material's hreflang in <head>
    context["x_default"] = x_default(urls, page.file, config)
    context["page_language"] = here
    return context


def _untranslated(file: File, lang: str, config: MkDocsConfig) -> str:
    """Where the switcher leads for a language a page is not written in: only a blog post
    can be missing, so to that language's blog and its notice (hooks/blog.py)."""
    if file.src_uri.startswith("blog/posts/"):
        return f"{site_root(config)}{lang}/blog/#not-translated"
    return f"{site_root(config)}{lang}/"


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    if not all_languages_built(config):
        if not is_root_build(config):
            _write_404(config, site_dir / current(config) / "404.html")
        return
    _write_sitemap(config, site_dir / "sitemap.xml")
    _turn_off_material_alternate_lookup(site_dir)


on_post_build = event_priority(-110)(on_post_build)  # after static-i18n's last language


def _write_404(config: MkDocsConfig, path: Path) -> None:
    config.extra["alternate"] = _language_homes(config)
    env = _build["env"]
    html = _build_template("404.html", env.get_template("404.html"), _build["files"], config, _build["nav"])
    path.write_text(html, encoding="utf-8")


def _write_sitemap(config: MkDocsConfig, path: Path) -> None:
    i18n = config.plugins["i18n"]
    entries = []
    for lang in LANGUAGES:
        for file in i18n.i18n_files_per_language.get(lang, []):
            if file.locale != lang or file.url.endswith("404/"):
                continue
            urls = alternates(file, config)
            links = [
                f'    <xhtml:link rel="alternate" hreflang="{alt}" href={quoteattr(url)}/>'
                for alt, url in urls.items()
            ]
            links.append(
                f'    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(x_default(urls, file, config))}/>"
            )
            loc = escape(site_root(config) + file.url)
            entries.append(f"  <url>\n    <loc>{loc}</loc>\n" + "\n".join(links) + "\n  </url>")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n",
        encoding="utf-8",
    )


def _turn_off_material_alternate_lookup(site_dir: Path) -> None:
    for bundle in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        code = bundle.read_text(encoding="utf-8")
        if code.count(MATERIAL_ALTERNATE_LOOKUP) != 1:
            raise PluginError(
                f"{bundle.name}: Material's alternate-language lookup has changed; "
                "update MATERIAL_ALTERNATE_LOOKUP in overrides/hooks/i18n_site.py"
            )
        bundle.write_text(code.replace(MATERIAL_ALTERNATE_LOOKUP, MATERIAL_ALTERNATE_LOOKUP_OFF), encoding="utf-8")


