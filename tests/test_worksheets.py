"""Worksheets a reader fills in: answers kept in this browser only, printed with or without them,
copied as text, and every worksheet's PDF a form (AcroForm) that a PDF program can fill."""

from __future__ import annotations

import io
import re
import subprocess
import time
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader, PdfWriter

from conftest import LANGUAGES, ROOT, read_config  # the languages of mkdocs.yml's plugins.guide.languages
from guide import pdfs
from guide.cache import DiskCache

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
UI = {lang: read_config(ROOT)[1].languages[lang]["ui"]["worksheets"] for lang in LANGUAGES}


def ui(lang: str) -> dict[str, str]:
    return UI[lang]


def sheets(site_dir: Path, lang: str) -> list[str]:
    """The language's worksheets, by the pages the build wrote."""
    return sorted(path.parent.name for path in (site_dir / lang / "worksheets").glob("*/index.html"))


def page_fields(site_dir: Path, lang: str, slug: str) -> list[dict[str, str]]:
    """The form's fields as the page has them: kind, id, name and title (the PDF's tooltip)."""
    html = (site_dir / lang / "worksheets" / slug / "index.html").read_text(encoding="utf-8")
    fields = []
    for match in re.finditer(r'<(textarea|input) class="ws-[a-z]+"([^>]*)>', html):
        attributes = {key: unescape(value) for key, value in re.findall(r'([a-z]+)="([^"]*)"', match[2])}
        fields.append({"kind": attributes.get("type", match[1]), **attributes})
    return fields


def max_pages(fields: list[dict[str, str]]) -> int:
    return 2 if any(field["kind"] == "radio" for field in fields) else 1


