"""The guide's MkDocs plugin: the content model checked and rendered, and the whole-site steps.

mkdocs-static-i18n builds the language-neutral root, then each language with the same
config and this same plugin instance (compat.Phase says which). The pipeline:

1. at config time, once: versions, config, style sheets, content and languages checked,
   every problem in one message; the tips added to the navigation;
2. once the root is built: the short links, written by a process of their own;
3. per language: generated parts of pages, typography, alternates and previews; social
   cards and worksheet PDFs from the disk cache, or made by worker processes while
   MkDocs goes on; then the 404 page, the feed and the language's search bundle
   (Pagefind, in the background);
4. once every language is built, in this order: sitemap, Material's bundle patched,
   cards and PDFs awaited (the build draws the cards the worker has not begun),
   the pages of moved addresses, short links and search awaited, the registry of
   published URLs, the web-server rules.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import signal
import sys
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import CountHandler

from . import alternates, background, blog, cards, compat, content, hosting, pdfs, search, style, urls
from .cache import KEEP_UNUSED_DAYS, DiskCache
from .config import GuideConfig, cross_check, language_problems
from .content import ContentError, Site
from .markup import css_string
from .pages import PageView
from .pdfs import ARTICLE, PdfMaker, document
from .previews import CardMaker, card_path, preview, section_of
from .project import load_project
from .search import Indexer
from .typography import TypographyExtension

log = logging.getLogger("mkdocs.plugins.guide")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def escaped(value: Any) -> Any:
    """A writer's strings as the templates get them: HTML-escaped, marked safe so nothing escapes them twice."""
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape(value)
    return value


