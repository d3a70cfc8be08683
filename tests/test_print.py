"""Paper and ticks: worksheets print on one clean A4 page, the build makes their PDFs,
tips and practices print as content only, and checklists remember the reader's ticks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from conftest import CONFIG, GUIDE_CONFIG, LANGUAGES, SOURCE, UI, follow_instantly, load_docs, mkdocs_build
from guide.content import Page as Worksheet

SITE = load_docs(GUIDE_CONFIG, SOURCE / "docs").site  # the content model, for the worksheets to parametrize
I18N = {language.locale: language for language in CONFIG.plugins["i18n"].config.languages}
GUIDE = {lang: I18N[lang].site_name or CONFIG.site_name for lang in LANGUAGES}  # the guide's name in each language
LANGUAGE = {lang: I18N[lang].name for lang in LANGUAGES}  # each language's name in itself


def worksheets(lang: str) -> list[Worksheet]:
    found = sorted(SITE.of_kind("worksheet", lang), key=lambda page: page.stem)
    assert found, f"no worksheet in {lang}"
    return found


def max_pages(worksheet: Worksheet) -> int:
    return 2 if worksheet.meta.get("rating") else 1


def words(text: str) -> str:
    """Text with every run of white space as one space, as a PDF's lines break anywhere."""
    return " ".join(text.split())


def pdf_text(reader: PdfReader) -> list[str]:
    """Each page's text as a reader copies or searches it (a ligature's glyph "ﬁ" would not match "fi")."""
    return [words(page.extract_text()) for page in reader.pages]


def must_say(worksheet: Worksheet) -> list[str]:
    """What a printed worksheet must show: its title, instruction, every label and step, and for a
    rating sheet its first and last tip."""
    meta = worksheet.meta
    texts = [meta["title"], meta["description"]]
    for section in meta.get("sections", []):
        texts.append(section["title"])
        texts += [field["label"] for field in section.get("fields") or []]
        texts += section.get("steps") or []
    if meta.get("rating"):
        for number in (SITE.tip_numbers[0], SITE.tip_numbers[-1]):
            tip = SITE.tip(number, worksheet.lang or "")
            assert tip is not None
            texts.append(f"{number}. {tip.title}")
    return [words(text) for text in texts]


def footer(server: str, lang: str, path: str) -> str:
    """The line at the foot of every printed page: the guide, the page's URL and its language."""
    return f"{GUIDE[lang]} · {server}{lang}/{path} · {LANGUAGE[lang]}"


CHROME = """() => {
  const article = document.querySelector("article").cloneNode(true)
  const around = ".ws-actions, .guide-checklist-controls, .headerlink, style, template"
  article.querySelectorAll(around).forEach(e => e.remove())
  const labels = document.querySelectorAll(`.md-tabs__link, .md-search__input, .md-footer__link,
    .ws-actions .md-button, .guide-checklist-controls button, .guide-checklist-controls label`)
  return {content: article.textContent, labels: [...labels].map(e => e.textContent.trim() || e.placeholder || "")}
}"""


def chrome(page: Page, footer: str) -> list[str]:
    """What the screen shows around the article (tabs, search, buttons, links to the next page)
    and neither the article's text nor the printed footer says: paper must not show it."""
    found = page.evaluate(CHROME)
    content = words(found["content"])
    return [label for label in map(words, found["labels"]) if label and label not in content and label not in footer]


TEXT_COLOURS = """() => {
  const colours = {}
  for (const element of document.querySelectorAll("article *")) {
    const text = [...element.childNodes].some(node => node.nodeType === Node.TEXT_NODE && node.textContent.trim())
    if (text && element.getClientRects().length) colours[getComputedStyle(element).color] = element.textContent.trim()
  }
  return colours
}"""


