"""The site as a real nginx serves it with the configuration the build writes (guide.hosting): true 404s,
301s for moved pages and short links, 302s by Accept-Language, gzip, caching, security headers and a strict
Content-Security-Policy under which search, the language switcher, checklists, copy-link and print still work.
The same rules in _redirects and _headers, as Netlify and Cloudflare Pages read them.

The site is built once more for these tests, with its URL on nginx's port: its links are absolute (canonical,
the language switcher), and the CSP allows no other origin."""

from __future__ import annotations

import gzip
import http.client
import re
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from conftest import LANGUAGES, mkdocs_build, steady_port, switch_language
from guide.hosting import (
    FINGERPRINTED,
    IMMUTABLE,
    REVALIDATE,
    HostRules,
    default_nginx_file,
    inline_script_hashes,
    write_host_files,
)
from local_site import ROOT, serve
from site_search import search

MOVED = {"tips/old-name/": "tips/17/"}  # a moved page of the tests' own, beside those of redirects.yml
TIPS = sorted({int(p.name.split(".")[0]) for p in (ROOT / "docs" / "tips").glob("*.md") if p.name[0].isdigit()})
RULES = HostRules(
    languages=tuple(LANGUAGES),
    default_language="en",
    redirects={**(yaml.safe_load((ROOT / "redirects.yml").read_text(encoding="utf-8")) or {}), **MOVED},
    short_links=tuple(TIPS),
)
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                    "Permissions-Policy", "Cross-Origin-Opener-Policy")


class Nginx:
    def __init__(self, site_dir: Path, port: int) -> None:
        self.site_dir, self.port, self.url = site_dir, port, f"http://127.0.0.1:{port}/"

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request, no redirect followed: status, headers, body as sent (compressed if it was)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def file(self, pattern: str) -> str:
        """The URL path of the one built file that matches pattern (a glob below the site)."""
        (match,) = self.site_dir.glob(pattern)
        return f"/{match.relative_to(self.site_dir).as_posix()}"


@pytest.fixture(scope="session")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    port = steady_port(1)
    site_dir = tmp_path_factory.mktemp("nginx") / "site"
    result = mkdocs_build(ROOT, site_dir, f"http://127.0.0.1:{port}/")
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    write_host_files(site_dir, RULES)
    with serve(site_dir, port, default_nginx_file(site_dir)):
        yield Nginx(site_dir, port)


# --- Status codes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "page"), [
    ("/fi/vinkit/", "fi/404.html"),
    ("/sv/tips/99/", "sv/404.html"),
    ("/pl/nothing.html", "pl/404.html"),
    ("/en/t/99/", "en/404.html"),
    ("/nothing/", "404.html"),  # the root's page, in all four languages
    ("/assets/", "404.html"),  # a folder without index.html
])
def test_a_missing_page_answers_404_with_the_404_page_of_its_language(nginx: Nginx, path: str, page: str) -> None:
    status, headers, body = nginx.get(path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (nginx.site_dir / page).read_bytes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_moved_pages_and_the_short_links_of_a_language_answer_301(nginx: Nginx, lang: str) -> None:
    for old, new in [(f"/{lang}/tips/old-name/", f"/{lang}/tips/17/"), (f"/{lang}/tips/old-name", f"/{lang}/tips/17/"),
                     (f"/{lang}/t/17/", f"/{lang}/tips/17/"), (f"/{lang}/t/3", f"/{lang}/tips/3/")]:
        status, headers, _ = nginx.get(old)
        assert (status, headers["Location"]) == (301, new), old
    assert nginx.get(f"/{lang}/tips/17/")[0] == 200
    assert nginx.get(f"/{lang}/t/99/")[0] == 404  # no such tip


@pytest.mark.parametrize(("accept_language", "lang"), [
    ("fi", "fi"),
    ("pl", "pl"),
    ("de", "en"),
    ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
    ("de-DE,de;q=0.9,fi;q=0.8", "fi"),  # the first language the guide is written in
    ("en-GB,fi;q=0.5", "en"),
    ("FI-fi", "fi"),
    ("", "en"),
])
def test_the_landing_page_and_short_links_answer_302_to_the_readers_language(
    nginx: Nginx, accept_language: str, lang: str
) -> None:
    for path, target in [("/", f"/{lang}/"), ("/t/17/", f"/{lang}/tips/17/"), ("/t/17", f"/{lang}/tips/17/")]:
        status, headers, _ = nginx.get(path, Accept_Language=accept_language)
        assert (status, headers["Location"]) == (302, target), path
        assert "Accept-Language" in headers["Vary"], path


# --- Compression and caching -------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "content_type"), [
    ("en/tips/17/index.html", "text/html"),
    ("assets/stylesheets/main.*.min.css", "text/css"),
    ("assets/javascripts/bundle.*.min.js", "application/javascript"),
    ("sitemap.xml", "text/xml"),
    ("en/blog/feed.xml", "text/xml"),  # (Pagefind's JSON is below gzip_min_length)
])
def test_text_is_sent_gzip_compressed(nginx: Nginx, pattern: str, content_type: str) -> None:
    path = nginx.file(pattern)
    status, headers, body = nginx.get(path.removesuffix("index.html"), Accept_Encoding="gzip")
    assert status == 200
    assert headers["Content-Type"].startswith(content_type)
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == (nginx.site_dir / path.lstrip("/")).read_bytes()