def pdftotext(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def printed(page: Page) -> tuple[int, str]:
    """What Chromium prints: the number of A4 pages and their text (pdftotext)."""
    page.emulate_media(media="print")
    data = page.pdf(format="A4")
    page.emulate_media(media="screen")
    return len(PdfReader(io.BytesIO(data)).pages), pdftotext(data)


PRINTED_TICKS = """() => [...document.querySelectorAll(".ws-box")]
  .filter(box => getComputedStyle(box, "::after").content.includes("✓")).length"""


def answers_in_storage(page: Page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('guide.worksheet:'))")


def fill_sheet(page: Page, lang: str) -> dict[str, str]:
    """Type an answer into every text field (one of them longer than its lines) and tick the first
    box of every list with the space bar; the answers typed, by field id."""
    typed = {}
    for n, area in enumerate(page.locator("textarea.ws-input").all()):
        ident = area.get_attribute("id")
        typed[ident] = f"Answer{n}{lang} " + ("and a second line\nand a third\nand a fourth" if n == 0 else "kept")
        area.fill(typed[ident])
    groups = page.locator(".ws-steps, .ws-rating tr")
    for group in groups.all():
        group.locator("input.ws-tick").first.press("Space")
    assert groups.evaluate_all("groups => groups.every(group => group.querySelector('.ws-tick:checked'))")
    return typed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answers_survive_reloads_and_instant_navigation_and_clear(page: Page, server: str, lang: str) -> None:
    url = f"{server}{lang}/worksheets/self-assessment/"
    page.goto(url)
    area = page.locator("textarea.ws-input").first
    area.click()
    page.keyboard.type("Tip 4: answer the same day")
    page.locator("#ws-r4-3").check()
    page.reload()
    expect(area).to_have_value("Tip 4: answer the same day")
    expect(page.locator("#ws-r4-3")).to_be_checked()

    page.evaluate("window.loadedOnce = true")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(lambda address: address != url)
    page.go_back()
    page.wait_for_url(url)
    expect(area).to_have_value("Tip 4: answer the same day")
    expect(page.locator("#ws-r4-3")).to_be_checked()
    assert page.evaluate("window.loadedOnce === true"), "the worksheet was opened by a page load"

    other = next(code for code in LANGUAGES if code != lang)
    page.goto(f"{server}{other}/worksheets/self-assessment/")
    expect(page.locator("textarea.ws-input").first).to_have_value("")

    page.goto(url)
    page.get_by_role("button", name=ui(lang)["clear"]).click()
    expect(area).to_have_value("")
    expect(page.locator("#ws-r4-3")).not_to_be_checked()
    page.reload()
    expect(area).to_have_value("")
    assert not [key for key in answers_in_storage(page) if key.endswith(f"/{lang}/worksheets/self-assessment/")]


def test_stored_answers_are_checked_when_read(page: Page, server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = f"{server}en/worksheets/viva-preparation/"
    key = "guide.worksheet:/en/worksheets/viva-preparation/"
    page.goto(url)
    for junk in ["{not json", "[1, 2]", "42", '"text"', "null"]:
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, junk])
        page.reload()
        expect(page.locator("textarea.ws-input").first).to_have_value("")
    stored = {"ws-f1-1": "kept", "ws-f1-2": 7, "ws-s1-1": True, "ws-s1-2": "yes", "no-such-field": "x",
              "__proto__": "x", "ws-f2-1": {"text": "x"}}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", [key, stored])
    page.reload()
    expect(page.locator("#ws-f1-1")).to_have_value("kept")
    expect(page.locator("#ws-f1-2")).to_have_value("")
    expect(page.locator("#ws-s1-1")).to_be_checked()
    expect(page.locator("#ws-s1-2")).not_to_be_checked()
    expect(page.locator("#ws-f2-1")).to_have_value("")
    page.locator("#ws-f2-1").fill("typed")  # the page still works, and writes back only what is valid
    assert page.evaluate("key => JSON.parse(localStorage.getItem(key))", key) == {
        "ws-f1-1": "kept", "ws-s1-1": True, "ws-f2-1": "typed"}
    assert not errors, errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_shows_the_answers_on_the_sheets_pages_and_print_blank_none(
    page: Page, site_dir: Path, server: str, lang: str
) -> None:
    page.add_init_script("""window.print = () => {
      window.printedBlank = document.documentElement.classList.contains("ws-blank") }""")
    for slug in sheets(site_dir, lang):
        fields = page_fields(site_dir, lang, slug)
        page.goto(f"{server}{lang}/worksheets/{slug}/")
        typed = fill_sheet(page, lang)
        pages, text = printed(page)
        assert pages <= max_pages(fields), f"{lang}/{slug} with answers prints on {pages} pages"
        missing = [answer for answer in typed.values() if " ".join(answer.split()) not in text]
        assert not missing, f"{lang}/{slug}: the printed page lacks {missing}"
        ticks = page.locator(".ws-steps, .ws-rating tr").count()
        assert text.count("✓") == ticks, f"{lang}/{slug}: {text.count('✓')} ticks printed, {ticks} ticked"

        page.get_by_role("button", name=ui(lang)["print_blank"]).click()
        assert page.evaluate("window.printedBlank") is True, f"{lang}/{slug}: Print blank printed the answers"
        # What that print shows, by the print stylesheet (test_print.py prints each blank sheet to a PDF)
        page.emulate_media(media="print")
        shown = " ".join(page.locator("article").inner_text().split())
        assert all(answer.split()[0] in shown for answer in typed.values()) and page.evaluate(PRINTED_TICKS) == ticks, (
            f"{lang}/{slug}: the probe misses the printed answers or ticks")
        page.evaluate("document.documentElement.classList.add('ws-blank')")
        text, ticked = " ".join(page.locator("article").inner_text().split()), page.evaluate(PRINTED_TICKS)
        page.emulate_media(media="screen")
        page.evaluate("document.documentElement.classList.remove('ws-blank')")
        assert not [answer for answer in typed.values() if answer.split()[0] in text], f"{lang}/{slug} blank"
        assert ticked == 0, f"{lang}/{slug}: the blank sheet prints {ticked} ticks"
        page.get_by_role("button", name=ui(lang)["download_filled"]).click()  # prints with the answers
        assert page.evaluate("window.printedBlank") is False
        page.get_by_role("button", name=ui(lang)["clear"]).click()


