"""`./scripts/guide snippet TIP… --lang L` (guide.cli): tips as email-safe HTML, plain text and Markdown
for a client newsletter.

The command runs in-process (guide.cli.main, as ./scripts/guide calls it) to keep the suite quick,
and once through ./scripts/guide as an editor runs it; what it prints is compared with the content
model the site is built from.
"""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest

from conftest import GUIDE_CONFIG, LANGUAGES, ROOT, SOURCE, load_docs
from guide import cli
from guide.content import Page
from guide.project import Project

SITE_URL = "https://news.example/guide/"  # not mkdocs.yml's default: the command must resolve !ENV [SITE_URL, ...]
FORMATS = ("HTML", "Plain text", "Markdown")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


LOADED: dict[tuple[Path, str | None], Any] = {}  # guide.cli.project's result, read once per project and SITE_URL
READ_PROJECT = cli.project


def read_once(root: Path) -> Any:
    """guide.cli.project, which reads mkdocs.yml and docs/ as the command does, once per copy and SITE_URL:
    the calls of a test module then cost no more than the command's own work."""
    key = (root, os.environ.get("SITE_URL"))
    if key not in LOADED:
        LOADED[key] = READ_PROJECT(root)
    return LOADED[key]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """`guide snippet ARGS` in project, with SITE_URL set (None: not set), as a process would end."""

    def run_snippet(*args: str, project: Path = SOURCE, site_url: str | None = SITE_URL) -> Result:
        monkeypatch.setattr(cli, "ROOT", project)
        monkeypatch.setattr(cli, "project", read_once)
        if site_url is None:
            monkeypatch.delenv("SITE_URL", raising=False)
        else:
            monkeypatch.setenv("SITE_URL", site_url)
        capsys.readouterr()
        code: Any = 0
        try:
            cli.main(["snippet", *args])
        except SystemExit as stop:
            code = stop.code
        out, err = capsys.readouterr()
        if isinstance(code, str):  # SystemExit("message"): Python prints it and exits with 1
            err, code = err + code + "\n", 1
        return Result(code or 0, out, err)

    return run_snippet


@pytest.fixture
def snippets(run: Callable[..., Result]) -> Callable[..., dict[str, str]]:
    def all_formats(*args: str, **options: Any) -> dict[str, str]:
        """The output of --format all, by its "--- HTML ---" style headings."""
        result = run(*args, **options)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        parts = re.split(r"^--- (.+) ---$", result.stdout, flags=re.M)
        assert parts[0] == "", f"output before the first heading: {parts[0]!r}"
        return {name: block.strip() for name, block in zip(parts[1::2], parts[2::2], strict=True)}

    return all_formats


def tip(project: Project, number: int, lang: str) -> Page:
    page = project.site.tip(number, lang)
    assert page is not None
    return page


def html_tree(fmt: str, block: str) -> ET.Element:
    """HTML as it is (the fragment must be well-formed), Markdown as Python-Markdown renders it."""
    html = markdown.markdown(block) if fmt == "Markdown" else block
    return ET.fromstring(f"<div>{html}</div>")


def readable(fmt: str, block: str) -> str:
    """What a reader sees, with whitespace collapsed: no tags, entities or Markdown syntax."""
    text = block if fmt == "Plain text" else "".join(html_tree(fmt, block).itertext())
    return re.sub(r"[ \t\r\n]+", " ", text).strip()  # no-break spaces stay: typography (guide.typography)


def links(fmt: str, block: str) -> list[str]:
    if fmt == "Plain text":
        return re.findall(r"https?://\S+", block)
    return [a.attrib["href"] for a in html_tree(fmt, block).iter("a")]


Snippets = Callable[..., dict[str, str]]
Run = Callable[..., Result]


@pytest.mark.parametrize(("number", "lang"), [(17, "fi"), (4, "sv"), (22, "pl"), (1, "en")])
def test_every_format_has_number_title_lead_and_absolute_link(
    snippets: Snippets, project: Project, number: int, lang: str
) -> None:
    out = snippets(str(number), "--lang", lang)
    assert tuple(out) == FORMATS
    page = tip(project, number, lang)
    for fmt, block in out.items():
        text = readable(fmt, block)
        assert f"{number}. {page.title}" in text, fmt
        assert page.meta["description"] in text, fmt
        found = links(fmt, block)
        assert found, f"{fmt} has no link"
        assert set(found) == {f"{SITE_URL}{lang}/tips/{number}/"}, fmt


