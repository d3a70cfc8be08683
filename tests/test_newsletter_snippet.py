"""scripts/newsletter_snippet.py: tips as email-safe HTML, plain text and Markdown for a client newsletter.

The script runs as a subprocess, as an editor runs it; what it prints is compared
with the content model the site is built from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest

import content_model
from conftest import LANGUAGES, ROOT

SITE_URL = "https://news.example/guide/"  # not mkdocs.yml's default: the script must resolve !ENV [SITE_URL, ...]
SITE = content_model.load(ROOT / "docs")
FORMATS = ("HTML", "Plain text", "Markdown")


def run(*args: str, project: Path = ROOT, site_url: str = SITE_URL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "newsletter_snippet.py"), *args],
        cwd=project,
        env={**os.environ, "SITE_URL": site_url},
        capture_output=True,
        text=True,
    )


def snippets(*args: str, project: Path = ROOT, site_url: str = SITE_URL) -> dict[str, str]:
    """The output of --format all, by its "--- HTML ---" style headings."""
    result = run(*args, project=project, site_url=site_url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    parts = re.split(r"^--- (.+) ---$", result.stdout, flags=re.M)
    assert parts[0] == "", f"output before the first heading: {parts[0]!r}"
    return {name: block.strip() for name, block in zip(parts[1::2], parts[2::2], strict=True)}


def html_tree(fmt: str, block: str) -> ET.Element:
    """HTML as it is (the fragment must be well-formed), Markdown as Python-Markdown renders it."""
    html = markdown.markdown(block) if fmt == "Markdown" else block
    return ET.fromstring(f"<div>{html}</div>")


def readable(fmt: str, block: str) -> str:
    """What a reader sees, with whitespace collapsed: no tags, entities or Markdown syntax."""
    text = block if fmt == "Plain text" else "".join(html_tree(fmt, block).itertext())
    return " ".join(text.split())


def links(fmt: str, block: str) -> list[str]:
    if fmt == "Plain text":
        return re.findall(r"https?://\S+", block)
    return [a.attrib["href"] for a in html_tree(fmt, block).iter("a")]


def tip(number: int, lang: str) -> content_model.Page:
    page = SITE.tip(number, lang)
    assert page is not None
    return page


@pytest.mark.parametrize(("number", "lang"), [(17, "fi"), (4, "sv"), (22, "pl"), (1, "en")])
def test_every_format_has_number_title_lead_and_absolute_link(number: int, lang: str) -> None:
    out = snippets(str(number), "--lang", lang)
    assert tuple(out) == FORMATS
    page = tip(number, lang)
    for fmt, block in out.items():
        text = readable(fmt, block)
        assert f"{number}. {page.meta['title']}" in text, fmt
        assert page.meta["description"] in text, fmt
        found = links(fmt, block)
        assert found, f"{fmt} has no link"
        assert set(found) == {f"{SITE_URL}{lang}/tips/{number}/"}, fmt


def test_one_format_at_a_time() -> None:
    everything = snippets("17", "--lang", "fi")
    for option, fmt in zip(("html", "text", "markdown"), FORMATS, strict=True):
        result = run("17", "--lang", "fi", "--format", option)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == everything[fmt]


def test_html_has_only_inline_styles_and_a_table_layout() -> None:
    block = snippets("1", "22", "17", "--lang", "en")["HTML"]  # titles and leads with quotes and apostrophes
    for forbidden in ("<style", "class=", "<link", "<script", "javascript:", "<!--"):
        assert forbidden not in block.lower(), forbidden
    root = html_tree("HTML", block)
    tables = list(root.iter("table"))
    assert len(tables) == 1 + 3, "one layout table and one button table per tip"
    assert all(table.get("role") == "presentation" for table in tables)
    assert [child.tag for child in root] == ["table"], "one block to paste"
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        if element.tag in ("h2", "h3", "p", "a", "td"):
            assert element.get("style"), f"<{element.tag}> without an inline style"
    buttons = [td for td in root.iter("td") if td.get("bgcolor")]
    assert len(buttons) == 3, "every tip has a button-like link"
    assert all(button.find("a") is not None for button in buttons)


def test_html_and_markdown_escape_what_a_writer_types(project_copy: Callable[[], Path]) -> None:
    project = project_copy()
    shutil.copytree(ROOT / "scripts", project / "scripts")
    path = project / "docs/tips/5.en.md"
    source = path.read_text(encoding="utf-8")
    hostile = {"title": 'Tips <b>&</b> "[tricks]" *now*', "description": "Use <i>this</i> & [that] _today_ \\o/"}
    for key, value in hostile.items():
        line = f"{key}: {tip(5, 'en').meta[key]}\n"
        assert line in source
        source = source.replace(line, f"{key}: '{value}'\n")
    path.write_text(source, encoding="utf-8")
    out = snippets("5", "--lang", "en", project=project)
    assert "<b>" not in out["HTML"] and "<i>" not in out["HTML"]
    assert "[tricks]" not in out["Markdown"] and "<i>" not in out["Markdown"]
    for fmt, block in out.items():
        assert f"5. {hostile['title']}" in readable(fmt, block), fmt
        assert hostile["description"] in readable(fmt, block), fmt


def test_utm_parameters_on_every_link_url_encoded() -> None:
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
    ("lang", "numbers", "heading", "read_tip"),
    [
        ("sv", [17, 4, 22], "Tre tips den här månaden", "Läs tipset"),
        ("fi", [17, 4, 22], "Kolme vinkkiä tälle kuukaudelle", "Lue vinkki"),
        ("pl", [17, 4, 22], "Trzy wskazówki na ten miesiąc", "Przeczytaj wskazówkę"),
        ("en", [17, 4, 22], "Three tips for this month", "Read the tip"),
        ("pl", [5, 3, 1, 2, 4], "Pięć wskazówek na ten miesiąc", "Przeczytaj wskazówkę"),
        ("fi", [25, 24], "Kaksi vinkkiä tälle kuukaudelle", "Lue vinkki"),
        ("sv", [9, 8, 7, 6, 5, 4, 3], "Månadens tips", "Läs tipset"),
    ],
)
def test_several_tips_under_a_localized_heading_in_order(
    lang: str, numbers: list[int], heading: str, read_tip: str
) -> None:
    out = snippets(*map(str, numbers), "--lang", lang)
    for fmt, block in out.items():
        text = readable(fmt, block)
        assert text.startswith(heading), fmt
        positions = [text.index(f"{n}. {tip(n, lang).meta['title']}") for n in numbers]
        assert positions == sorted(positions), f"{fmt}: the tips are not in the order given"
        assert text.count(read_tip) == len(numbers), fmt
        assert [urlsplit(url).path.split("/")[-2] for url in dict.fromkeys(links(fmt, block))] == [
            str(n) for n in numbers
        ]


def test_one_tip_has_no_heading() -> None:
    out = snippets("17", "--lang", "en")
    for fmt, block in out.items():
        assert readable(fmt, block).startswith(f"17. {tip(17, 'en').meta['title']}"), fmt


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_lead_to_the_tip_in_the_built_site(lang: str, site_dir: Path, base_url: str) -> None:
    numbers = range(1, content_model.TIP_COUNT + 1)
    text = snippets(*map(str, numbers), "--lang", lang, site_url=base_url)["Plain text"]
    urls = links("Plain text", text)
    assert len(urls) == content_model.TIP_COUNT
    for number, url in zip(numbers, urls, strict=True):
        built = site_dir / url.removeprefix(base_url) / "index.html"
        assert built.exists(), f"{url} is not a page of the site"
        assert f"{number}. {tip(number, lang).meta['title']}" in unescape(built.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["26", "--lang", "fi"], "tip 26 does not exist; tips are numbered 1 to 25"),
        (["0", "--lang", "fi"], "tip 0 does not exist; tips are numbered 1 to 25"),
        (["17", "x", "--lang", "fi"], "'x' is not a tip number; tips are numbered 1 to 25"),
        (["17", "--lang", "de"], "language 'de' is not in the guide; use one of sv, fi, pl, en"),
        (["17", "--lang", "fi", "--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["17", "4", "17", "--lang", "fi"], "tip 17 is listed twice"),
        (["17"], "the following arguments are required: --lang"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("newsletter_snippet.py: error: ")
    assert message in result.stderr
