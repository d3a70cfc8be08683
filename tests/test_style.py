"""Issue 12: the build enforces each language's style sheet (styles/<lang>.yml), the names of pages and
the typography, in the pages, the worksheet PDFs and the newsletter snippets alike; and
./scripts/translations tells which translations may be behind.

The rules are checked in-process on the content model of a copy (load_project); one build of a
copy shows the typography where a reader meets it.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from mkdocs.config import load_config
from pypdf import PdfReader

from conftest import LANGUAGES, ROOT, mkdocs_build, own_cache
from guide.cache import DiskCache
from guide.content import Page
from guide.project import Project, load_project
from guide.typography import NBSP
from local_site import copy_project

BASE = "http://127.0.0.1:8766/"
VENV_BIN = ROOT / ".venv" / "bin"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": BASE}


def model(project: Path) -> Project:
    guide = load_config(str(project / "mkdocs.yml")).plugins["guide"].config
    return load_project(guide, project / "docs", DiskCache(project / guide.cache_dir))


@pytest.fixture(scope="module")
def repo_model() -> Project:
    return model(ROOT)


def append(path: Path, text: str) -> int:
    """Add a line at the end of a page; the line's number in the file."""
    body = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{body}\n\n{text}\n", encoding="utf-8")
    return body.count("\n") + 3


