"""Issue 11: a new tip, a new language or a lost UI string needs no code, and the build says what is missing.

One build of a copy with one tip more than docs/tips/ holds: the tip's four files (the last
tip's, renumbered and retitled) and a link from another tip's `related`, nothing else: the tips
index lists it after its groups, under "More tips". The number, the languages and the count
words come from the project itself, never from copies of them here.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.config import load_config

from conftest import LANGUAGES, ROOT, mkdocs_build
from guide.cache import DiskCache
from guide.config import nav_titles
from guide.content import split_name
from guide.project import Project, load_project
from local_site import copy_project

CopyProject = Callable[[], Path]
BASE = "http://127.0.0.1:8765/"
PLACEHOLDER = r"(?:\{\{\s*tip_count\s*\}\}|\{tip_count\})"
COUNTED = re.compile(PLACEHOLDER + r"[ \u00a0-]+(\w+)")  # "{{ tip_count }} tips", "{tip_count}-tip"
VENV_BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"


def guide_config(project: Path) -> Any:
    return load_config(str(project / "mkdocs.yml")).plugins["guide"].config


def model(project: Path) -> Project:
    guide = guide_config(project)
    return load_project(guide, project / "docs", DiskCache(project / guide.cache_dir))


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{key}:.*$", lambda _: f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"{key} is not in {path}"
    path.write_text(new, encoding="utf-8")


def add_tip(project: Project, docs: Path, number: int, linked_from: int) -> None:
    """The tip's four files (a copy of the last tip's, renumbered and retitled) and a link to it."""
    last = number - 1
    for lang in project.site.languages:
        old = project.site.tip(last, lang)
        assert old is not None
        path = docs / f"tips/{number}.{lang}.md"
        path.write_text((docs / f"tips/{last}.{lang}.md").read_text(encoding="utf-8"), encoding="utf-8")
        set_field(path, "tip", str(number))
        set_field(path, "title", f"'{old.title} (II)'")
        set_field(path, "related", f"[{last}]")
        source = project.site.tip(linked_from, lang)
        assert source is not None
        set_field(docs / f"tips/{linked_from}.{lang}.md", "related", str([*source.meta["related"], number]))


@dataclass
class Built:
    project: Path
    site_dir: Path
    before: Project  # the model of the project as it is
    after: Project  # with the new tip
    number: int

    def html(self, lang: str, path: str) -> str:
        return (self.site_dir / lang / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = copy_project(tmp_path_factory.mktemp("new-tip") / "project")
    before = model(project)
    assert not before.problems, before.problems
    number = before.site.tip_count + 1
    add_tip(before, project / "docs", number, linked_from=1)
    after = model(project)
    assert after.problems == [], after.problems
    site_dir = project / "site"
    result = mkdocs_build(project, site_dir, BASE)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build of the copy with tip {number} failed:\n{result.stdout}{result.stderr}",
                    pytrace=False)
    return Built(project, site_dir, before, after, number)


class Links(HTMLParser):
    """The links of a page as absolute paths, and which of them are in its navigation or its article."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.open: list[str] = []
        self.nav: set[str] = set()
        self.article: set[str] = set()
        self.all: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("nav", "article"):
            self.open.append(tag)
        href = dict(attrs).get("href")
        if tag == "a" and href:
            path = urlsplit(urljoin(self.url, href)).path
            self.all.add(path)
            if "nav" in self.open:
                self.nav.add(path)
            if "article" in self.open:
                self.article.add(path)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "article") and tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]


def links(built: Built, lang: str, path: str) -> Links:
    parser = Links(f"/{lang}/{path}")
    parser.feed(built.html(lang, path))
    return parser


