"""Links that keep working: moved pages (redirects.yml), the tips' short links, and the
registry of every URL the site has published (published-urls.txt).

Newsletters link to the guide, so a page that moves keeps its old address:

- redirects.yml maps an old language-neutral path to the new one (`tips/old-name/: tips/17/`);
  every language where the old path is not a page gets a page there that leads to the new
  one in the same language; a moved worksheet's PDF is copied to its old address too;
- /<lang>/t/<n>/ leads to /<lang>/tips/<n>/, and /t/<n>/ to tip <n> in the reader's language;
- the build fails when a URL of the registry no longer leads to a page, a file or a redirect,
  naming the fix. New pages are added to it by `./scripts/guide register-urls`.

The leading pages carry `noindex` and a canonical link to their target; they are not in the
sitemap. A web server that is configured (hosting.py) answers them with a real 301 or 302.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .content import ContentError, read_text, yaml_problem
from .worksheets import pdf_name

SHORT_LINKS = "t"  # /t/17/ and /<lang>/t/17/
PAGE_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)+$")  # tips/old-name/: relative, ending in /
FILES = (".xml", ".pdf")  # what a reader may link to besides pages: feeds, the sitemap, worksheets
HEADER = """\
# Every URL the site has published, relative to site_url: one a line, sorted.
# Newsletters link to them, so the build fails when one of them no longer leads
# to a page, a file or a redirect (src/guide/urls.py).
# Never remove a line: add a redirect in redirects.yml or restore the page.
# New pages and files are added by: ./scripts/guide register-urls
"""


class _UniqueKeys(yaml.SafeLoader):
    """YAML that refuses a key written twice (plain YAML keeps the last silently)."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        item = loader.construct_object(key_node)
        if item in seen:
            raise ContentError(
                f"line {key_node.start_mark.line + 1}: '{item}' is listed twice (first at line {seen[item]}); keep one"
            )
        seen[item] = key_node.start_mark.line + 1
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_redirects(path: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """redirects.yml, checked: old path -> new path, both language-neutral and ending in '/'."""
    name = path.name
    if not path.exists():
        return {}
    text = read_text(path, name)
    try:
        redirects = yaml.load(text, Loader=_UniqueKeys) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{name}: {yaml_problem(error)}; fix it") from None
    except ContentError as error:
        raise ContentError(f"{name} {error}") from None
    if not isinstance(redirects, dict):
        raise ContentError(f"{name}: must map old paths to new ones, e.g. 'tips/old-name/: tips/17/'")
    problems, loops = [], set()
    for old, new in redirects.items():
        if not all(isinstance(p, str) and PAGE_PATH.match(p) and p.split("/")[0] not in languages for p in (old, new)):
            problems.append(
                f"{name}: '{old}: {new}' is not a redirect between pages; write both paths without the language "
                "and with a final /, e.g. 'tips/old-name/: tips/17/' (a file such as a PDF or a feed follows its page)"
            )
        elif any(Path(part).suffix in (*FILES, ".html") for path in (old, new) for part in path.split("/")):
            problems.append(
                f"{name}: '{old}: {new}' names a file, not a page; a feed or a PDF moves with its page, so "
                "redirect the page (e.g. 'worksheets/old-name/: worksheets/new-name/') or remove this line"
            )
        elif old.startswith(f"{SHORT_LINKS}/"):
            problems.append(f"{name}: '{old}' is a short link of the site ({SHORT_LINKS}/<n>/); redirect another path")
        elif new in redirects:
            chain, seen = [old], {old}
            while chain[-1] in redirects and redirects[chain[-1]] not in seen:
                chain.append(redirects[chain[-1]])
                seen.add(chain[-1])
            if chain[-1] in redirects:  # back where it started
                if frozenset(chain) in loops:
                    continue  # one line for one loop, not one for each of its redirects
                loops.add(frozenset(chain))
                loop = " -> ".join([*chain, redirects[chain[-1]]])
                problems.append(f"{name}: the redirects {loop} go round in a circle; remove the one that "
                                "leads away from the page that exists")
            else:
                problems.append(f"{name}: '{old}' leads to '{new}', which is redirected itself; "
                                f"lead it straight to '{chain[-1]}'")
    if problems:
        raise ContentError("\n".join(problems))
    return redirects


@dataclass
class Leads:
    """Writes the pages that lead on: render(template, **context) gives a page's HTML."""

    site_dir: Path
    root: str  # the site's absolute URL
    languages: list[str]
    render: Any

    def _is_page(self, path: str) -> bool:
        return (self.site_dir / path / "index.html").is_file()

    def _write(self, at: str, template: str, **context: object) -> None:
        out = self.site_dir / at / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.render(template, **context), encoding="utf-8")

    def redirect(self, lang: str, old: str, new: str, title: str) -> None:
        """A page at /<lang>/<old> that leads to /<lang>/<new>."""
        self._write(f"{lang}/{old}", "redirect-page.html", lang=lang, title=title,
                    target="../" * old.count("/") + new, canonical=f"{self.root}{lang}/{new}")

    def moved(self, old: str, new: str, title_of: Any) -> list[str]:
        """Redirect old to new in every language where old is not a page; problems, if any."""
        targets = [lang for lang in self.languages if self._is_page(f"{lang}/{new}")]
        if not targets:
            return [f"redirects.yml: '{old}' leads to '{new}', which is not a page; lead it to a page of the site"]
        pages = [lang for lang in self.languages if self._is_page(f"{lang}/{old}")]
        if len(pages) == len(self.languages):
            return [f"redirects.yml: '{old}' is a page of the site in every language; remove the redirect"]
        for lang in targets:
            if lang in pages:
                continue  # still written in this language (a post withdrawn from another)
            self.redirect(lang, old, new, title_of(lang, new))
            old_pdf = self.site_dir / lang / old / pdf_name(Path(old).name)
            new_pdf = self.site_dir / lang / new / pdf_name(Path(new).name)
            if new_pdf.is_file():  # a moved worksheet: its PDF keeps its address too
                shutil.copyfile(new_pdf, old_pdf)
        return []

    def short_links(self, tips: dict[int, dict[str, str]], landing_title: str, names: dict[str, str],
                    root_language: str) -> None:
        """tips: number -> language -> '17. Title'."""
        for number, titles in tips.items():
            path = f"tips/{number}/"
            for lang, title in titles.items():
                self.redirect(lang, f"{SHORT_LINKS}/{number}/", path, title)
            self._write(
                f"{SHORT_LINKS}/{number}",
                "short-link.html",
                title=f"{number} \N{MIDDLE DOT} {landing_title}",
                path=path,
                tips=[{"lang": lang, "name": names[lang], "title": title} for lang, title in titles.items()],
                canonical=f"{self.root}{root_language}/{path}",
                fallback=root_language,
            )