def set_field(path: Path, key: str, value: str, indent: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^({indent}){key}:.*$", lambda m: f"{m.group(1)}{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"{key} is not in {path}"
    path.write_text(new, encoding="utf-8")


def some_tip(project: Project, lang: str) -> Page:
    tip = project.site.tip(2, lang)
    assert tip is not None
    return tip


# --- terms and names, in-process ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_forbidden_term_is_refused_naming_file_line_and_preferred_form(repo_model: Project, tmp_path: Path,
                                                                          lang: str) -> None:
    sheet = repo_model.sheets[lang]
    term = next((t for t in sheet.terms if t.avoid), None)
    assert term is not None, f"{sheet.path} forbids no variant of any term"
    project = copy_project(tmp_path / "project")
    page = some_tip(repo_model, lang)
    line = append(project / page.name, f"{term.avoid[0]}.")
    problems = model(project).problems
    expected = f"{page.name}:{line}: '{term.avoid[0]}' is not this guide's word; write '{term.use}' ({sheet.path})"
    assert problems == [expected]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_worksheet_named_by_a_title_it_does_not_have_is_refused(repo_model: Project, tmp_path: Path,
                                                                   lang: str) -> None:
    page = some_tip(repo_model, lang)
    worksheet = repo_model.site.page(f"worksheets/{page.meta['worksheet']}.md", lang)
    assert worksheet is not None
    project = copy_project(tmp_path / "project")
    wrong = f"Qwerty {worksheet.title}"
    line = append(project / page.name, f"x [{wrong}](../worksheets/{worksheet.stem}.md) x")
    assert model(project).problems == [
        f"{page.name}:{line}: '{wrong}' is not the title of worksheet {worksheet.stem}; write [](…) to show its "
        f"title '{worksheet.title}', or lower-case text"
    ]
    # Its real title, an empty link (which shows the title) and lower-case text are all fine.
    append(project / page.name, f"x [{worksheet.title}](../worksheets/{worksheet.stem}.md) x")
    append(project / page.name, f"x [](../worksheets/{worksheet.stem}.md) x")
    text = (project / page.name).read_text(encoding="utf-8").replace(f"[{wrong}]", "[qwerty]")
    (project / page.name).write_text(text, encoding="utf-8")
    assert model(project).problems == []


# --- typography, where a reader sees it -----------------------------------------------------------

QUOTED = 'Qz "Qx" i Qy'  # a straight quote, and the Polish one-letter word 'i' before a word


@dataclass
class Typeset:
    project: Path
    site_dir: Path
    model: Project
    worksheet: str  # the worksheet whose first field is labelled QUOTED

    def expected(self, lang: str) -> str:
        rules = self.model.sheets[lang].typography
        space = NBSP if "i" in rules.single_letter_words else " "
        return f"Qz {rules.quotes[0]}Qx{rules.quotes[1]} i{space}Qy"


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> Typeset:
    """One build of a copy where tip 2's title and the first field of its worksheet are QUOTED."""
    project = copy_project(tmp_path_factory.mktemp("typography") / "project")
    before = model(project)
    worksheet = some_tip(before, LANGUAGES[0]).meta["worksheet"]
    for lang in LANGUAGES:
        set_field(project / some_tip(before, lang).name, "title", f"'{QUOTED}'")
        set_field(project / f"docs/worksheets/{worksheet}.{lang}.md", "- label", f"'{QUOTED}'", indent=r"[ \t]+")
    after = model(project)
    assert after.problems == [], after.problems
    result = mkdocs_build(project, project / "site", BASE)
    if result.returncode:
        pytest.fail(f"the build failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return Typeset(project, project / "site", after, worksheet)


def test_the_languages_have_their_own_marks(typeset: Typeset) -> None:
    """Not a vacuous test: every language turns '"' into other marks, and Polish binds its one-letter words."""
    for lang in LANGUAGES:
        assert '"' not in typeset.model.sheets[lang].typography.quotes
    assert any(NBSP in typeset.expected(lang) for lang in LANGUAGES), "no language binds one-letter words"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quotes_and_no_break_spaces_in_the_page(typeset: Typeset, lang: str) -> None:
    tip = unescape((typeset.site_dir / lang / "tips/2/index.html").read_text(encoding="utf-8"))
    assert f"2. {typeset.expected(lang)}" in tip.split("<article", 1)[1], "not in the tip's heading"
    assert QUOTED not in tip
    worksheet = unescape((typeset.site_dir / lang / f"worksheets/{typeset.worksheet}/index.html").read_text("utf-8"))
    assert typeset.expected(lang) in worksheet.split("<article", 1)[1]
    assert QUOTED not in worksheet


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quotes_and_no_break_spaces_in_the_worksheet_pdf(typeset: Typeset, lang: str) -> None:
    pdf = typeset.site_dir / lang / f"worksheets/{typeset.worksheet}/{typeset.worksheet}.pdf"
    assert pdf.is_file(), f"no {pdf}"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    expected = typeset.expected(lang)
    # pdftotext writes a no-break space as a space; pypdf reads the font's own map, which keeps it.
    assert expected.replace(NBSP, " ") in text, f"{expected!r} is not in {pdf.name}:\n{text[:1500]}"
    assert expected in "".join(page.extract_text() for page in PdfReader(pdf).pages), f"{expected!r} not in {pdf}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quotes_and_no_break_spaces_in_the_snippet(typeset: Typeset, lang: str) -> None:
    result = subprocess.run([str(VENV_BIN / "guide"), "snippet", "2", "--lang", lang, "--format", "text"],
                            cwd=typeset.project, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"2. {typeset.expected(lang)}\n"), result.stdout


# --- translation status ---------------------------------------------------------------------------


def test_translations_works_on_the_repository() -> None:
    result = subprocess.run([str(ROOT / "scripts/translations")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGUAGES:
        assert re.search(rf"^{lang}: \d+ missing, \d+ may be behind$", result.stdout, re.M), result.stdout


def git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    return subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True).stdout


def translations(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    return subprocess.run([str(VENV_BIN / "guide"), "translations", *args], cwd=project, env=env,
                          capture_output=True, text=True)


def behind(output: str) -> list[str]:
    return re.findall(r"^  behind   (\S+)  \(changed since: (\S+)\)$", output, re.M)


def test_an_edited_translation_lists_the_others_as_behind_until_checked(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    own_cache(project, "pdf", "card")  # the shared cache is not part of the history
    (project / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    git(project, "init", "--quiet")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "The guide")
    first = translations(project)
    assert first.returncode == 0, first.stderr
    assert behind(first.stdout) == [], first.stdout

    edited, *others = LANGUAGES
    page = f"docs/tips/3.{edited}.md"
    append(project / page, "Qz.")
    git(project, "commit", "--quiet", "-am", f"Edit {page}")
    result = translations(project)
    assert result.returncode == 0, result.stderr
    assert sorted(behind(result.stdout)) == sorted((f"docs/tips/3.{lang}.md", page) for lang in others), result.stdout
    for lang in others:
        assert re.search(rf"^{lang}: \d+ missing, 1 may be behind$", result.stdout, re.M), result.stdout
    assert "--check" in result.stdout

    checked = translations(project, "--check", *(f"docs/tips/3.{lang}.md" for lang in others))
    assert checked.returncode == 0, checked.stderr
    assert git(project, "status", "--porcelain") == "", "marking checked changed a file"
    cleared = translations(project)
    assert behind(cleared.stdout) == [], cleared.stdout
    assert all(f"{lang}: 0 missing, 0 may be behind" in cleared.stdout for lang in LANGUAGES), cleared.stdout
