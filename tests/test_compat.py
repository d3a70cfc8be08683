"""The uses of other packages' internals (src/guide/compat.py), and the check of their versions."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import jinja2
import pytest

from guide import compat
from guide.compat import ThemeEnvironments


def test_the_theme_is_compiled_once_though_static_i18n_repeats_its_folder(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text("{{ greeting }}")
    sitemap, theme = str(tmp_path / "sitemap"), str(tmp_path / "theme")
    environments = ThemeEnvironments()
    root = environments.reuse(jinja2.Environment(loader=jinja2.FileSystemLoader([sitemap, theme])))
    compiled = root.get_template("page.html")
    language = jinja2.Environment(loader=jinja2.FileSystemLoader([sitemap, sitemap, theme]))
    language.globals["greeting"] = "Hej"
    kept = environments.reuse(language)
    assert kept is root and kept.get_template("page.html") is compiled
    assert compiled.render() == "Hej"  # the language's globals reach the kept environment
    other = jinja2.Environment(loader=jinja2.FileSystemLoader([theme]))
    assert environments.reuse(other) is other  # other folders: templates of their own


def test_weasyprint_loads_without_running_a_program() -> None:
    """cffi would run ldconfig, gcc and ld for each of the library names that WeasyPrint tries first."""
    script = """
import ctypes.util, subprocess
run = []
class Recorded(subprocess.Popen):
    def __init__(self, args, *rest, **options):
        run.append(args)
        super().__init__(args, *rest, **options)
subprocess.Popen = Recorded
find_library = ctypes.util.find_library
from guide.compat import import_weasyprint
weasyprint = import_weasyprint()
assert len(weasyprint.HTML(string="<p>A page</p>").render().pages) == 1
assert ctypes.util.find_library is find_library, "find_library is ctypes' own again"
print(run)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_package_verified_at_another_version_is_named_and_a_missing_one_is_left_to_its_own_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "VERIFIED", {
        "mkdocs": ("0.1", "the theme's environment"),
        "no-such-package-of-the-guide": ("1.0", "nothing"),
    })
    problems = compat.check_versions()
    assert len(problems) == 1
    assert problems[0].startswith(f"mkdocs is {version('mkdocs')}, the guide was verified with 0.1: "
                                  "re-verify the theme's environment")