def published(site_dir: Path) -> set[str]:
    """The URLs a built site publishes: its pages (a folder's index.html) and its feeds, sitemap and PDFs."""
    urls = set()
    for path in site_dir.rglob("*"):
        url = "/" + path.relative_to(site_dir).as_posix()
        if path.name == "index.html":
            urls.add(url.removesuffix("index.html"))
        elif path.suffix in FILES:
            urls.add(url)
    return urls


def read_registry(path: Path) -> list[str]:
    """The URLs listed in the registry, without its comments; a line that is not a URL fails."""
    if not path.exists():
        raise ContentError(f"{path.name}: missing; create it with ./scripts/guide register-urls")
    urls = []
    for number, line in enumerate(read_text(path, path.name).splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            if not line.startswith("/"):
                raise ContentError(f"{path.name} line {number}: '{line}' is not a site path; start it with /")
            urls.append(line)
    return urls


def write_registry(path: Path, urls: set[str]) -> None:
    path.write_text(HEADER + "".join(f"{url}\n" for url in sorted(urls)), encoding="utf-8")


def resolves(site_dir: Path, url: str) -> bool:
    path = site_dir / url.lstrip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def fix(url: str, languages: tuple[str, ...]) -> str:
    """What to do about a URL that no longer resolves."""
    lang, _, path = url.lstrip("/").partition("/")
    if url.endswith(".pdf"):
        page = path.rsplit("/", 1)[0] + "/"
        return f"redirect its page in redirects.yml ('{page}: <its new path>'), and the PDF follows"
    if not url.endswith("/"):
        return "restore the file"
    if lang in languages and path:
        return f"add a redirect in redirects.yml ('{path}: <its new path>') or restore the page"
    return "restore the page"


def registry_problems(site_dir: Path, registry: Path, languages: tuple[str, ...], built: list[str],
                      skip_pdfs: bool) -> tuple[list[str], int]:
    """The registered URLs that lead nowhere, and how many published URLs are not registered yet."""
    urls = read_registry(registry)
    skipped = [lang for lang in languages if lang not in built]  # GUIDE_LANGUAGE builds one
    broken = [
        url for url in urls
        if url.split("/")[1] not in skipped and not (skip_pdfs and url.endswith(".pdf")) and not resolves(site_dir, url)
    ]
    problems = [f"{registry.name}: {url} is gone; {fix(url, languages)}" for url in broken]
    return problems, len(published(site_dir) - set(urls)) if not skipped else 0
