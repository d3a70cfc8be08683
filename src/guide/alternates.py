"""One site in several languages: hreflang alternates, the language switcher and the sitemap.

Every page links its translations with absolute hreflang URLs and an x-default, and
the switcher in the header leads to the same page in the other language; a blog post
not written in a language leads to that language's blog and its notice. One sitemap at
the root lists every page of every language with its alternates.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mkdocs.structure.files import File

from .compat import Phase, alternates_of, locale_of


def urls_of(file: File, languages: tuple[str, ...], root: str) -> dict[str, str]:
    """The absolute URL of each translation of a page, by language."""
    return {
        lang: root + alternate.url
        for lang, alternate in alternates_of(file).items()
        if lang in languages and locale_of(alternate) == lang
    }


def x_default(urls: dict[str, str], file: File, root: str, root_language: str) -> str:
    """The landing page for home pages, which picks the reader's language; else the root language."""
    if file.src_uri.startswith("index."):
        return root
    return urls.get(root_language) or next(iter(urls.values()))


def switcher(file: File, names: dict[str, str], languages: tuple[str, ...], root: str) -> list[dict[str, Any]]:
    """Every language's entry: this page in it, or where to go when it is not written in it."""
    urls = urls_of(file, languages, root)
    return [
        {"name": names[lang], "lang": lang, "link": urls.get(lang) or untranslated(file, lang, root),
         "missing": lang not in urls}
        for lang in languages
    ]


def homes(names: dict[str, str], root: str) -> list[dict[str, Any]]:
    """The switcher's entries on pages that are not translations of one another (404): the home pages."""
    return [{"name": name, "lang": lang, "link": f"{root}{lang}/", "missing": False} for lang, name in names.items()]


def untranslated(file: File, lang: str, root: str) -> str:
    """Only a blog post can be missing in a language: to that language's blog and its notice."""
    if file.src_uri.startswith("blog/posts/"):
        return f"{root}{lang}/blog/#not-translated"
    return f"{root}{lang}/"


def sitemap(phase: Phase, languages: tuple[str, ...], root: str, root_language: str) -> str:
    entries = []
    for lang in phase.languages:
        for file in phase.files_of(lang):
            if locale_of(file) != lang or file.url.endswith("404/"):
                continue
            urls = urls_of(file, languages, root)
            links = [
                f'    <xhtml:link rel="alternate" hreflang="{alt}" href={quoteattr(url)}/>' for alt, url in urls.items()
            ]
            links.append(
                '    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(x_default(urls, file, root, root_language))}/>"
            )
            entries.append(f"  <url>\n    <loc>{escape(root + file.url)}</loc>\n" + "\n".join(links) + "\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
