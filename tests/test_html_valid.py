"""Every built HTML file is valid HTML for the Nu Html Checker (vnu.jar from npm's vnu-jar), in one run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from local_site import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = '<!doctype html><html lang="en"><title>x</title><p><span></p>'

# Errors in Material's own markup that only a fork of its templates could avoid, each
# matched by its message and a piece of the element it is about (vnu's "extract").
MATERIAL = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off", which
    # keeps Firefox from reopening them when it restores a page; not in a template block.
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle" data-md-toggle='),
    # partials/nav-item.html: a section's label in the drawer gets tabindex="" to stay out of
    # the tab order; browsers ignore the empty value, which is what Material means.
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    # partials/toc.html: the table of contents' title points at the navigation's __toc
    # checkbox, which nav-item.html writes only for a page that is a leaf of the navigation
    # (not for a section's index page, a blog post or a blog category).
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     'for="__toc"'),
]


def is_materials(message: dict[str, str]) -> bool:
    return any(message["message"].startswith(start) and part in message.get("extract", "")
               for start, part in MATERIAL)


def test_every_page_is_valid_html(site_dir: Path, tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (./scripts/setup test)", pytrace=False)
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run ./scripts/setup test", pytrace=False)
    pages = sorted(site_dir.rglob("*.html"))
    # A page with a known error goes along, to show that the checker read the files.
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN)
    # The quick compiler only (-XX:TieredStopAtLevel=1): the checker runs for seconds, too short for the
    # optimising one to pay off, so it takes half the CPU; its frames need a larger stack (-Xss16m).
    result = subprocess.run(
        ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--format", "json", "--errors-only",
         "--stdout", str(broken), *map(str, pages)],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stdout)["messages"]
    assert any(message.get("url", "").endswith("/broken.html") for message in messages), result.stdout[:2000]
    errors = [
        f"{message.get('url', '').split(str(site_dir))[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if not message.get("url", "").endswith("/broken.html") and not is_materials(message)
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:50])
