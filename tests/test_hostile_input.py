"""Issue 13: careless and hostile input is escaped everywhere, refused in one clear line, never a
traceback, never a dead end. One test per numbered defect of the issue, then a property-based test
of the content model (Hypothesis) and an XSS test of the built site in Chromium.

Content checks run in-process on a copy (load_project); a build runs where only a build can show
the defect, restricted to one language (GUIDE_LANGUAGE) where that is enough.
"""

from __future__ import annotations

import codecs
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page

from conftest import LANGUAGES, ROOT, steady_port
from guide.cache import DiskCache
from guide.content import ContentError
from guide.project import Project, load_project
from guide.urls import read_redirects
from local_site import copy_project, free_port, serve

VENV_BIN = ROOT / ".venv" / "bin"
BASE = "http://127.0.0.1:8767/"


def env(**extra: str | None) -> dict[str, str]:
    values = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": BASE, **extra}
    return {key: value for key, value in values.items() if value is not None}


def build(project: Path, *flags: str, **extra: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site"), *flags],
                          cwd=project, env=env(**extra), capture_output=True, text=True)


def guide(project: Path, *args: str, **extra: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "guide"), *args], cwd=project, env=env(**extra), capture_output=True,
                          text=True)


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("ERROR")]


def guide_config(project: Path) -> Any:
    return load_config(str(project / "mkdocs.yml")).plugins["guide"].config


def model(project: Path) -> Project:
    config = guide_config(project)
    return load_project(config, project / "docs", DiskCache(project / config.cache_dir))


@pytest.fixture(scope="module")
def repo() -> Project:
    loaded = model(ROOT)
    assert loaded.problems == [], loaded.problems
    return loaded


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def write_front_matter(path: Path, meta: dict[str, Any], body: str) -> None:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{head}---\n{body}", encoding="utf-8")


def set_field(path: Path, key: str, value: Any) -> None:
    meta, body = front_matter(path)
    meta[key] = value
    write_front_matter(path, meta, body)


# --- 1. front-matter text is escaped wherever it is printed: see the XSS build below --------------
# --- 2. SITE_URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", ["", None, "relative/path/", "ftp://guide.example.com/"],
                         ids=["empty", "unset", "relative", "not-http"])
def test_a_build_without_a_valid_site_url_is_refused_in_one_line(copy: Path, site_url: str | None) -> None:
    result = build(copy, SITE_URL=site_url)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"built with SITE_URL={site_url!r}"
    assert "Traceback" not in output, output
    assert len(errors(output)) == 1, output
    assert "site_url" in output.lower(), output
    assert not (copy / "site" / "sitemap.xml").exists()


