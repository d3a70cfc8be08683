"""The uses of Material's, MkDocs' and static-i18n's internals (src/guide/compat.py), in-process."""

from __future__ import annotations

from pathlib import Path

import jinja2

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