def test_copy_as_text_puts_the_answers_on_the_clipboard(browser: Browser, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    for lang in LANGUAGES:
        page.goto(f"{server}{lang}/worksheets/viva-preparation/")
        page.locator("#ws-f1-1").fill("Agree the brief\nand the budget")
        page.locator("#ws-s1-1").check()
        page.get_by_role("button", name=ui(lang)["copy_text"]).click()
        expect(page.locator(".ws-status")).to_have_text(ui(lang)["copied"])
        text = page.evaluate("navigator.clipboard.readText()")
        label = " ".join(page.locator("label[for=ws-f1-1]").inner_text().split())
        step = " ".join(page.locator("label[for=ws-s1-1]").inner_text().split())
        title = page.locator("article h1").evaluate("h1 => h1.firstChild.textContent.trim()")
        assert text.startswith(title), text[:80]
        assert f"{label}:\nAgree the brief\nand the budget\n" in text, text
        assert f"[x] {step}\n" in text and "[ ] " in text, text
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_leaves_the_site_while_a_reader_fills_a_sheet(page: Page, server: str, lang: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script("window.print = () => {}")
    page.goto(f"{server}{lang}/worksheets/viva-preparation/")
    page.wait_for_load_state("networkidle")
    loaded = len(requests)
    fill_sheet(page, lang)
    for action in ("download_filled", "print_blank", "clear"):
        page.get_by_role("button", name=ui(lang)[action]).click()
    page.wait_for_timeout(300)
    assert requests[loaded:] == [], f"filling {lang} asked for {requests[loaded:]}"
    assert all(url.startswith(server) for url in requests), [url for url in requests if not url.startswith(server)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_a_filled_sheet(page: Page, server: str, lang: str) -> None:
    from test_accessibility import RUN_AXE

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./scripts/setup test", pytrace=False)
    for slug in ("viva-preparation", "self-assessment"):
        page.goto(f"{server}{lang}/worksheets/{slug}/")
        fill_sheet(page, lang)
        page.add_script_tag(path=AXE)
        violations = page.evaluate(RUN_AXE)
        assert not violations, f"{lang}/{slug}: " + "\n".join(violations)


def test_a_sheet_is_filled_by_keyboard_alone(page: Page, server: str) -> None:
    page.goto(f"{server}en/worksheets/viva-preparation/")
    area = page.locator("#ws-f1-1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if area.evaluate("element => element === document.activeElement"):
            break
    expect(area).to_be_focused()
    assert area.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    page.keyboard.type("By keyboard")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#ws-s1-1")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#ws-s1-1")).to_be_checked()
    page.reload()
    expect(area).to_have_value("By keyboard")


def test_without_javascript_the_blank_form_shows_and_nothing_dead(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}en/worksheets/viva-preparation/")
    expect(page.get_by_label(page.locator("label[for=ws-f1-1]").inner_text())).to_be_editable()
    controls = page.locator(".ws-actions button, .ws-lead")
    expect(controls).to_have_count(5 + 1)
    for element in controls.all():
        expect(element).to_be_hidden()
    pages, text = printed(page)
    assert pages == 1 and page.locator("label[for=ws-f1-1]").inner_text() in text
    context.close()


def widgets(reader: PdfReader) -> list[tuple[int, Any, tuple[float, float, float, float]]]:
    """Each form field's widget in the order of its page's annotations: page number, widget, and its
    rectangle as (left, top, right, bottom) in points from the page's top left corner."""
    found = []
    for number, pdf_page in enumerate(reader.pages):
        height = float(pdf_page.mediabox.height)
        for annot in pdf_page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/Subtype") == "/Widget":
                x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
                found.append((number, widget, (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_worksheet_pdf_is_a_form_in_its_language(site_dir: Path, lang: str) -> None:
    for slug in sheets(site_dir, lang):
        where = f"{lang}/worksheets/{slug}/{slug}.pdf"
        fields = page_fields(site_dir, lang, slug)
        reader = PdfReader(site_dir / lang / "worksheets" / slug / f"{slug}.pdf")
        form = reader.get_fields() or {}
        assert len(form) == len(fields) == len(reader.trailer["/Root"]["/AcroForm"]["/Fields"]), where
        assert [str(field.get("/TU")) for field in form.values()] == [field["title"] for field in fields], where
        kinds = [("/Tx" if field["kind"] == "textarea" else "/Btn") for field in fields]
        assert [field.get("/FT") for field in form.values()] == kinds, where
        assert all("." not in name for name in form), f"{where}: a field's name has a period"
        # Tab order: each page's structure order, which is the order of its fields from the top.
        assert all(pdf_page.get("/Tabs") == "/S" for pdf_page in reader.pages), where
        tops = [(number, round(rect[1])) for number, _, rect in widgets(reader)]
        assert tops == sorted(tops), f"{where}: the fields are not in order from the top"
    if lang != "en":
        english = {field["title"] for slug in sheets(site_dir, "en") for field in page_fields(site_dir, "en", slug)}
        own = {field["title"] for slug in sheets(site_dir, lang) for field in page_fields(site_dir, lang, slug)}
        assert len(own & english) < len(own) / 10, f"{lang}: the tooltips are the English ones"


def test_a_pdf_is_laid_out_without_what_only_a_browser_uses(site_dir: Path) -> None:
    """The ticks' labels (their text stays) and the ids that tie labels to fields are left out."""
    page = (site_dir / "en" / "worksheets" / "self-assessment" / "index.html").read_text(encoding="utf-8")
    article = pdfs.ARTICLE.search(page)
    assert article is not None
    html = pdfs.document(article[1], "en", "Title", "Lead", "Guide")
    ratings = [field for field in page_fields(site_dir, "en", "self-assessment") if field["kind"] == "radio"]
    assert html.count('<input class="ws-tick" type="checkbox"') == len(ratings) > 0
    assert re.findall(r'title="[^"]*">(\d)</td>', html) == [field["value"] for field in ratings]
    assert html.count('<label class="ws-label">') == html.count("<textarea") > 0
    assert "<label for=" not in html and not re.search(r' (id|for)="ws-', html)


def test_the_form_font_has_the_same_bytes_whenever_it_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It is in every PDF: with the day it was made in it, each cold build's PDFs would be new to rsync."""
    made = []
    for when in (1.8e9, 1.9e9):
        monkeypatch.setattr(time, "time", lambda when=when: when)
        made.append(pdfs.form_font(DiskCache(tmp_path / str(when)), "version").read_bytes())
    assert made[0] == made[1]


def dark_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    histogram = image.convert("L").crop(tuple(round(v) for v in box)).histogram()
    return sum(histogram[:128]) / max(1, sum(histogram))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pdf_filled_by_a_program_shows_its_values(site_dir: Path, tmp_path: Path, lang: str) -> None:
    source = site_dir / lang / "worksheets" / "viva-preparation" / "viva-preparation.pdf"
    writer = PdfWriter(clone_from=source)
    values: dict[str, str] = {}
    ticked: list[str] = []
    for name, field in PdfReader(source).get_fields().items():
        if field.get("/FT") == "/Tx":
            values[name] = f"Filled{len(values)} ÅÄÖ åäö ŁŚŻ ąęł Ωμέγα Жук €"  # any EU language's letters
        elif len(ticked) < 2:
            values[name] = "/on"
            ticked.append(name)
    for pdf_page in writer.pages:
        writer.update_page_form_field_values(pdf_page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)

    text = pdftotext(filled.read_bytes())
    assert all(value in text for name, value in values.items() if name not in ticked), text

    def render(pdf: Path) -> Image.Image:
        subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / pdf.stem)],
                       check=True)
        return Image.open(next(tmp_path.glob(f"{pdf.stem}-*1.png")))

    empty, full = render(source), render(filled)  # at 72 dpi: a pixel a point
    darker = {}  # by field: how much more of its box is dark once filled
    for number, widget, (left, top, right, bottom) in widgets(PdfReader(source)):
        box = (left + 1, top + 1, right - 1, bottom - 1)
        if number == 0 and widget["/T"] in values:
            darker[widget["/T"]] = dark_share(full, box) - dark_share(empty, box)
    assert darker and all(darker[name] > (0.1 if name in ticked else 0.005) for name in darker), darker