def print_to_pdf(page: Page) -> PdfReader:
    """Print the page as Chromium does, after checking that all its text is black."""
    page.emulate_media(media="print")
    colours = page.evaluate(TEXT_COLOURS)
    assert list(colours) == ["rgb(0, 0, 0)"], f"{page.url}: on paper, text in {colours}"
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.emulate_media(media="screen")
    return reader


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_worksheet_prints_on_its_pages_without_the_site_around_it(page: Page, server: str, lang: str) -> None:
    for worksheet in worksheets(lang):
        path = f"worksheets/{worksheet.stem}/"
        page.goto(f"{server}{lang}/{path}")
        header = chrome(page, footer(server, lang, path))
        assert len(header) >= 4, f"{lang}/{path}: the site's tabs and buttons were not found: {header}"
        reader = print_to_pdf(page)
        pages = pdf_text(reader)
        text = " ".join(pages)
        assert 1 <= len(pages) <= max_pages(worksheet), f"{lang}/{path} prints on {len(pages)} pages"
        missing = [want for want in must_say(worksheet) if want not in text]
        assert not missing, f"{lang}/{path} prints without {missing}"
        assert all(footer(server, lang, path) in page_text for page_text in pages), f"{lang}/{path}: footer"
        assert not [label for label in header if label in text], f"{lang}/{path} prints the site's chrome"


@pytest.mark.parametrize(
    ("lang", "path"), [("en", "tips/17/"), ("fi", "feedback/complaints/"), ("pl", "viva/action/"), ("sv", "viva/")]
)
def test_tips_practices_and_phases_print_as_content_only(page: Page, server: str, lang: str, path: str) -> None:
    page.goto(f"{server}{lang}/{path}")
    title = words(page.locator("article h1").evaluate("h1 => h1.firstChild.textContent"))
    header = chrome(page, footer(server, lang, path))
    assert len(header) >= 4, f"{lang}/{path}: the site's tabs and buttons were not found: {header}"
    pages = pdf_text(print_to_pdf(page))
    bodies = []
    for number, text in enumerate(pages, 1):
        assert footer(server, lang, path) in text, f"{lang}/{path}: page {number} has no footer"
        bodies.append(text.replace(footer(server, lang, path), "").replace(f"{number} / {len(pages)}", "").strip())
        assert len(bodies[-1]) > 40, f"{lang}/{path}: page {number} of {len(pages)} holds nothing but the footer"
    assert bodies[0].startswith(title), f"{lang}/{path}: the first page starts with {bodies[0][:60]!r}"
    assert not [label for label in header if label in " ".join(pages)], f"{lang}/{path} prints the site's chrome"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_build_makes_a_pdf_of_every_worksheet(site_dir: Path, server: str, lang: str) -> None:
    for worksheet in worksheets(lang):
        folder = site_dir / lang / "worksheets" / worksheet.stem
        reader = PdfReader(folder / f"{worksheet.stem}.pdf")
        where = f"{lang}/worksheets/{worksheet.stem}/{worksheet.stem}.pdf"
        assert len(reader.pages) <= max_pages(worksheet), f"{where}: {len(reader.pages)} pages"
        assert reader.metadata is not None and reader.metadata.title == worksheet.meta["title"], where
        assert reader.trailer["/Root"]["/Lang"] == lang, where
        text = " ".join(pdf_text(reader))
        missing = [want for want in must_say(worksheet) if want not in text]
        assert not missing, f"{where} has no selectable text {missing}"
        assert footer(server, lang, f"worksheets/{worksheet.stem}/") in text, where
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<a class="md-button" href="{worksheet.stem}\.pdf"[^>]*>[^<]*PDF</a>', html), where