def test_serve_works_without_site_url(copy: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"], cwd=copy,
        env=env(SITE_URL=None, GUIDE_LANGUAGE=LANGUAGES[-1]), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 240, ""
        while time.monotonic() < deadline and process.poll() is None and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{LANGUAGES[-1]}/tips/1/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(1)
        assert process.poll() is None, f"mkdocs serve stopped:\n{process.stdout.read() if process.stdout else ''}"
        assert "<article" in page, "mkdocs serve did not serve tip 1"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


# --- 3. and 4. encodings --------------------------------------------------------------------------

ENCODINGS = {"utf-16": lambda text: text.encode("utf-16"), "latin-1": lambda text: text.encode("latin-1", "replace")}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("file", ["docs/tips/3.fi.md", "styles/sv.yml", "redirects.yml"])
def test_a_file_that_is_not_utf8_is_named_in_one_line(copy: Path, file: str, encoding: str) -> None:
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert re.search(r"[^\x00-\x7f]", text) or encoding == "utf-16" or file == "redirects.yml"
    path.write_bytes(ENCODINGS[encoding](text + "\n# åäö\n" if file.endswith(".yml") else text.replace("a", "ä", 1)))
    name = file.removeprefix("docs/") if file.startswith("docs/") else file
    expected = f"{'docs/' if file.startswith('docs/') else ''}{name} is not UTF-8 text: save it as UTF-8"
    if file == "redirects.yml":
        with pytest.raises(ContentError) as error:
            read_redirects(path, LANGUAGES)
        assert str(error.value) == expected
    else:
        assert model(copy).problems == [expected]


def test_a_file_that_is_not_utf8_fails_the_build_and_the_snippet_in_one_line(copy: Path) -> None:
    tip = copy / "docs/tips/3.fi.md"
    tip.write_bytes(tip.read_text(encoding="utf-8").encode("utf-16"))
    expected = "docs/tips/3.fi.md is not UTF-8 text: save it as UTF-8"
    result = build(copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert len(errors(output)) == 1 and expected in output, output
    snippet = guide(copy, "snippet", "3", "--lang", "fi")
    assert snippet.returncode != 0 and "Traceback" not in snippet.stderr, snippet.stderr
    assert expected in snippet.stderr


@pytest.mark.parametrize("file", ["docs/tips/3.fi.md", "docs/worksheets/complaint-log.pl.md", "styles/fi.yml"])
def test_a_byte_order_mark_is_accepted(copy: Path, repo: Project, file: str) -> None:
    path = copy / file
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    loaded = model(copy)
    assert loaded.problems == []
    for page in repo.site.pages:
        assert loaded.site.page(page.key, page.lang).meta == page.meta  # type: ignore[union-attr]


# --- 5. errors name the file that differs, one line per broken file -------------------------------


def test_a_duplicate_related_tip_is_blamed_on_its_file_only(copy: Path, repo: Project) -> None:
    lang = LANGUAGES[0]
    tip = repo.site.tip(4, lang)
    assert tip is not None
    other = next(n for n in repo.site.tip_numbers if n != 4)
    set_field(copy / tip.name, "related", [other, other])
    problems = model(copy).problems
    assert problems, "a duplicate in 'related' was accepted"
    assert all(problem.startswith(f"{tip.name}: ") for problem in problems), problems
    assert f"{tip.name}: {other} is in 'related' 2 times; list it once" in problems


def test_one_yaml_error_is_one_line(copy: Path, repo: Project) -> None:
    tip = repo.site.tip(4, LANGUAGES[0])
    assert tip is not None
    path = copy / tip.name
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle: [unclosed\nx:", 1),
                    encoding="utf-8")
    problems = model(copy).problems
    assert len(problems) == 1 and problems[0].startswith(f"{tip.name}: the front matter is not valid YAML at line ")


@pytest.mark.parametrize("title", ["   ", "\t", "\u00a0\u2003"])
def test_a_whitespace_title_is_refused(copy: Path, repo: Project, title: str) -> None:
    tip = repo.site.tip(5, LANGUAGES[-1])
    assert tip is not None
    set_field(copy / tip.name, "title", title)
    assert model(copy).problems == [f"{tip.name}: no title; add a 'title:' to the front matter"]


# --- 6. strict whatever the flags -----------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-q", "-v"])
def test_a_dead_link_fails_the_build_with_quiet_or_verbose(copy: Path, flag: str) -> None:
    lang = LANGUAGES[-1]
    tip = copy / f"docs/tips/7.{lang}.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\n[tip 99](99.md)\n", encoding="utf-8")
    result = build(copy, flag, GUIDE_LANGUAGE=lang)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"mkdocs build {flag} shipped a dead link:\n{output[-3000:]}"
    assert "Traceback" not in output
    assert "99.md" in output or "warning" in output.lower(), output[-3000:]


# --- 7. browser storage ---------------------------------------------------------------------------

STORED = ["{}", "garbage{", '"a string"', "42", "[1, 2]", '[null, {"a": 1}]', '{"length": 3}', "true"]


@pytest.mark.browser
def test_unexpected_checklist_storage_is_dropped_and_the_page_works(server: str, page: Page) -> None:
    lang = LANGUAGES[1]
    url = f"{server}{lang}/tips/15/"
    key = f"guide.checklist:/{lang}/tips/15/"
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(url)
    for stored in STORED:
        page.evaluate("([key, value]) => { localStorage.setItem(key, value);"
                      " localStorage.setItem('guide.checklists.print-ticks', value) }", [key, stored])
        page.reload()
        page.wait_for_load_state("load")
        boxes = page.locator("article .task-list-item input[type=checkbox]")
        assert boxes.count() >= 3
        assert page.locator("article .task-list-item input[type=checkbox]:disabled").count() == 0, stored
        assert page.locator("article .guide-checklist-controls").count() >= 1, f"the controls vanished ({stored})"
        assert boxes.evaluate_all("boxes => boxes.filter(box => box.checked).length") == 0, stored
        assert page.evaluate("key => localStorage.getItem(key)", key) is None, f"{stored} was kept"
        boxes.first.focus()
        page.keyboard.press("Space")  # Material draws the box over the input: tick it as a keyboard user does
        saved = json.loads(page.evaluate("key => localStorage.getItem(key)", key))
        assert isinstance(saved, list) and len(saved) == 1 and isinstance(saved[0], str), saved
    assert page_errors == [], page_errors


# --- 8. the URL policy has a way out of every error -----------------------------------------------


def redirects_problem(path: Path) -> str | None:
    try:
        read_redirects(path, LANGUAGES)
    except ContentError as error:
        return str(error)
    return None


def test_every_redirects_error_names_a_fix_that_works(tmp_path: Path, repo: Project) -> None:
    path = tmp_path / "redirects.yml"
    page = "tips/1/"
    cases = {
        "loop": (f"tips/old/: {page}\n{page}: tips/old/\n", "go round in a circle",
                 f"tips/old/: {page}\n"),  # remove the one that leads away from the page that exists
        "chain": (f"tips/a/: tips/b/\ntips/b/: {page}\n", f"lead it straight to '{page}'",
                  f"tips/a/: {page}\ntips/b/: {page}\n"),
        "duplicate": (f"tips/a/: {page}\ntips/a/: tips/2/\n", "is listed twice (first at line 1); keep one",
                      f"tips/a/: {page}\n"),
        "short link": (f"t/3/: {page}\n", "is a short link of the site", f"tips/3-old/: {page}\n"),
        "feed": ("blog/feed.xml/: blog/\n", "remove this line", ""),
        "with language": (f"en/tips/a/: {page}\n", "without the language", f"tips/a/: {page}\n"),
    }
    for case, (broken, says, fixed) in cases.items():
        path.write_text(broken, encoding="utf-8")
        problem = redirects_problem(path)
        assert problem is not None and says in problem, f"{case}: {problem}"
        assert len(problem.splitlines()) == 1, f"{case}: one problem in several lines: {problem}"
        path.write_text(fixed, encoding="utf-8")
        assert redirects_problem(path) is None, f"{case}: the fix did not work"


def test_a_withdrawn_translation_of_a_post_is_redirected_as_the_message_says(copy: Path, repo: Project) -> None:
    lang = LANGUAGES[-1]
    post = next(p for p in repo.site.posts(lang) if len(repo.site.languages_of(p.key)) > 1)
    (copy / post.name).unlink()
    first = build(copy, GUIDE_LANGUAGE=lang)
    output = first.stdout + first.stderr
    assert first.returncode != 0 and "Traceback" not in output, output[-3000:]
    found = re.search(rf"/{lang}/(\S+) is gone; add a redirect in redirects.yml \('(\S+): <its new path>'\)", output)
    assert found, output[-3000:]
    old = found.group(2)
    (copy / "redirects.yml").write_text(f"{old}: blog/\n", encoding="utf-8")
    second = build(copy, GUIDE_LANGUAGE=lang)
    assert second.returncode == 0, (second.stdout + second.stderr)[-3000:]
    lead = (copy / "site" / lang / old / "index.html").read_text(encoding="utf-8")
    assert 'content="noindex"' in lead and f"{BASE}{lang}/blog/" in lead


# --- 9. the snippet validates through the content model -------------------------------------------


def test_the_snippet_on_broken_content_prints_the_problems(copy: Path, repo: Project) -> None:
    lang = LANGUAGES[-1]
    tip = repo.site.tip(17, lang)
    assert tip is not None
    meta, body = front_matter(copy / tip.name)
    del meta["title"]
    write_front_matter(copy / tip.name, meta, body)
    result = guide(copy, "snippet", "17", "--lang", lang)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr, result.stderr
    assert f"{tip.name}: no title; add a 'title:' to the front matter" in result.stderr


# --- 10. one build at a time, and Ctrl-C ----------------------------------------------------------


def locked(lock: Path) -> bool:
    if not lock.exists():
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_a_second_build_into_a_locked_folder_and_ctrl_c_say_one_line(copy: Path) -> None:
    site_dir = copy / "site"
    first = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)], cwd=copy,
                             env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not locked(copy / ".site.lock") and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.2)
        assert first.poll() is None, "the first build ended before the test could start the second"
        second = build(copy)
        output = second.stdout + second.stderr
        assert second.returncode != 0 and "Traceback" not in output, output
        assert errors(output) == [f"ERROR   -  {site_dir} is being built by another build; wait for it to finish, "
                                  "or build into another folder with --site-dir"], output
        while not (site_dir / LANGUAGES[1]).exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.2)  # the first language is built: its PDFs are being made in a process of their own
        os.killpg(first.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        _, stderr = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert first.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert [line for line in stderr.splitlines() if "Ctrl-C" in line] == [
        "Build stopped (Ctrl-C); the site folder is incomplete."
    ]
    assert not locked(copy / ".site.lock")


# --- random front matter (Hypothesis) -------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True),
    st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.dates(),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                           max_size=4), max_leaves=8)