def test_a_new_tip_is_listed_after_the_groups_of_the_tips_index(built: Built) -> None:
    for lang in LANGUAGES:
        index = built.html(lang, "tips/")
        heading = escape(built.after.ui[lang]["more_tips"])
        assert heading in index, f"/{lang}/tips/ has no '{heading}' section"
        assert f'href="{built.number}/"' in index.split(heading, 1)[1], f"tip {built.number} is not under '{heading}'"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_new_tip_is_listed_everywhere(built: Built, lang: str) -> None:
    number, tip = built.number, f"/{lang}/tips/{built.number}/"
    page = built.after.site.tip(number, lang)
    assert page is not None
    assert (built.site_dir / lang / "tips" / str(number) / "index.html").is_file()
    index = links(built, lang, "tips/")
    assert tip in index.article, f"the {lang} tips index does not list tip {number}"
    assert tip in index.nav, f"the {lang} navigation does not list tip {number}"
    assert tip in links(built, lang, "tips/1/").nav, f"the {lang} navigation of tip 1 does not list tip {number}"
    assert tip in links(built, lang, "tips/1/").article, f"tip 1 ({lang}) does not link to tip {number} (related)"
    phase = page.meta["viva"]
    assert tip in links(built, lang, f"viva/{phase}/").article, f"the {lang} {phase} phase does not list tip {number}"
    assert f"<loc>{BASE}{lang}/tips/{number}/</loc>" in (built.site_dir / "sitemap.xml").read_text(encoding="utf-8")


def count_words(project: Path) -> dict[str | None, set[str]]:
    """Per language (None: mkdocs.yml, every language), the words the sources print after the tip count."""
    words: dict[str | None, set[str]] = {None: set()}
    for path in (project / "docs").rglob("*.md"):
        _, lang = split_name(path.relative_to(project / "docs").as_posix())
        words.setdefault(lang, set()).update(COUNTED.findall(path.read_text(encoding="utf-8")))
    for path in [project / "mkdocs.yml", *(project / "styles").glob("*.yml")]:
        words[None].update(COUNTED.findall(path.read_text(encoding="utf-8")))
    return words


def language_pages(built: Built, lang: str) -> Iterator[Path]:
    yield from (built.site_dir / lang).rglob("*.html")
    yield built.site_dir / "index.html"  # the landing page prints every language's tagline
    yield built.site_dir / "404.html"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_count_the_site_prints_is_the_new_one(built: Built, lang: str) -> None:
    new, old = built.number, built.number - 1
    words = count_words(built.project)
    language_words = words.get(lang, set()) | words[None]
    assert language_words, f"no source prints the tip count in {lang}"
    text = {path: path.read_text(encoding="utf-8") for path in language_pages(built, lang)}
    everything = "\n".join(text.values())

    # Where the sources print the count, the built pages print the new number.
    ui = built.after.ui[lang]
    counted = "|".join(sorted(language_words))
    shown = {
        "home": built.html(lang, "").split("<article", 1)[1].split("</article>", 1)[0],
        "tips index title": built.after.site.page("tips/index.md", lang).title,  # type: ignore[union-attr]
        "tagline": ui["tagline"],
        "self-assessment title": built.after.site.page("worksheets/self-assessment.md", lang).title,  # type: ignore[union-attr]
        "all tips list": ui["all_tips"],
    }
    for what, value in shown.items():
        assert re.search(rf"(?<!\d){new}[ \u00a0-]+(?:{counted})\b", value), (
            f"the {lang} {what} does not say {new} as the count: {value[:300]!r}"
        )
        assert not re.search(rf"(?<![\d/.#]){old}[ \u00a0-]+(?:{counted})\b", value), f"the {lang} {what} says {old}"
    for value in (ui["tagline"], ui["all_tips"]):
        assert value in everything or value.replace("'", "&#39;") in everything, f"no {lang} page shows {value!r}"
    assert built.after.site.page("tips/index.md", lang).title in built.html(lang, "tips/")  # type: ignore[union-attr]

    # No page says the old number as a count, beyond what the sources write literally (the
    # Swedish series of 25 tips the guide draws on, in about.md).
    pattern = re.compile(rf"(?<![\d/.#]){old}[ \u00a0-]+(?:{counted})\b")
    sources = (built.project / "docs").rglob(f"*.{lang}.md")
    literal = sum(len(pattern.findall(path.read_text(encoding="utf-8"))) for path in sources)
    printed = {path.relative_to(built.site_dir).as_posix(): len(pattern.findall(html)) for path, html in text.items()}
    printed = {path: count for path, count in printed.items() if count}
    assert sum(printed.values()) <= literal, f"{lang} pages say {old} as the count: {printed}"