def test_fingerprinted_files_are_cached_for_a_year_and_the_rest_revalidated(nginx: Nginx) -> None:
    fragment = next((nginx.site_dir / "pagefind" / "en" / "fragment").iterdir()).name
    fingerprinted = [nginx.file("assets/javascripts/bundle.*.min.js"), nginx.file("assets/stylesheets/main.*.min.css"),
                     nginx.file("pagefind/en/pagefind.en_*.pf_meta"), nginx.file(f"pagefind/en/fragment/{fragment}")]
    for path in fingerprinted:
        status, headers, _ = nginx.get(path)
        assert (status, headers["Cache-Control"]) == (200, IMMUTABLE), path
    for path in ["/en/tips/17/", "/", "/assets/javascripts/switcher.js", "/pagefind/en/pagefind.js", "/sitemap.xml"]:
        status, headers, _ = nginx.get(path)
        assert headers["Cache-Control"] == REVALIDATE, path
    _, headers, _ = nginx.get("/en/tips/17/")
    assert nginx.get("/en/tips/17/", If_None_Match=headers["ETag"])[0] == 304  # revalidation costs no body


# --- Security headers --------------------------------------------------------------------------------------


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        directives[name.lower()] = sources
    return directives


@pytest.mark.parametrize("path", ["/en/tips/17/", "/fi/vinkit/", "/", "/t/17/", "/sv/t/17/",
                                  "/assets/javascripts/workers/search.js", "/pagefind/en/pagefind.js"])
def test_every_response_has_the_security_headers(nginx: Nginx, path: str) -> None:
    _, headers, _ = nginx.get(path)
    for name in SECURITY_HEADERS:
        assert headers[name], f"{path} has no {name}"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "nginx"  # no version


def test_the_csp_allows_the_site_itself_and_its_hashed_inline_scripts_only(nginx: Nginx) -> None:
    _, headers, _ = nginx.get("/en/tips/17/")
    directives = csp_directives(headers["Content-Security-Policy"])
    scripts = directives["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert {s for s in scripts if s.startswith("'sha256-")} == set(inline_script_hashes(nginx.site_dir))
    keywords = {"'self'", "'none'", "'wasm-unsafe-eval'"}
    for name, sources in directives.items():
        for source in sources:
            allowed = (
                source in keywords
                or source.startswith("'sha256-")
                or (name, source) in {("style-src", "'unsafe-inline'"), ("img-src", "data:")}
            )
            assert allowed, f"{name} allows {source}"
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]


# --- The same rules for Netlify and Cloudflare Pages -------------------------------------------------------