KEYS = st.sampled_from(["title", "description", "tip", "related", "viva", "worksheet", "tips", "sections", "groups",
                        "phase", "letter", "practice", "date", "slug", "categories", "authors", "rating", "label"])
YAML_TRICKS = st.sampled_from([
    "title: &a [1, 2]\ndescription: *a\n",
    "title: !!python/object/apply:os.system ['echo pwned']\n",
    "title: !!python/name:os.system\n",
    "title: !!binary aGVsbG8=\n",
    "title: ~\ndescription: null\n",
    "title: 1e999999\ntip: 99999999999999999999999999999999999\n",
    "related: 17\n",
    "title: [a, b]\n",
    "? [a, b]\n: c\n",
    "<<: {title: x}\n",
    "title: 'unclosed\n",
    "title: \"\\ud800\"\n",
    "title: x\ntitle: y\n",
    "\t- tab\n",
    "a: &x [*x]\n",
    "title: !custom x\n",
    "--- \n---\n",
    "title: \"\\x00\"\n",
])
BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32])
ENCODE = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])
PAGES = st.sampled_from(["tips/4.{lang}.md", "viva/value.{lang}.md", "feedback/complaints.{lang}.md",
                         "worksheets/complaint-log.{lang}.md", "tips/index.{lang}.md", "index.{lang}.md",
                         "blog/posts/fail-a-little.{lang}.md", "blog/index.{lang}.md", "about.{lang}.md"])