def test_one_format_at_a_time(snippets: Snippets, run: Run) -> None:
    everything = snippets("17", "--lang", "fi")
    for option, fmt in zip(("html", "text", "markdown"), FORMATS, strict=True):
        result = run("17", "--lang", "fi", "--format", option)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == everything[fmt]


def test_html_has_only_inline_styles_and_a_table_layout(snippets: Snippets) -> None:
    block = snippets("1", "22", "17", "--lang", "en")["HTML"]  # titles and leads with quotes and apostrophes
    for forbidden in ("<style", "class=", "<link", "<script", "javascript:", "<!--"):
        assert forbidden not in block.lower(), forbidden
    root = html_tree("HTML", block)
    tables = list(root.iter("table"))
    assert len(tables) == 1 + 3, "one layout table and one button table per tip"
    assert all(table.get("role") == "presentation" for table in tables)
    assert [child.tag for child in root] == ["table"], "one block to paste"
    assert root[0].get("lang") == "en"
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        if element.tag in ("h2", "h3", "p", "a", "td"):
            assert element.get("style"), f"<{element.tag}> without an inline style"
    buttons = [td for td in root.iter("td") if td.get("bgcolor")]
    assert len(buttons) == 3, "every tip has a button-like link"
    assert all(button.find("a") is not None for button in buttons)


def test_html_and_markdown_escape_what_a_writer_types(
    snippets: Snippets, project: Project, project_copy: Callable[[], Path], guide_config: Any
) -> None:
    copy = project_copy()
    path = copy / "docs/tips/5.en.md"
    source = path.read_text(encoding="utf-8")
    hostile = {"title": 'Tips <b>&</b> "[tricks]" *now*', "description": "Use <i>this</i> & [that] _today_ \\o/"}
    for key, value in hostile.items():
        line = next(line for line in source.splitlines(keepends=True) if line.startswith(f"{key}: "))
        source = source.replace(line, f"{key}: '{value}'\n")
    path.write_text(source, encoding="utf-8")
    page = load_docs(guide_config, copy / "docs").site.tip(5, "en")  # as typeset: "[tricks]" in curly quotes
    assert page is not None and "<b>&</b>" in page.title and "<i>this</i> & [that] _today_" in page.meta["description"]
    out = snippets("5", "--lang", "en", project=copy)
    assert "<b>" not in out["HTML"] and "<i>" not in out["HTML"]
    assert "[tricks]" not in out["Markdown"] and "<i>" not in out["Markdown"]
    for fmt, block in out.items():
        assert f"5. {page.title}" in readable(fmt, block), fmt
        assert page.meta["description"] in readable(fmt, block), fmt


def test_utm_parameters_on_every_link_url_encoded(snippets: Snippets) -> None:
    campaign = "spring 2026/ä&x=1"
    out = snippets("17", "4", "--lang", "sv", "--utm", campaign)
    for fmt, block in out.items():
        found = links(fmt, block)
        assert len(found) >= 2, fmt
        for url in found:
            parts = urlsplit(url)
            assert f"{parts.scheme}://{parts.netloc}{parts.path}" in (f"{SITE_URL}sv/tips/17/", f"{SITE_URL}sv/tips/4/")
            assert " " not in url and "ä" not in url, f"{url} is not URL-encoded"
            assert parse_qs(parts.query, strict_parsing=True) == {
                "utm_source": ["newsletter"],
                "utm_medium": ["email"],
                "utm_campaign": [campaign],
            }, url


@pytest.mark.parametrize(
    ("lang", "numbers"),
    [("sv", [17, 4, 22]), ("fi", [17, 4, 22]), ("pl", [17, 4, 22]), ("en", [17, 4, 22]), ("pl", [5, 3, 1, 2, 4]),
     ("fi", [-1, -2]), ("sv", [9, 8, 7, 6, 5, 4, 3]), ("pl", [-1, 1])],
)
def test_several_tips_under_the_languages_heading_in_order(
    snippets: Snippets, project: Project, lang: str, numbers: list[int]
) -> None:
    """The heading for so many tips from the language's UI strings (tips_this_month), or its 'other'."""
    numbers = [project.site.tip_numbers[n] if n < 0 else n for n in numbers]  # -1: the last tip
    headings = project.ui[lang]["tips_this_month"]
    heading = headings.get(len(numbers), headings["other"])
    read_tip = project.ui[lang]["read_tip"]
    out = snippets(*map(str, numbers), "--lang", lang)
    for fmt, block in out.items():
        text = readable(fmt, block)
        assert text.startswith(heading), fmt
        positions = [text.index(f"{n}. {tip(project, n, lang).title}") for n in numbers]
        assert positions == sorted(positions), f"{fmt}: the tips are not in the order given"
        assert text.count(read_tip) == len(numbers), fmt
        assert [urlsplit(url).path.split("/")[-2] for url in dict.fromkeys(links(fmt, block))] == [
            str(n) for n in numbers
        ]