def test_the_self_assessment_rates_every_tip(built: Built) -> None:
    for lang in LANGUAGES:
        tip = built.after.site.tip(built.number, lang)
        assert tip is not None
        article = built.html(lang, "worksheets/self-assessment/").split("<article", 1)[1].split("</article>", 1)[0]
        assert f"{built.number}. {escape(tip.title, quote=False)}" in article, (
            f"the {lang} self-assessment does not rate tip {built.number}"
        )


# --- a new language -------------------------------------------------------------------------------


def leaves(value: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """The dotted keys of every string, as the scaffold leaves them to translate (tips_this_month is one)."""
    for key, item in value.items():
        if isinstance(item, dict) and key != "tips_this_month":
            yield from leaves(item, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def test_a_new_language_fails_with_one_message_naming_every_missing_piece(project_copy: CopyProject) -> None:
    project = project_copy()
    guide = guide_config(project)
    root_ui = guide.languages[guide.root_language]["ui"]
    scaffold = subprocess.run([str(VENV_BIN / "guide"), "new-language", "de", "Deutsch"], cwd=project,
                              capture_output=True, text=True)
    assert scaffold.returncode == 0, scaffold.stderr
    assert "docs/<page>.de.md" in scaffold.stdout

    result = mkdocs_build(project, project / "site", BASE)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed with a language that has no text"
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, f"not one message:\n{output}"
    missing = [f"plugins.guide.languages.de.ui.{key}:" for key in leaves(root_ui)]
    missing += ["plugins.i18n.languages.de.site_name:", "styles/de.yml: missing"]
    nav = load_config(str(ROOT / "mkdocs.yml"))["nav"]
    assert nav_titles(nav), "mkdocs.yml's nav has no sections"
    missing += [f"plugins.i18n.languages.de.nav_translations: no '{title}'" for title in nav_titles(nav)]
    site = model(ROOT).site
    pages = sorted({p.key for p in site.pages if p.lang == guide.root_language and not p.key.startswith("blog/posts/")})
    missing += [f"docs/{key[:-3]}.de.md: missing" for key in pages]
    not_named = [piece for piece in missing if piece not in output]
    assert not not_named, f"{len(not_named)} missing piece(s) not named, e.g. {not_named[:5]}:\n{output}"
    print(f"the new language's message names {len(missing)} missing pieces in {output.count(chr(10))} lines")


# --- a UI string removed --------------------------------------------------------------------------


def remove_ui_string(mkdocs_yml: Path, lang: str, dotted: str) -> None:
    """Delete plugins.guide.languages.<lang>.ui.<dotted> (and anything indented under it) from mkdocs.yml."""
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip() == "  - guide:")
    for indent, name in [(8, lang), (10, "ui"), *((12 + 2 * n, part) for n, part in enumerate(dotted.split(".")))]:
        at = next(i for i in range(at + 1, len(lines)) if re.match(rf"^ {{{indent}}}{re.escape(name)}:", lines[i]))
    end = at + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > indent or not lines[end].strip()):
        end += 1
    del lines[at:end]
    mkdocs_yml.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("key", ["related", "checklist_clear", "tagline", "blog.not_translated", "blog.reading_time",
                                 "worksheets.clear"])
def test_a_missing_ui_string_fails_at_config_time_naming_it(project_copy: CopyProject, key: str) -> None:
    project = project_copy()
    lang = LANGUAGES[len(LANGUAGES) // 2]
    assert key.split(".")[-1] in str(guide_config(project).languages[lang]["ui"]), f"{key} is not a UI string"
    remove_ui_string(project / "mkdocs.yml", lang, key)
    result = mkdocs_build(project, project / "site", BASE)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed without ui.{key}"
    assert f"plugins.guide.languages.{lang}.ui.{key}: Required configuration not provided." in output, output
    assert "Traceback" not in output, output
    assert "Building documentation to directory" not in output, "the build got past the configuration"
    assert len([line for line in output.splitlines() if line.startswith("ERROR")]) == 1, output


# --- the shape of the project ---------------------------------------------------------------------


def test_no_hooks_and_no_python_in_the_theme() -> None:
    assert not re.search(r"^hooks\s*:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert not load_config(str(ROOT / "mkdocs.yml"))["hooks"]
    assert (ROOT / "overrides").is_dir()
    python = [p for p in (ROOT / "overrides").rglob("*") if p.suffix in (".py", ".pyc") or p.name == "__pycache__"]
    assert python == [], f"Python under overrides/: {python}"