@st.composite
def front_matters(draw: st.DrawFn, original: str) -> bytes:
    """A front matter in some encoding, with or without a BOM: the page's own with one or two fields
    changed (so that some are accepted), a YAML mapping of random keys and values, or a YAML trick."""
    meta, body = original.split("---\n", 2)[1:]
    mode = draw(st.sampled_from(["change", "random", "trick"]))
    if mode == "trick":
        text, body = draw(YAML_TRICKS), draw(st.text(max_size=200))
    else:
        fields = yaml.safe_load(meta) if mode == "change" else {}
        fields.update(draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=2 if mode == "change" else 6)))
        text = yaml.safe_dump(fields, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
        body = body if mode == "change" else draw(st.text(max_size=200))
    document = f"---\n{text}---\n{body}"
    encoding = draw(ENCODE) if draw(st.booleans()) else "utf-8"
    return draw(BOMS) + document.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


@dataclass
class Tried:
    count: int = 0
    refused: int = 0
    lines: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def docs_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # A cache of its own: each random page would leave an entry of language detection in the project's.
    yield copy_project(tmp_path_factory.mktemp("hypothesis") / "project", share_cache=False)


@pytest.mark.parametrize("front_matter", [
    "a: &x [*x]\n",  # a value that contains itself: the content model recursed without end
    "sections: true\n",  # a worksheet's sections that are no list, on a tip
    "title: &t [[[[*t]]]]\n",
])
def test_front_matter_that_random_testing_found_is_accepted_or_refused_in_one_line(docs_copy: Path,
                                                                                    front_matter: str) -> None:
    config = guide_config(docs_copy)
    path = docs_copy / "docs/tips/4.sv.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(f"---\n{front_matter}---\n\n## Varför {{#why-it-matters}}\n", encoding="utf-8")
    try:
        problems = load_project(config, docs_copy / "docs", DiskCache(docs_copy / config.cache_dir)).problems
    finally:
        path.write_text(original, encoding="utf-8")
    assert problems and all(p.startswith("docs/tips/4.sv.md: ") and "\n" not in p for p in problems), problems


@pytest.mark.parametrize("authors", ["true", "[[]]"])
def test_post_authors_that_random_testing_found_are_refused_in_one_line(docs_copy: Path, authors: str) -> None:
    config = guide_config(docs_copy)
    path = docs_copy / "docs/blog/posts/fail-a-little.sv.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("authors: [consultant]", f"authors: {authors}", 1), encoding="utf-8")
    try:
        assert f"authors: {authors}" in path.read_text(encoding="utf-8")
        problems = load_project(config, docs_copy / "docs", DiskCache(docs_copy / config.cache_dir)).problems
    finally:
        path.write_text(original, encoding="utf-8")
    assert "docs/blog/posts/fail-a-little.sv.md: 'authors' must be a list of author keys, e.g. [consultant]" \
        in problems, problems
    assert all(p.startswith("docs/blog/posts/fail-a-little.sv.md: ") and "\n" not in p for p in problems), problems


EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "200"))


