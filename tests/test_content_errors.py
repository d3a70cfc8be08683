"""A mistake stops `mkdocs build` with one message of one line per problem, naming the file and the fix,
and never a traceback: one real build per class of error, in a copy of the project.

Each kind of content mistake is tested in-process, without a build, in test_content_checks.py. The
site class of error that the guide's plugin finds (a published URL that is gone, a worksheet too long
for its PDF) is built in test_published_urls.py, where the same copy is then fixed and built again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import LANGUAGES, mkdocs_build

CopyProject = Callable[[], Path]


def failed_build(project: Path) -> str:
    """The output of a build that must fail: one clear message, no traceback."""
    result = mkdocs_build(project, project / "site", "https://guide.example/")
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the broken copy built without an error"
    assert "Traceback" not in output, output[-3000:]
    return output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problem_block(output: str, what: str) -> list[str]:
    """The lines of the build's "<what> has N problem(s):" message, checked against its count."""
    match = re.search(rf"{re.escape(what)} has (\d+) problem\(s\):\n((?:  .*\n?)*)", output)
    assert match, f"no '{what} has N problem(s)' message in:\n{output[-3000:]}"
    lines = [line.strip() for line in match.group(2).splitlines()]
    assert len(lines) == int(match.group(1)), lines
    return lines


def test_the_real_site_builds_strict_without_warnings(site_dir: Path) -> None:
    assert (site_dir / LANGUAGES[1] / "tips" / "17" / "index.html").exists()


def test_a_config_error_fails_at_config_time_naming_the_language_and_key(project_copy: CopyProject) -> None:
    """Deleting a UI string once built a button without a label; now it stops the build."""
    project = project_copy()
    lang = LANGUAGES[1]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = text.index(f"\n        {lang}:\n", text.index("- guide:"))
    line = re.compile(r"\n            checklist_clear: .*")
    match = line.search(text, block)
    assert match, f"no checklist_clear for {lang} in mkdocs.yml"
    config.write_text(text[: match.start()] + text[match.end() :], encoding="utf-8")
    output = failed_build(project)
    assert problem_block(output, "The configuration") == [
        f"mkdocs.yml: plugins.guide.languages.{lang}.ui.checklist_clear: Required configuration not provided."
    ]
    assert not (project / "site" / lang).exists(), "pages were built before the config was checked"


def test_content_errors_are_listed_together_before_a_page_is_built(project_copy: CopyProject) -> None:
    project = project_copy()
    (project / "docs/tips/2.pl.md").unlink()
    edit(project / "docs/about.en.md", "\ndescription:", "\nsummary:")
    output = failed_build(project)
    present = ", ".join(lang for lang in LANGUAGES if lang != "pl")
    assert problem_block(output, "The content") == [
        f"docs/tips/2.pl.md: missing; write the pl version of tips/2.md (it exists in {present})",
        "docs/about.en.md: no description; add a 'description:' of at most 160 characters",
    ]
    assert not (project / "site" / "en").exists(), "pages were built before the content was checked"


def test_a_dead_link_stops_the_build_with_mkdocs_own_line(project_copy: CopyProject,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Strict MkDocs stops at a link to a page that does not exist, before the whole-site steps."""
    monkeypatch.setenv("GUIDE_LANGUAGE", "pl")  # MkDocs checks each language's links the same way
    project = project_copy()
    tip = project / "docs/tips/7.pl.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\nZobacz też [wskazówkę 99](99.md).\n", encoding="utf-8")
    output = failed_build(project)
    warnings = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == ["WARNING -  Doc file 'tips/7.pl.md' contains a link '99.md', but the target 'tips/99.md' "
                        "is not found among documentation files."], output[-3000:]
    assert "Aborted with 1 warnings in strict mode!" in output