def test_the_worksheet_page_offers_print_and_its_pdf(page: Page, server: str) -> None:
    page.goto(f"{server}sv/worksheets/complaint-log/")
    page.evaluate("window.print = () => { window.printed = true }")
    page.get_by_role("button", name=UI["sv"]["print"], exact=True).click()
    assert page.evaluate("window.printed === true")
    download = page.get_by_role("link", name=UI["sv"]["download_pdf"], exact=True)
    response = page.request.get(download.evaluate("link => link.href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.url == f"{server}sv/worksheets/complaint-log/complaint-log.pdf"


def test_without_javascript_checklists_are_plain_boxes_and_print_has_no_dead_button(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}en/tips/17/")
    expect(page.locator("#try-this-week + ul.task-list input[type=checkbox]")).to_have_count(4)
    expect(page.locator(".guide-checklist-controls")).to_have_count(0)
    page.goto(f"{server}en/worksheets/complaint-log/")
    expect(page.get_by_role("button", name=UI["en"]["print"], exact=True)).to_be_hidden()
    context.close()


def tick(page: Page, item: str) -> None:
    """Click the box that Material draws before the item, where a reader clicks."""
    page.locator(item).scroll_into_view_if_needed()
    point = page.locator(item).evaluate("""li => {
      const box = getComputedStyle(li.querySelector(".task-list-indicator"), "::before")
      const item = li.getBoundingClientRect()
      return {x: item.left + parseFloat(box.left) + parseFloat(box.width) / 2,
              y: item.top + parseFloat(box.top) + parseFloat(box.height) / 2}
    }""")
    page.mouse.click(point["x"], point["y"])


def boxes(page: Page) -> list[bool]:
    items = page.locator("#try-this-week + ul.task-list input[type=checkbox]")
    return [items.nth(i).is_checked() for i in range(items.count())]


def test_a_ticked_checklist_survives_reloads_and_instant_navigation_and_clears(page: Page, server: str) -> None:
    page.goto(f"{server}en/tips/17/")
    tick(page, "#try-this-week + ul.task-list > li:nth-child(2)")
    assert boxes(page) == [False, True, False, False]
    page.reload()
    assert boxes(page) == [False, True, False, False]

    follow_instantly(page, page.locator("#related + div a[href$='/tips/1/']").first, f"{server}en/tips/1/", "1.")
    assert not any(boxes(page)), "another page shares tip 17's ticks"
    follow_instantly(page, page.locator("#related + div a[href$='/tips/17/']").first, f"{server}en/tips/17/", "17.")
    assert boxes(page) == [False, True, False, False]
    expect(page.locator(".guide-checklist-controls")).to_have_count(1)  # one set, however often the page is shown

    page.goto(f"{server}sv/tips/17/")
    assert not any(boxes(page)), "the Swedish page shares the English page's ticks"

    page.goto(f"{server}en/tips/17/")
    page.get_by_role("button", name=UI["en"]["checklist_clear"], exact=True).click()
    assert not any(boxes(page))
    page.reload()
    assert not any(boxes(page))
    assert page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('guide.checklist:'))") == []


def test_a_printed_checklist_has_empty_boxes_unless_the_reader_prints_the_ticks(page: Page, server: str) -> None:
    page.goto(f"{server}en/viva/action/")
    tick(page, "#checklist + ul.task-list > li:first-child")
    text = " ".join(pdf_text(print_to_pdf(page)))
    assert "✓" not in text and UI["en"]["checklist_clear"] not in text and UI["en"]["checklist_print_ticks"] not in text
    page.get_by_label(UI["en"]["checklist_print_ticks"]).check()
    text = " ".join(pdf_text(print_to_pdf(page)))
    assert text.count("✓") == 1


def test_a_build_without_weasyprint_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if it were not installed: the build's Python can neither find nor import it."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "sitecustomize.py").write_text("import sys\nsys.modules['weasyprint'] = None\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(shadow))
    result = mkdocs_build(SOURCE, tmp_path / "site", "https://guide.example/")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    message = "WeasyPrint, which makes the worksheet PDFs, is not installed: run ./scripts/setup"
    assert f"The build has 1 problem(s):\n  {message}" in result.stderr, result.stderr[-3000:]
    assert not (tmp_path / "site" / LANGUAGES[0]).exists(), "pages were built before the check"