def test_random_front_matter_is_accepted_or_refused_in_lines_naming_the_file(docs_copy: Path) -> None:
    config = guide_config(docs_copy)
    cache = DiskCache(docs_copy / config.cache_dir)
    tried = Tried()
    # The inputs Hypothesis has found so far are pinned above as regression tests.
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(page=PAGES, lang=st.sampled_from(LANGUAGES), draw=st.data())
    def check(page: str, lang: str, draw: st.DataObject) -> None:
        name = "docs/" + page.format(lang=lang)
        path = docs_copy / name
        original = path.read_bytes()
        path.write_bytes(draw.draw(front_matters(original.decode("utf-8")), label="file"))
        try:
            problems = load_project(config, docs_copy / "docs", cache).problems
        finally:
            path.write_bytes(original)
        tried.count += 1
        tried.refused += bool(problems)
        for problem in problems:
            assert isinstance(problem, str) and problem.strip(), problem
            assert "\n" not in problem and "\r" not in problem, f"not one line: {problem!r}"
            assert "Traceback" not in problem
            assert problem.startswith(f"{name}"), f"{problem!r} does not name {name}, the file that was changed"
        tried.lines.update(problems)

    check()
    print(f"Hypothesis tried {tried.count} front matters: {tried.count - tried.refused} accepted, "
          f"{tried.refused} refused in {len(tried.lines)} distinct lines")
    assert tried.count >= EXAMPLES // 2, "Hypothesis gave up on most examples"


