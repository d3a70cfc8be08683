"""Bad content fails the build with a line that names the file and the fix.

Each test breaks one thing in a copy of the real project and builds it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import mkdocs_build

CopyProject = Callable[[], Path]


def build_output(project: Path) -> str:
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0, "the broken copy built without an error"
    return result.stdout + result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_front_matter(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"{key} is not in {path}"
    path.write_text(new, encoding="utf-8")


def test_the_real_site_builds_strict_without_warnings(site_dir: Path) -> None:
    assert (site_dir / "fi" / "tips" / "17" / "index.html").exists()


def test_missing_translation(project_copy: CopyProject) -> None:
    project = project_copy()
    (project / "docs/tips/2.pl.md").unlink()
    assert "docs/tips/2.pl.md: missing; write the Polish version of tips/2.md" in build_output(project)


def test_duplicate_tip_number(project_copy: CopyProject) -> None:
    project = project_copy()
    set_front_matter(project / "docs/tips/3.fi.md", "tip", "2")
    assert "docs/tips/2.fi.md and docs/tips/3.fi.md: tip 2 appears twice in fi" in build_output(project)


def test_tip_number_out_of_range(project_copy: CopyProject) -> None:
    project = project_copy()
    for lang in ("sv", "fi", "pl", "en"):
        tip = project / f"docs/tips/26.{lang}.md"
        shutil.copy(project / f"docs/tips/25.{lang}.md", tip)
        set_front_matter(tip, "tip", "26")
    assert "docs/tips/26.sv.md: tip 26 is out of range; tips are numbered 1 to 25" in build_output(project)


def test_broken_yaml(project_copy: CopyProject) -> None:
    project = project_copy()
    set_front_matter(project / "docs/tips/1.sv.md", "title", '"an unclosed quote')
    output = build_output(project)
    assert "docs/tips/1.sv.md: the front matter is not valid YAML at line" in output


def test_missing_description(project_copy: CopyProject) -> None:
    project = project_copy()
    page = project / "docs/viva/value.en.md"
    page.write_text(re.sub(r"^description:.*\n", "", page.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert "docs/viva/value.en.md: no description; add a 'description:'" in build_output(project)


def test_too_long_description(project_copy: CopyProject) -> None:
    project = project_copy()
    set_front_matter(project / "docs/tips/4.en.md", "description", "A" * 161)
    assert "docs/tips/4.en.md: the description is 161 characters; shorten it to 160 or fewer" in build_output(
        project
    )


def test_unknown_viva_phase(project_copy: CopyProject) -> None:
    project = project_copy()
    set_front_matter(project / "docs/tips/5.fi.md", "viva", "planning")
    assert "docs/tips/5.fi.md: unknown viva phase 'planning'; use one of vision, inquiry, value, action" in (
        build_output(project)
    )


def test_related_tip_that_does_not_exist(project_copy: CopyProject) -> None:
    project = project_copy()
    set_front_matter(project / "docs/tips/6.pl.md", "related", "[3, 99]")
    assert "docs/tips/6.pl.md: related tip 99 does not exist; remove it from 'related'" in build_output(project)


def test_dead_internal_link(project_copy: CopyProject) -> None:
    project = project_copy()
    page = project / "docs/tips/7.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee also [tip 99](99.md).\n", encoding="utf-8")
    output = build_output(project)
    assert "'tips/7.en.md' contains a link '99.md', but the target 'tips/99.md' is not found" in output


def test_file_without_language_suffix(project_copy: CopyProject) -> None:
    project = project_copy()
    shutil.copy(project / "docs/tips/8.en.md", project / "docs/tips/extra.md")
    assert "docs/tips/extra.md: the file name has no language suffix; rename it to tips/extra.<lang>.md" in (
        build_output(project)
    )


def test_page_in_the_wrong_language(project_copy: CopyProject) -> None:
    project = project_copy()
    shutil.copy(project / "docs/feedback/complaints.en.md", project / "docs/feedback/complaints.fi.md")
    assert "docs/feedback/complaints.fi.md: the text reads as English, not Finnish" in build_output(project)


def test_worksheet_fields_differ_between_languages(project_copy: CopyProject) -> None:
    project = project_copy()
    edit(project / "docs/worksheets/complaint-log.pl.md", "lines: 3", "lines: 7")
    assert "docs/worksheets/complaint-log.pl.md: the sections, fields, lines or steps differ" in (
        build_output(project)
    )