def redirect_rules(site_dir: Path) -> list[list[str]]:
    lines = (site_dir / "_redirects").read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def header_rules(site_dir: Path) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    for line in (site_dir / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            path = line.strip()
            rules[path] = {}
        else:
            name, value = line.strip().split(":", 1)
            rules[path][name] = value.strip()
    return rules


def test_redirects_file_carries_the_rules_that_nginx_answers(nginx: Nginx) -> None:
    permanent: set[tuple[str, str]] = set()
    by_language: set[tuple[str, str, str]] = set()
    not_found: set[tuple[str, str]] = set()
    for rule in redirect_rules(nginx.site_dir):
        source, target, code, *conditions = rule
        assert len(" ".join(rule)) <= 1000  # Cloudflare's limit of a line
        if code.startswith("301"):
            permanent.add((source, target))
        elif code == "404":
            not_found.add((source, target))
        else:
            assert code == "302!" and len(conditions) == 1 and conditions[0].startswith("Language="), rule
            by_language.add((source, target, conditions[0].split("=")[1]))
    assert permanent == set(RULES.moved())
    assert by_language == {(path, f"/{lang}/{to}", lang) for path, to in RULES.by_language() for lang in LANGUAGES}
    for source, target in permanent:
        status, headers, _ = nginx.get(source)
        assert (status, headers["Location"]) == (301, target), source
    for source, target, lang in by_language:
        status, headers, _ = nginx.get(source, Accept_Language=lang)
        assert (status, headers["Location"]) == (302, target), source
    assert not_found == {(f"/{lang}/*", f"/{lang}/404.html") for lang in LANGUAGES}
    for source, target in not_found:
        status, _, body = nginx.get(source.replace("*", "no-such-page/"))
        assert (status, body) == (404, (nginx.site_dir / target.lstrip("/")).read_bytes()), source


def test_headers_file_carries_the_headers_that_nginx_sends(nginx: Nginx) -> None:
    rules = header_rules(nginx.site_dir)
    _, headers, _ = nginx.get("/en/tips/17/")
    assert rules.pop("/*") == {name: headers[name] for name in SECURITY_HEADERS}
    assert all(rule == {"Cache-Control": IMMUTABLE} for rule in rules.values())
    fingerprinted = re.compile(FINGERPRINTED)
    files = [f"/{p.relative_to(nginx.site_dir).as_posix()}" for p in nginx.site_dir.rglob("*") if p.is_file()]
    for path in files:
        covered = any(fnmatch(path, pattern) for pattern in rules)
        assert covered == bool(fingerprinted.match(path)), path
    for pattern in rules:
        path = next(f for f in files if fnmatch(f, pattern))
        assert nginx.get(path)[1]["Cache-Control"] == IMMUTABLE, path


# --- In Chromium, under the CSP ----------------------------------------------------------------------------

WATCH_CSP = """document.addEventListener("securitypolicyviolation", event => {
  (window.cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`)
})"""


@pytest.fixture
def csp_page(browser: Browser, nginx: Nginx) -> Iterator[Page]:
    """A page that fails its test on any CSP violation: in the console (the page's and its workers', e.g.
    Pagefind's WebAssembly without 'wasm-unsafe-eval') or as a securitypolicyviolation event."""
    context = browser.new_context(locale="en-US", permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    violations: list[str] = []

    def console(message: ConsoleMessage) -> None:  # Chromium reports the workers' messages here too
        if re.search(r"content[ -]security[ -]policy", message.text, re.IGNORECASE):
            violations.append(message.text)

    page.on("console", console)
    yield page
    violations += page.evaluate("window.cspViolations || []")
    context.close()
    assert violations == []


@pytest.mark.browser
def test_a_tip_page_search_and_the_language_switcher_work_under_the_csp(csp_page: Page, nginx: Nginx) -> None:
    page = csp_page
    page.goto(f"{nginx.url}t/17/")  # 302 to English, as the context speaks it
    assert page.url == f"{nginx.url}en/tips/17/"
    expect(page.locator("article h1")).to_contain_text("17.")
    assert search(page, "feedback"), "search found nothing"
    page.keyboard.press("Escape")
    switch_language(page, "fi")
    page.wait_for_url(f"{nginx.url}fi/tips/17/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert search(page, "palaute"), "search found nothing in Finnish"


@pytest.mark.browser
def test_checklists_copy_link_and_print_work_under_the_csp(csp_page: Page, nginx: Nginx) -> None:
    page = csp_page
    page.goto(f"{nginx.url}en/tips/17/")
    box = page.locator("#try-this-week + ul.task-list input[type=checkbox]").nth(1)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    assert page.evaluate("Object.keys(localStorage).some(key => key.startsWith('guide.checklist:'))")

    page.locator(".guide-copy-link").click()
    expect(page.locator(".guide-copy-status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{nginx.url}en/tips/17/"

    assert page.evaluate("() => { window.print(); return true }")


@pytest.mark.browser
def test_the_landing_page_and_a_moved_page_load_under_the_csp(csp_page: Page, nginx: Nginx) -> None:
    page = csp_page
    page.goto(nginx.url)
    assert page.url == f"{nginx.url}en/"
    page.goto(f"{nginx.url}index.html")  # the landing page itself, which chooses with JavaScript
    page.wait_for_url(f"{nginx.url}en/")
    page.goto(f"{nginx.url}sv/tips/old-name/#try-this-week")
    assert page.url == f"{nginx.url}sv/tips/17/#try-this-week"