# --- XSS ------------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}",
    "'';!--\"<XSS>=&{()}",
    "<svg onload=alert(1)>",
    "'><svg/onload=alert(1)>",
    "</textarea></style><script>alert(1)</script>",
    "]]></title><x>",
    "[x](javascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
ALL = " ".join(PAYLOADS)
RAW_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror", "<svg onload", "<svg/onload", "<XSS>", "<x>"]
FORMATTED = {"blog.reading_time", "blog.category_description", "worksheets.rating_label"}  # str.format'ed


def pages_of_every_kind(site: Any, lang: str) -> dict[str, list[str]]:
    """A few pages of each kind, as files of docs/."""
    def first(kind: str, count: int = 2) -> list[str]:
        return [page.src for page in site.of_kind(kind, lang)[:count]]

    return {
        "tip": first("tip"), "phase": first("phase"), "practice": first("practice"),
        "worksheet": first("worksheet"), "post": [page.src for page in site.posts(lang)[:2]],
        "index": [f"{folder}/index.{lang}.md" for folder in ("tips", "viva", "feedback", "worksheets", "blog")],
        "home": [f"index.{lang}.md", "index.md"], "page": [f"about.{lang}.md"],
    }


@dataclass
class Hostile:
    project: Path
    site_dir: Path
    base: str
    lang: str
    covered: set[tuple[str, str, str]]  # (payload, field, page kind)
    kinds: dict[str, list[str]]


def inject(meta: dict[str, Any], kind: str, index: int, covered: set[tuple[str, str, str]]) -> None:
    """Titles get every payload, descriptions (160 characters) two, a worksheet's fields one each."""
    def text(value: str, where: str) -> str:
        covered.update((payload, where, kind) for payload in PAYLOADS)
        return f"{value} {ALL}"

    if "description" in meta:
        pair = [PAYLOADS[(2 * index) % len(PAYLOADS)], PAYLOADS[(2 * index + 1) % len(PAYLOADS)]]
        covered.update((payload, "description", kind) for payload in pair)
        meta["description"] = (" ".join(pair) + " " + meta["description"])[:160].rstrip()
    meta["title"] = text(str(meta.get("title") or "Post"), "title")
    # A worksheet must still fit its A4 page: each of its fields gets one payload, in turn.
    turn = iter(range(10_000))

    def one(value: str, where: str) -> str:
        payload = PAYLOADS[(next(turn) + index) % len(PAYLOADS)]
        covered.add((payload, where, kind))
        return f"{value} {payload}"

    for section in meta.get("sections") or []:
        section["title"] = one(section["title"], "section title")
        for item in section.get("fields") or []:
            item["label"] = one(item["label"], "field label")
        if section.get("steps"):
            section["steps"] = [one(step, "step") for step in section["steps"]]
    for group in meta.get("groups") or []:
        group["title"] = text(group["title"], "group title")


def inject_ui(value: Any, path: str, covered: set[tuple[str, str, str]]) -> Any:
    if isinstance(value, dict):
        return {key: inject_ui(item, f"{path}.{key}" if path else str(key), covered) for key, item in value.items()}
    covered.update((payload, f"ui.{path}", "ui") for payload in PAYLOADS)
    hostile = ALL.replace("{", "{{").replace("}", "}}") if path in FORMATTED else ALL
    return f"{hostile} {value}"