def test_the_headings_are_the_languages_own() -> None:
    """The UI strings above: every language has its own heading for each number, and they differ."""
    headings = [tuple(sorted(map(str, GUIDE_CONFIG.languages[lang]["ui"]["tips_this_month"].values())))
                for lang in LANGUAGES]
    assert len(set(headings)) == len(LANGUAGES)


def test_one_tip_has_no_heading(snippets: Snippets, project: Project) -> None:
    out = snippets("17", "--lang", "en")
    for fmt, block in out.items():
        assert readable(fmt, block).startswith(f"17. {tip(project, 17, 'en').title}"), fmt


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_lead_to_the_tip_in_the_built_site(
    snippets: Snippets, project: Project, lang: str, site_dir: Path, base_url: str
) -> None:
    numbers = project.site.tip_numbers
    text = snippets(*map(str, numbers), "--lang", lang, site_url=base_url)["Plain text"]
    urls = links("Plain text", text)
    assert len(urls) == project.site.tip_count
    for number, url in zip(numbers, urls, strict=True):
        built = site_dir / url.removeprefix(base_url) / "index.html"
        assert built.exists(), f"{url} is not a page of the site"
        assert f"{number}. {tip(project, number, lang).title}" in unescape(built.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["{after}", "--lang", "fi"], 1, "'{after}' is not a tip; tips are numbered 1 to {count}"),
        (["0", "--lang", "fi"], 1, "'0' is not a tip; tips are numbered 1 to {count}"),
        (["17", "x", "--lang", "fi"], 1, "'x' is not a tip; tips are numbered 1 to {count}"),
        (["17", "--lang", "de"], 1, "language 'de' is not in the guide; use one of {languages}"),
        (["17", "4", "17", "--lang", "fi"], 1, "tip 17 is listed twice; list each tip once"),
        (["17", "--lang", "fi", "--utm", " "], 1, "--utm needs a campaign name"),
        (["17", "--lang", "fi", "--format", "pdf"], 2,
         "guide snippet: error: argument --format: invalid choice: 'pdf'"),
        (["17"], 2, "guide snippet: error: the following arguments are required: --lang"),
    ],
)
def test_bad_arguments_exit_with_one_line(run: Run, project: Project, args: list[str], code: int, message: str) -> None:
    """Usage errors exit 2 (argparse); a tip or language the guide does not have exits 1."""
    values = {"after": project.site.tip_count + 1, "count": project.site.tip_count, "languages": ", ".join(LANGUAGES)}
    result = run(*(arg.format(**values) for arg in args))
    assert (result.returncode, result.stdout) == (code, "")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message.format(**values)), result.stderr


def test_without_site_url_it_refuses_to_print_relative_links(run: Run) -> None:
    result = run("17", "--lang", "fi", site_url=None)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("SITE_URL is not set: a newsletter's links need the site's address")


def test_the_command_as_an_editor_runs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """./scripts/guide snippet, a real process in the working tree: its output, and an error as one line
    with exit 1."""
    env = {**os.environ, "SITE_URL": SITE_URL}
    monkeypatch.setenv("SITE_URL", SITE_URL)
    project = cli.project(ROOT)[2]  # the working tree's content, which the command reads
    command = [str(ROOT / "scripts" / "guide"), "snippet"]
    done = subprocess.run([*command, "17", "--lang", "fi", "--format", "text"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    page = tip(project, 17, "fi")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"17. {page.title}\n{page.meta['description']}\n"
                           f"{project.ui['fi']['read_tip']}: {SITE_URL}fi/tips/17/\n")
    failed = subprocess.run([*command, "0", "--lang", "fi"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert (failed.returncode, failed.stdout) == (1, "")
    assert failed.stderr == f"'0' is not a tip; tips are numbered 1 to {project.site.tip_count}\n"
