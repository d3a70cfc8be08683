"""Links in sent newsletters keep working: the registry of published URLs, redirects, short links, copy link.

The policy (guide.urls): a new page does not fail the build; a published URL that is gone fails it,
naming the way out (a redirect in redirects.yml, or the page restored); a redirect of a moved page
carries a worksheet's PDF to its old address too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import LANGUAGES, UI, follow_instantly, mkdocs_build, steady_port
from guide import cli
from guide.content import ContentError
from guide.project import Project
from guide.urls import Leads, published, read_redirects, read_registry, registry_problems
from guide.worksheets import pdf_name
from local_site import serve

CopyProject = Callable[[], Path]


@pytest.fixture(scope="module")
def registry(guide_config: Any) -> Path:
    return Path(guide_config.published_urls)


def test_the_registry_lists_every_url_the_site_publishes(site_dir: Path, registry: Path) -> None:
    missing = sorted(published(site_dir) - set(read_registry(registry)))
    assert not missing, f"not in {registry.name}; run ./scripts/guide register-urls: {missing}"


def test_every_registered_url_leads_somewhere_in_the_built_site(site_dir: Path, registry: Path) -> None:
    assert registry_problems(site_dir, registry, LANGUAGES, list(LANGUAGES), skip_pdfs=False) == ([], 0)


def test_the_registry_holds_pages_feeds_the_sitemap_pdfs_and_short_links(registry: Path) -> None:
    urls = read_registry(registry)
    assert urls == sorted(urls)
    for url in ("/", "/fi/tips/17/", "/sv/blog/feed.xml", "/sitemap.xml", "/t/17/", "/pl/t/5/",
                "/en/worksheets/complaint-log/complaint-log.pdf"):
        assert url in urls


def make_site(site: Path, files: list[str]) -> Path:
    for name in files:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    return site


def test_registering_adds_new_urls_and_never_removes_one(
    project_copy: CopyProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """./scripts/guide register-urls --site-dir SITE, run in a copy of the project."""
    project = project_copy()
    site = make_site(tmp_path / "site", ["index.html", "en/tips/1/index.html", "en/blog/feed.xml",
                                         "en/worksheets/log/log.pdf", "404.html", "en/assets/x.png"])
    registry = project / "published-urls.txt"
    registry.write_text("# header\n/en/tips/1/\n/en/old-page/\n", encoding="utf-8")
    monkeypatch.setattr(cli, "ROOT", project)
    cli.main(["register-urls", "--site-dir", str(site)])
    new = ["/", "/en/blog/feed.xml", "/en/worksheets/log/log.pdf"]
    assert capsys.readouterr().out == "Added 3 URL(s) to published-urls.txt\n" + "".join(f"  {u}\n" for u in new)
    lines = registry.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == sorted([*new, "/en/old-page/", "/en/tips/1/"])
    assert lines[0].startswith("#"), "the registry explains itself"
    cli.main(["register-urls", "--site-dir", str(site)])
    assert capsys.readouterr().out == "Added 0 URL(s) to published-urls.txt\n"


def test_a_new_page_does_not_fail_and_a_gone_one_names_the_way_out(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", ["index.html", "en/tips/1/index.html", "en/tips/2/index.html",
                                         "sv/tips/1/index.html"])
    registry = tmp_path / "published-urls.txt"
    registry.write_text("# header\n/\n/en/tips/1/\n/en/old/\n/en/worksheets/log/log.pdf\n/en/blog/feed.xml\n"
                        "/sv/tips/1/\n/sv/tips/9/\n", encoding="utf-8")
    problems, new = registry_problems(site, registry, ("sv", "en"), ["sv", "en"], skip_pdfs=False)
    assert problems == [
        "published-urls.txt: /en/old/ is gone; add a redirect in redirects.yml ('old/: <its new path>') "
        "or restore the page",
        "published-urls.txt: /en/worksheets/log/log.pdf is gone; redirect its page in redirects.yml "
        "('worksheets/log/: <its new path>'), and the PDF follows",
        "published-urls.txt: /en/blog/feed.xml is gone; restore the file",
        "published-urls.txt: /sv/tips/9/ is gone; add a redirect in redirects.yml ('tips/9/: <its new path>') "
        "or restore the page",
    ]
    assert new == 1  # /en/tips/2/: a new page, to register after publishing, fails nothing
    # a build of one language (GUIDE_LANGUAGE) and one without PDFs leave the other URLs be
    assert registry_problems(site, registry, ("sv", "en"), ["sv"], skip_pdfs=True) == (
        ["published-urls.txt: /sv/tips/9/ is gone; add a redirect in redirects.yml ('tips/9/: <its new path>') "
         "or restore the page"], 0)


def test_a_registry_line_that_is_not_a_path_fails(tmp_path: Path) -> None:
    registry = tmp_path / "published-urls.txt"
    registry.write_text("# header\n/en/\nen/tips/1/\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_registry(registry)
    assert str(error.value) == "published-urls.txt line 3: 'en/tips/1/' is not a site path; start it with /"
    with pytest.raises(ContentError, match=r"^missing\.txt: missing; create it with ./scripts/guide register-urls$"):
        read_registry(tmp_path / "missing.txt")


NOT_A_REDIRECT = ("is not a redirect between pages; write both paths without the language and with a final /, "
                  "e.g. 'tips/old-name/: tips/17/' (a file such as a PDF or a feed follows its page)")


@pytest.mark.parametrize(
    ("redirect", "shown"),
    [("/fi/tips/old/: /fi/tips/17/", "/fi/tips/old/: /fi/tips/17/"), ("fi/tips/old/: fi/tips/17/", None),
     ("tips/old: tips/17/", None), ("tips/old/: [tips/17/]", "tips/old/: ['tips/17/']"), ("../old/: tips/17/", None),
     ("worksheets/log/log.pdf: worksheets/new/new.pdf", None)],
)
def test_a_redirect_must_be_two_language_neutral_page_paths(tmp_path: Path, redirect: str, shown: str | None) -> None:
    path = tmp_path / "redirects.yml"
    path.write_text(redirect + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_redirects(path, LANGUAGES)
    assert str(error.value) == f"redirects.yml: '{shown or redirect}' {NOT_A_REDIRECT}"


@pytest.mark.parametrize(
    ("redirects", "message"),
    [
        ("tips/a/: tips/b/\ntips/b/: tips/17/\n",
         "redirects.yml: 'tips/a/' leads to 'tips/b/', which is redirected itself; lead it straight to 'tips/17/'"),
        ("tips/a/: tips/b/\ntips/b/: tips/a/\n",
         "redirects.yml: the redirects tips/a/ -> tips/b/ -> tips/a/ go round in a circle; remove the one that "
         "leads away from the page that exists"),
        ("t/17/: tips/17/\n", "redirects.yml: 't/17/' is a short link of the site (t/<n>/); redirect another path"),
        ("tips/a/: tips/1/\ntips/a/: tips/2/\n", "redirects.yml line 2: 'tips/a/' is listed twice (first at line 1); "
         "keep one"),
        ("- tips/a/\n", "redirects.yml: must map old paths to new ones, e.g. 'tips/old-name/: tips/17/'"),
    ],
)
def test_redirects_that_lead_nowhere_or_in_circles_are_refused(tmp_path: Path, redirects: str, message: str) -> None:
    path = tmp_path / "redirects.yml"
    path.write_text(redirects, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_redirects(path, LANGUAGES)
    assert str(error.value).splitlines()[0] == message


def test_the_projects_redirects_are_valid(guide_config: Any) -> None:
    redirects = read_redirects(Path(guide_config.redirects), LANGUAGES)
    assert isinstance(redirects, dict)
    assert read_redirects(Path("no-such-file.yml"), LANGUAGES) == {}


def test_a_moved_worksheet_keeps_its_page_and_its_pdf_at_the_old_address(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", [
        f"{lang}/worksheets/new-log/{name}" for lang in ("sv", "en") for name in ("index.html", pdf_name("new-log"))
    ])
    (site / "en/worksheets/new-log" / pdf_name("new-log")).write_bytes(b"%PDF en")
    rendered: list[dict[str, Any]] = []

    def render(template: str, **context: Any) -> str:
        rendered.append({"template": template, **context})
        return f"{template} {context['target']}"

    leads = Leads(site, "https://guide.example/", ["sv", "en"], render)
    assert leads.moved("worksheets/log/", "worksheets/new-log/", lambda lang, path: f"{lang} {path}") == []
    for lang in ("sv", "en"):
        assert (site / lang / "worksheets/log/index.html").read_text(encoding="utf-8") == (
            "redirect-page.html ../../worksheets/new-log/")
        assert (site / lang / "worksheets/log" / pdf_name("log")).read_bytes() == (
            site / lang / "worksheets/new-log" / pdf_name("new-log")).read_bytes()
    assert [(r["lang"], r["canonical"], r["title"]) for r in rendered] == [
        (lang, f"https://guide.example/{lang}/worksheets/new-log/", f"{lang} worksheets/new-log/")
        for lang in ("sv", "en")
    ]
    assert leads.moved("worksheets/x/", "worksheets/nowhere/", lambda lang, path: "") == [
        "redirects.yml: 'worksheets/x/' leads to 'worksheets/nowhere/', which is not a page; "
        "lead it to a page of the site"
    ]
    assert leads.moved("worksheets/new-log/", "worksheets/new-log/", lambda lang, path: "") == [
        "redirects.yml: 'worksheets/new-log/' is a page of the site in every language; remove the redirect"
    ]


def docs_digest(project: Path) -> dict[str, str]:
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "docs").rglob("*")) if p.is_file()}


def test_site_errors_fail_the_build_in_one_message_until_the_renamed_page_is_redirected(
    project_copy: CopyProject, browser: Browser, monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    """The site class of error, built once: a published URL that is gone and a worksheet too long for its
    PDF, in one message without a traceback; then the same copy fixed, built twice without writing
    anything into docs/, and the old address leading to the new one."""
    monkeypatch.setenv("GUIDE_LANGUAGE", "pl")  # one language is enough, and the others' URLs must be let be
    copy = project_copy()
    for lang in LANGUAGES:
        post = copy / f"docs/blog/posts/fail-a-little.{lang}.md"
        renamed = post.with_name(f"fail-a-little-often.{lang}.md")
        text = post.read_text(encoding="utf-8")
        assert "slug: fail-a-little\n" in text
        renamed.write_text(text.replace("slug: fail-a-little\n", "slug: fail-a-little-often\n"), encoding="utf-8")
        post.unlink()
    sheets = {path: path.read_text(encoding="utf-8") for path in copy.glob("docs/worksheets/evaluation-meeting.*.md")}
    assert len(sheets) == len(LANGUAGES)
    for path, text in sheets.items():
        path.write_text(re.sub(r"lines: \d+", "lines: 9", text), encoding="utf-8")

    port = steady_port(2)
    url = f"http://127.0.0.1:{port}/"
    failed = mkdocs_build(copy, copy / "site", url)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0, "the build passed although published URLs are gone"
    assert "Traceback" not in output, output[-3000:]
    message = re.search(r"The site has (\d+) problem\(s\):\n((?:  .*\n?)+)", output)
    assert message, output[-3000:]
    lines = [line.strip() for line in message.group(2).splitlines()]
    assert len(lines) == int(message.group(1)), lines
    assert re.fullmatch(r"docs/worksheets/evaluation-meeting\.pl\.md: the worksheet takes \d A4 pages, 1 at most fit; "
                        r"give its fields fewer lines or shorten its labels and steps", lines[0]), lines
    gone = ("published-urls.txt: /pl/blog/posts/fail-a-little/ is gone; add a redirect in redirects.yml "
            "('blog/posts/fail-a-little/: <its new path>') or restore the page")
    unmade = ("published-urls.txt: /pl/worksheets/evaluation-meeting/evaluation-meeting.pdf is gone; redirect its page "
              "in redirects.yml ('worksheets/evaluation-meeting/: <its new path>'), and the PDF follows")
    assert gone in lines[1:] and set(lines[1:]) <= {gone, unmade}, lines  # the PDF not made may be named again

    for path, text in sheets.items():
        path.write_text(text, encoding="utf-8")
    with (copy / "redirects.yml").open("a", encoding="utf-8") as redirects:
        redirects.write("blog/posts/fail-a-little/: blog/posts/fail-a-little-often/\n")
    before = docs_digest(copy)
    for _ in range(2):
        built = mkdocs_build(copy, copy / "site", url)
        assert built.returncode == 0, built.stdout + built.stderr
    assert docs_digest(copy) == before, "the build wrote into docs/"
    assert (copy / "site/pl/blog/posts/fail-a-little-often/index.html").is_file()  # a new page fails nothing
    old = (copy / "site/pl/blog/posts/fail-a-little/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}pl/blog/posts/fail-a-little-often/">' in old
    assert '<meta name="robots" content="noindex">' in old
    with serve(copy / "site", port):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}pl/blog/posts/fail-a-little/#comments")
        page.wait_for_url(f"{url}pl/blog/posts/fail-a-little-often/#comments")
        assert page.locator("html").get_attribute("lang") == "pl"
        context.close()


def test_short_links_point_at_their_tip_and_stay_out_of_search_engines(
    site_dir: Path, base_url: str, project: Project, guide_config: Any
) -> None:
    root_language = guide_config.root_language
    assert "/t/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for number in project.site.tip_numbers:
        for lang in ("", *(f"{lang}/" for lang in LANGUAGES)):
            html = (site_dir / f"{lang}t/{number}/index.html").read_text(encoding="utf-8")
            assert '<meta name="robots" content="noindex">' in html
            target = f"{base_url}{lang or root_language + '/'}tips/{number}/"
            assert f'<link rel="canonical" href="{target}">' in html, f"/{lang}t/{number}/"


@pytest.mark.parametrize(
    ("locale", "short", "expected"),
    [("fi-FI", "t/17/", "fi/tips/17/"), ("de-DE", "t/17/#try-this-week", "en/tips/17/#try-this-week"),
     ("en-US", "pl/t/5/", "pl/tips/5/")],
)
def test_a_short_link_leads_to_the_tip(browser: Browser, server: str, locale: str, short: str, expected: str) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(server + short)
    page.wait_for_url(server + expected)
    assert page.locator("html").get_attribute("lang") == expected[:2]
    context.close()


def test_short_links_work_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server}t/17/")
    links = page.locator("main a")
    expect(links).to_have_count(len(LANGUAGES))
    assert [links.nth(i).get_attribute("hreflang") for i in range(len(LANGUAGES))] == list(LANGUAGES)
    links.nth(LANGUAGES.index("fi")).click()
    page.wait_for_url(f"{server}fi/tips/17/")
    page.goto(f"{server}pl/t/5/")  # a language's short link: by the refresh
    page.wait_for_url(f"{server}pl/tips/5/")
    context.close()


@pytest.fixture
def clipboard_page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    yield context.new_page()
    context.close()


def clipboard(page: Page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_copies_the_tips_absolute_url(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/17/#how-to-do-it")
    page.get_by_role("button", name=UI["fi"]["copy_link"], exact=True).click()
    assert clipboard(page) == f"{server}fi/tips/17/"
    expect(page.get_by_role("status")).to_have_text(UI["fi"]["link_copied"])
    expect(page.locator(".md-dialog")).to_contain_text(UI["fi"]["link_copied"])


def test_the_link_of_a_heading_copies_its_section(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/17/")
    link = page.locator("#try-this-week .headerlink")
    expect(link).to_have_attribute("aria-label", re.compile(rf"^{re.escape(UI['fi']['copy_section_link'])}: "))
    link.click()
    assert clipboard(page) == f"{server}fi/tips/17/#try-this-week"
    page.locator("article h1 .headerlink").click()  # the title's id changes with the title: the page's URL
    assert clipboard(page) == f"{server}fi/tips/17/"


def test_copy_link_works_by_keyboard_after_instant_navigation(clipboard_page: Page, server: str) -> None:
    page = clipboard_page
    page.goto(f"{server}fi/tips/1/")
    follow_instantly(page, page.locator("#related + div a[href$='/17/']").first, f"{server}fi/tips/17/", "17.")
    page.locator("article h1 .headerlink").focus()
    page.keyboard.press("Shift+Tab")  # to the button, which comes just before the title
    button = page.get_by_role("button", name=UI["fi"]["copy_link"], exact=True)
    assert button.evaluate("b => b === document.activeElement && b.matches(':focus-visible')")
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(UI["fi"]["link_copied"])
    assert clipboard(page) == f"{server}fi/tips/17/"


def test_the_copy_link_button_is_only_on_tips(page: Page, server: str) -> None:
    page.goto(f"{server}en/viva/action/")
    expect(page.locator("article .headerlink").first).to_have_attribute("title", UI["en"]["copy_section_link"])
    expect(page.get_by_role("button", name=UI["en"]["copy_link"], exact=True)).to_have_count(0)