def replace_block(text: str, start: str, indent: int, new: str) -> str:
    """Replace the YAML block that starts with the line `start` (and all lines indented deeper) by `new`."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip("\n") == start)
    end = at + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return "".join([*lines[:at], new, *lines[end:]])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """One build of a copy whose pages of every kind and whose UI strings of one language are hostile."""
    project = copy_project(tmp_path_factory.mktemp("xss") / "project")
    config = guide_config(project)
    lang = config.root_language  # the language the root pages speak too
    before = model(project)
    kinds = pages_of_every_kind(before.site, lang)
    covered: set[tuple[str, str, str]] = set()
    docs = project / "docs"
    for kind, files in kinds.items():
        for index, src in enumerate(files):
            meta, body = front_matter(docs / src)
            inject(meta, kind, index, covered)
            write_front_matter(docs / src, meta, body)
    # The names of the pages in the style sheet are their titles, and so are links that name them.
    after = model(project)
    sheet_path = project / f"styles/{lang}.yml"
    sheet = yaml.safe_load(sheet_path.read_text(encoding="utf-8"))
    for group, folder in (("worksheets", "worksheets"), ("practices", "feedback"), ("phases", "viva")):
        for slug in sheet["names"].get(group, {}):
            old, new = before.site.page(f"{folder}/{slug}.md", lang), after.site.page(f"{folder}/{slug}.md", lang)
            assert old is not None and new is not None
            if old.title != new.title:
                sheet["names"][group][slug] = json.loads(json.dumps(front_matter(docs / new.src)[0]["title"]))
                for path in docs.rglob(f"*.{lang}.md"):
                    text = path.read_text(encoding="utf-8")
                    path.write_text(re.sub(rf"\[{re.escape(old.title)}\]\(", "[](", text), encoding="utf-8")
    sheet_path.write_text(yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    # Every UI string of the language, its site name and the root's.
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    ui = inject_ui(config.languages[lang]["ui"], "", covered)
    dumped = yaml.safe_dump({"ui": ui}, allow_unicode=True, sort_keys=False, width=10_000)
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip("\n") == f"        {lang}:"
                 and any(lines[j].rstrip("\n") == "  - guide:" for j in range(i)))
    ui_line = next(i for i in range(start, len(lines)) if lines[i].rstrip("\n") == "          ui:")
    text = "".join(lines[:ui_line]) + replace_block("".join(lines[ui_line:]), "          ui:", 10,
                                                    "".join(f"          {line}\n" for line in dumped.splitlines()))
    site_name = f"The Client Relationship Guide {ALL}"
    text, count = re.subn(rf"(        - locale: {lang}\n(?:          .*\n)*?          site_name: ).*\n",
                          lambda m: m.group(1) + json.dumps(site_name) + "\n", text, count=1)
    assert count == 1, f"no site_name for {lang} in plugins.i18n"
    covered.update((payload, "site_name", "ui") for payload in PAYLOADS)
    mkdocs_yml.write_text(text, encoding="utf-8")
    loaded = model(project)
    assert loaded.problems == [], loaded.problems
    assert guide_config(project).languages[lang]["ui"]["home"].startswith(ALL)

    port = steady_port(3)
    base = f"http://127.0.0.1:{port}/"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
                            cwd=project, env=env(SITE_URL=base, GUIDE_LANGUAGE=lang), capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-5000:]
    if result.returncode:
        pytest.fail(f"the hostile build failed:\n{output[-5000:]}", pytrace=False)
    return Hostile(project, project / "site", base, lang, covered, kinds)


@pytest.fixture(scope="module")
def hostile_server(hostile: Hostile) -> Iterator[str]:
    with serve(hostile.site_dir, int(hostile.base.rsplit(":", 1)[1].strip("/"))) as url:
        yield url


def test_no_built_file_has_the_payloads_as_markup(hostile: Hostile) -> None:
    files = [p for p in hostile.site_dir.rglob("*") if p.suffix in (".html", ".xml")]
    assert len(files) > 50
    found = {
        f"{path.relative_to(hostile.site_dir)}: {marker}"
        for path in files
        for marker in RAW_MARKUP
        if marker in path.read_text(encoding="utf-8")
    }
    assert not found, sorted(found)[:20]


def test_1_a_script_in_a_title_is_text_in_nav_header_title_previews_feed_and_snippet(
        hostile: Hostile, hostile_server: str, page: Page) -> None:
    lang, payload = hostile.lang, PAYLOADS[0]
    page.goto(f"{hostile_server}{lang}/tips/1/")
    assert payload in page.title()
    assert payload in page.locator(".md-header__topic").last.inner_text()
    nav_titles = page.locator("nav.md-nav a.md-nav__link").all_text_contents()
    assert any(payload in title for title in nav_titles), "the nav does not show the tip's title as text"
    for selector in ('meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[property="og:image:alt"]'):
        assert payload in (page.locator(selector).get_attribute("content") or ""), selector
    feed_link = page.locator('link[type="application/rss+xml"]')
    assert feed_link.count() == 1
    assert ALL in (feed_link.get_attribute("title") or ""), "the feed link's title lost its quotes"
    feed = ET.parse(hostile.site_dir / lang / "blog/feed.xml").getroot()  # valid XML
    titles = [item.findtext("title") or "" for item in feed.iter("item")]
    assert any(payload in title for title in titles), titles
    snippet = guide(hostile.project, "snippet", "1", "2", "--lang", lang, "--format", "html", SITE_URL=hostile.base)
    assert snippet.returncode == 0, snippet.stderr
    for marker in RAW_MARKUP:
        assert marker not in snippet.stdout, marker
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(snippet.stdout)
    assert payload in page.inner_text("table"), "the snippet does not show the title as text"
    assert dialogs == []


PROBE = """() => {
  const bad = []
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase()
    if (tag === "xss" || tag === "x" || (tag === "img" && el.getAttribute("src") === "x"))
      bad.push(el.outerHTML.slice(0, 120))
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`${tag}[${attr.name}]`)
      if (/^(href|src|action|formaction)$/i.test(attr.name) && /^\\s*javascript:/i.test(attr.value))
        bad.push(`${tag}[${attr.name}=${attr.value}]`)
    }
    if (tag === "script" && /alert\\(/.test(el.textContent)) bad.push("script: " + el.textContent.slice(0, 80))
  }
  return bad
}"""


def test_xss_nothing_runs_and_nothing_is_markup_on_any_kind_of_page(hostile: Hostile, hostile_server: str,
                                                                    browser: Browser) -> None:
    lang = hostile.lang

    def url(src: str) -> str:
        path = src.removesuffix(f".{lang}.md").removesuffix(".md")
        return f"{lang}/" + (path.removesuffix("index") if path.endswith("index") else f"{path}/")

    urls = {kind: url(files[0]) for kind, files in hostile.kinds.items()}
    urls |= {
        "landing": "", "tips index": f"{lang}/tips/", "worksheets index": f"{lang}/worksheets/",
        "blog": f"{lang}/blog/", "category": f"{lang}/blog/category/feedback/", "404": f"{lang}/no-such-page/",
        "root 404": "no-such-page/", "short link": "t/1/", "language short link": f"{lang}/t/1/",
    }
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    found: dict[str, list[str]] = {}
    shown = 0
    try:
        for kind, path in urls.items():
            page.goto(hostile_server + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            if bad := page.evaluate(PROBE):
                found[kind] = bad
            shown += PAYLOADS[0] in page.evaluate("document.documentElement.outerHTML.replace(/&lt;/g, '<')"
                                                  ".replace(/&gt;/g, '>')")
    finally:
        context.close()
    assert dialogs == [], dialogs
    assert found == {}, found
    assert shown >= len(urls) - 2, "the payloads are not on the pages: the test would prove nothing"
    front = {(payload, where, kind) for payload, where, kind in hostile.covered if kind != "ui"}
    ui = {(payload, where) for payload, where, kind in hostile.covered if kind == "ui"}
    print(f"XSS: {len(PAYLOADS)} injection strings; {len(hostile.covered)} (string, field, page kind) combinations: "
          f"{len(front)} over {len({(w, k) for _, w, k in front})} front-matter fields of "
          f"{len({k for _, _, k in front})} page kinds, {len(ui)} over {len({w for _, w in ui})} UI strings and the "
          f"site name; {len(urls)} kinds of page loaded in Chromium: no dialog, no markup")