class GuidePlugin(BasePlugin[GuideConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.pid = os.getpid()
        self.site: Site | None = None
        self.sheets: dict[str, style.StyleSheet] = {}
        self.ui: dict[str, dict[str, Any]] = {}  # per language, tip count filled in
        self.names: dict[str, str] = {}  # language -> its name in the switcher
        self.site_names: dict[str, str] = {}
        self.typography = TypographyExtension()
        self.environments = compat.ThemeEnvironments()
        self.warnings = CountHandler()
        self.lock: int | None = None
        self.cache: DiskCache | None = None
        self.cards: CardMaker | None = None
        self.pdfs: PdfMaker | None = None
        self.indexer: Indexer | None = None
        self.short_links: background.Job | None = None

    # --- 1. config -------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command != "serve":
            self._count_warnings()
            self.pid = os.getpid()
            signal.signal(signal.SIGINT, self._interrupted)

    def _count_warnings(self) -> None:
        """Strict whatever the flags: -q would silence warnings before MkDocs counts them (mkdocs#4126)."""
        logger = logging.getLogger("mkdocs")
        if logger.getEffectiveLevel() > logging.WARNING:
            for handler in logger.handlers:
                handler.setLevel(logger.getEffectiveLevel())
            logger.setLevel(logging.WARNING)
        self.warnings.setLevel(logging.WARNING)
        logger.addHandler(self.warnings)

    def _interrupted(self, signum: int, frame: Any) -> None:
        """Ctrl-C reaches the whole process group: the build says one line, its forked workers nothing."""
        if os.getpid() == self.pid:
            self._stop_workers()
            print("Build stopped (Ctrl-C); the site folder is incomplete.", file=sys.stderr)
        os._exit(130)

    @property
    def phase(self) -> compat.Phase:
        return compat.Phase.of(self._mkdocs_config, self.config.root_locale)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.config.languages)

    @event_priority(-110)  # after static-i18n has set the language being built
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._mkdocs_config = config
        if self.phase.is_root:
            self._check_config(config)
            compat.copy_theme_files_once(config, lambda: self.phase.is_root)
        lang = self.phase.language
        self._add_tips_to_nav(config)
        if self.phase.is_root:
            config.extra["ui"] = {}
            config.extra["languages"] = escaped([  # the root's 404 page speaks every language
                {"lang": code, "not_found": self.ui[code]["not_found"], "home": self.ui[code]["home"],
                 "site_name": self.site_names[code]}
                for code in self.languages
            ])
            config.extra["feed"] = None
            config.extra["alternate"] = []
            self.typography.rules = None
            config.theme.static_templates.add("404.html")
        else:
            config.extra["ui"] = escaped(self.ui[lang])
            config.extra["feed"] = {
                "title": escape(f"{self.site_names[lang]} \N{EN DASH} {self._page('blog/index.md', lang).title}"),
                "url": f"{self.root}{lang}/{blog.FEED}",
            }
            config.extra["alternate"] = escaped(alternates.homes(self.names, self.root))
            self.typography.rules = self.sheets[lang].typography
            config.theme.static_templates.discard("404.html")  # each language writes its own (on_post_build)
        config.theme.static_templates.discard("sitemap.xml")  # one for all languages
        compat.skip_material_search_index(config)
        # Material's localStorage scope, which it would give as a path relative to each page: the same
        # inline script on every page, one hash in the Content-Security-Policy (hosting.py).
        config.extra["scope"] = urlsplit(self.root).path or "/"
        config.extra["root_language"] = self.config.root_language
        config.site_name = escape(self.site_names.get(lang, config.site_name))
        # The description of pages without one (404): the language's tagline, with the number of tips.
        config.site_description = escape(self.ui[self.config.root_language if self.phase.is_root else lang]["tagline"])
        if self.typography not in config.markdown_extensions:
            config.markdown_extensions.append(self.typography)
        return config

    def _check_config(self, config: MkDocsConfig) -> None:
        """Everything that must hold before a page is built; all problems in one message."""
        problems = compat.check_versions()
        problems += language_problems(self.config.languages)
        i18n_languages = self.phase.i18n_languages()
        problems += cross_check(self.config, i18n_languages, self.phase.original_nav(config))
        if problems:  # a new language: name its missing pages and style sheet in the same message
            try:
                problems += load_project(self.config, config.docs_dir, DiskCache(Path(self.config.cache_dir))).problems
            except (KeyError, TypeError, AttributeError, ValueError):
                pass  # content checks that need the configuration run once it is right
            self._fail("The configuration", problems)
        self.names = {item.locale: item.name for item in i18n_languages if item.locale in self.languages}
        self.site_names = {item.locale: item.site_name or config.site_name for item in i18n_languages}
        self.site_names[self.config.root_locale] = config.site_name
        if self.command == "build":
            url = urlsplit(config.site_url or "")
            if url.scheme not in ("http", "https") or not url.netloc:
                self._fail("The configuration", [
                    f"SITE_URL is {repr(config.site_url) if config.site_url else 'not set'}: "
                    "a production build needs the site's address, "
                    "e.g. SITE_URL=https://guide.example.com/ ./scripts/build (./scripts/serve needs none)"
                ])
            self._lock(Path(config.site_dir))
        only = os.environ.get("GUIDE_LANGUAGE")
        if only:
            if only not in self.languages:
                self._fail("GUIDE_LANGUAGE", [f"{only} is not a language of the guide; "
                                              f"use one of {', '.join(self.languages)}"])
            self.phase.only(only)
        self.cache = DiskCache(Path(self.config.cache_dir))
        project = load_project(self.config, config.docs_dir, self.cache)
        self.site, self.sheets, self.ui = project.site, project.sheets, project.ui
        if project.problems:
            self._fail("The content", project.problems)
        setup = [search.check_installed()]
        if self.config.pdfs and self.command != "serve":
            setup.append(pdfs.check_installed())
        if problems := [problem for problem in setup if problem]:
            self._fail("The build", problems)
        site_dir = Path(config.site_dir)
        self.cards, self.indexer = CardMaker(self.cache, site_dir), Indexer(site_dir)
        if self.config.pdfs and self.command != "serve":
            self.pdfs = PdfMaker(self.cache, self._stylesheets(config))

    def _fail(self, what: str, problems: list[str]) -> None:
        lines = [line for problem in problems for line in problem.splitlines()]
        raise PluginError(f"{what} has {len(lines)} problem(s):\n  " + "\n  ".join(lines))

    def _lock(self, site_dir: Path) -> None:
        """One build at a time into one folder: a second one stops with one line."""
        if self.lock is not None:
            return
        path = site_dir.parent / f".{site_dir.name}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise PluginError(f"{site_dir} is being built by another build; wait for it to finish, "
                              "or build into another folder with --site-dir") from None
        self.lock = handle

    def _unlock(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None

    def _add_tips_to_nav(self, config: MkDocsConfig) -> None:
        """The tips section of the navigation lists every tip of docs/tips/, in order."""
        assert self.site is not None
        tips = ["tips/index.md", *(f"tips/{n}.md" for n in self.site.tip_numbers)]
        for item in config.nav or []:
            if isinstance(item, dict):
                for title, children in item.items():
                    if isinstance(children, list) and children[:1] == ["tips/index.md"]:
                        item[title] = tips

    @property
    def root(self) -> str:
        """The site's absolute URL, ending in /."""
        return (self._mkdocs_config.site_url or "/").rstrip("/") + "/"

    def _page(self, key: str, lang: str | None) -> content.Page:
        assert self.site is not None
        page = self.site.page(key, lang)
        assert page is not None, f"{key} exists in every language (checks.py)"
        return page

    # --- 2. per language -------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        compat.drop_material_search_files(files)
        if self.phase.is_root:
            return files
        assert self.site is not None
        lang = self.phase.language
        for key in blog.CATEGORIES:
            page = self._category_file(config, lang, key, blog.category_markdown(self.site, lang, key,
                                                                                 self.ui[lang]["blog"]))
            others = {other: self._category_file(config, other, key, "") for other in self.languages if other != lang}
            compat.set_locale(page, lang, {lang: page, **others})
            files.append(page)
        self.phase.set_files_of(lang, files.documentation_pages())  # the sitemap's pages
        return files

    on_files = event_priority(-110)(on_files)  # after static-i18n has chosen the language's files

    def _category_file(self, config: MkDocsConfig, lang: str, key: str, markdown: str) -> File:
        file = File.generated(config, f"{blog.CATEGORY_DIR}/{key}.md", content=markdown,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        file.dest_uri = f"{lang}/{file.dest_uri}"
        compat.set_locale(file, lang)
        return file

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._env, self._files = self.environments.reuse(env), files
        return self._env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        lang = None if self.phase.is_root else self.phase.language
        key, _ = content.split_name(page.file.src_uri)
        source = self.site.page(key, lang)
        if source is None:  # a generated page (blog category)
            page.meta = escaped(page.meta)
            return markdown
        page.meta = escaped({**source.meta, "title": source.title})
        if lang is None:
            return markdown
        markdown = content.TIP_COUNT.sub(str(self.site.tip_count), markdown)
        markdown = PageView(self.site, source, self.ui[lang]).markdown(markdown)
        return blog.page_markdown(self.site, source, markdown, self.ui[lang]["blog"])

    @event_priority(-110)  # after static-i18n has set its page context
    def on_page_context(self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        assert self.site is not None and self.cards is not None
        description = unescape(str(page.meta.get("description") or ""))
        title = unescape(str(page.title))
        if self.phase.is_root:
            lang, number, others = self.config.root_language, None, list(self.languages)
            context["languages"] = [
                {"lang": code, "name": escape(self.names[code]), "site_name": escape(self.site_names[code]),
                 "tagline": escape(self.ui[code]["tagline"])}
                for code in self.phase.languages
            ]
            card = cards.Card(site_name=" · ".join(self.names.values()),
                              title="\n".join(self.site_names[code] for code in self.languages), lead=description)
        else:
            lang = self.phase.language
            entries = alternates.switcher(page.file, self.names, self.languages, self.root)
            urls = {entry["lang"]: entry["link"] for entry in entries if not entry["missing"]}
            context["switcher"] = escaped(entries)
            config.extra["alternate"] = escaped([entry for entry in entries if not entry["missing"]])
            context["x_default"] = alternates.x_default(urls, page.file, self.root, self.config.root_language)
            context["page_language"] = lang
            context["print_footer"] = css_string(
                f"{self.site_names[lang]} · {page.canonical_url or self.root} · {self.names[lang]}")
            others = list(urls)
            number = page.meta.get("tip") if page.file.src_uri.startswith("tips/") else None
            section = section_of(page, nav)
            card = cards.Card(site_name=self.site_names[lang], title=title, lead=description,
                              section="" if section == title else section, number=number)
        if problem := self.cards.glyph_problem(card, f"docs/{page.file.src_uri}"):
            raise PluginError(problem)
        path = card_path(page)
        self.cards.add(card, path)
        shown = f"{number}. {title}" if number else title
        context["guide_title"] = shown
        context["preview"] = escaped(preview(
            site_name=self.site_names[lang if not self.phase.is_root else self.config.root_locale],
            title=shown, description=description, url=page.canonical_url or self.root, card_url=self.root + path,
            locale=self.config.languages[lang]["og_locale"],
            alternate_locales=[self.config.languages[o]["og_locale"] for o in others if o != lang],
            article=bool(number) or page.file.src_uri.startswith("blog/posts/"),
        ))
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if (self.phase.is_root or not page.file.src_uri.startswith("worksheets/") or not page.meta.get("worksheet")
                or self.command == "serve" or not self.config.pdfs):
            return output
        assert self.pdfs is not None
        article = ARTICLE.search(output)
        if article is None:
            raise PluginError(f"docs/{page.file.src_uri}: the page has no <article> to make its PDF of")
        lang = self.phase.language
        html = document(article.group(1), lang, unescape(str(page.title)),
                        unescape(str(page.meta["description"])), self.site_names[lang])
        dest = Path(page.file.abs_dest_path).parent / f"{page.meta['worksheet']}.pdf"
        self.pdfs.add(f"docs/{page.file.src_uri}", html, dest, 2 if page.meta.get("rating") else 1)
        return output

    def _stylesheets(self, config: MkDocsConfig) -> list[Path]:
        return [Path(config.site_dir) / path for path in config.extra_css]

    @event_priority(-90)  # before static-i18n builds the languages from the root's on_post_build
    def _root_built(self, *, config: MkDocsConfig) -> None:
        if self.phase.is_root:
            config.site_name = str(unescape(config.site_name))  # the languages' overrides must see a str
            self.short_links = background.Job("the short links", lambda: self._write_short_links(config))

    @event_priority(-110)  # after static-i18n, which builds the languages from the root's on_post_build
    def _post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None
        if not self.phase.all_built:
            if not self.phase.is_root:
                self._finish_language(config, self.phase.language)
            return
        try:
            self._finish_site(config)
        finally:
            self._stop_workers()
            self._unlock()

    def _finish_language(self, config: MkDocsConfig, lang: str) -> None:
        assert self.site is not None and self.indexer is not None
        site_dir = Path(config.site_dir)
        config.extra["alternate"] = escaped(alternates.homes(self.names, self.root))
        page_404 = compat.render_theme_page("404.html", self._env, self._files, config, self._nav)
        (site_dir / lang / "404.html").write_text(page_404, encoding="utf-8")
        files = self._files

        def url_of(src: str) -> str:
            file = files.get_file_from_path(src)
            assert file is not None, f"{src} is in the {lang} build"
            return self.root + file.url

        feed = blog.feed_xml(self.site, lang, self.ui[lang], unescape(config.extra["feed"]["title"]), url_of,
                             config.extra["feed"]["url"])
        (site_dir / lang / blog.FEED).write_bytes(feed)
        self.indexer.start(lang)

    def _finish_site(self, config: MkDocsConfig) -> None:
        assert self.site is not None and self.cards is not None and self.indexer is not None and self.cache is not None
        site_dir = Path(config.site_dir)
        problems: list[str] = []
        redirects = self._redirects()
        (site_dir / "sitemap.xml").write_text(
            alternates.sitemap(self.phase, self.languages, self.root, self.config.root_language), encoding="utf-8")
        if problem := compat.turn_off_material_alternate_lookup(site_dir):
            problems.append(problem)
        problems += self.cards.finish()
        if self.pdfs is not None:
            problems += self.pdfs.finish()
        problems += self._write_moved(site_dir, redirects)
        if self.short_links is not None:
            problems += self.short_links.wait()
        problems += self.indexer.finish()
        registry, unregistered = urls.registry_problems(
            site_dir, Path(self.config.published_urls), self.languages, self.phase.languages,
            skip_pdfs=self.command == "serve" or not self.config.pdfs)
        problems += registry
        if problems:
            self._fail("The site", problems)
        if self.command != "serve":
            hosting.write_host_files(site_dir, hosting.HostRules(
                languages=self.languages, default_language=self.config.root_language, redirects=redirects,
                short_links=tuple(self.site.tip_numbers)))
        if unregistered:
            log.info("%d new URL(s) are not in %s yet; after publishing, run ./scripts/guide register-urls",
                     unregistered, Path(self.config.published_urls).name)
        log.info("%d social card(s) drawn, %d worksheet PDF(s) written, the rest from the cache",
                 self.cards.drawn, self.pdfs.count if self.pdfs else 0)
        if self.command != "serve" and (pruned := self.cache.prune()):
            log.info("%d cache entries unused for %d days removed", pruned, KEEP_UNUSED_DAYS)
        if self.command != "serve" and (counts := self.warnings.get_counts()):
            raise PluginError(f"The build logged {', '.join(f'{n} {level.lower()}(s)' for level, n in counts)}; "
                              "it is strict, so fix them")

    def _redirects(self) -> dict[str, str]:
        try:
            return urls.read_redirects(Path(self.config.redirects), self.languages)
        except ContentError as error:
            self._fail("redirects.yml", [str(error)])
            raise

    def _leads(self, site_dir: Path) -> urls.Leads:
        env = self._env  # the theme's, kept for every language (compat.ThemeEnvironments)
        return urls.Leads(site_dir, self.root, self.phase.languages,
                          lambda template, **context: env.get_template(template).render(**context))

    def _write_moved(self, site_dir: Path, redirects: dict[str, str]) -> list[str]:
        """The pages that lead from a moved page's old address to its new one, once both are known."""

        def title_of(lang: str, path: str) -> str:
            page = (site_dir / lang / path / "index.html").read_text(encoding="utf-8")
            found = TITLE.search(page)
            return unescape(found.group(1).strip()) if found else f"/{lang}/{path}"

        leads = self._leads(site_dir)
        return [problem for old, new in redirects.items() for problem in leads.moved(old, new, title_of)]

    def _write_short_links(self, config: MkDocsConfig) -> list[str]:
        """/t/<n>/ and /<lang>/t/<n>/ for every tip: from the content alone, so written while the languages build."""
        assert self.site is not None
        tips = {
            number: {lang: f"{number}. {self._page(f'tips/{number}.md', lang).title}" for lang in self.phase.languages}
            for number in self.site.tip_numbers
        }
        self._leads(Path(config.site_dir)).short_links(tips, self._page("index.md", None).title, self.names,
                                                        self.config.root_language)
        return []

    on_post_build = CombinedEvent(_root_built, _post_build)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()
        self._unlock()

    def _stop_workers(self) -> None:
        for worker in (self.cards, self.pdfs, self.indexer, self.short_links):
            if worker is not None:
                worker.stop()
