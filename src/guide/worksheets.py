"""A worksheet page: its title, instruction, actions and form, from its front matter.

The form is plain HTML that works without JavaScript: a labelled <textarea> per field
(rows = the paper's lines), a check box per step, and a row of five radio buttons per
tip on the self-assessment. worksheets.js keeps the answers in this browser only and
fills the copies that paper shows (.ws-written, .ws-box); pdfs.py turns the same
markup into the PDF's form fields, named and described by `title` in the sheet's language.
Ids are positional (ws-f<section>-<field>, ws-s<section>-<step>, ws-r<tip>-<rating>):
worksheets.js stores answers by id and drops those whose field is gone.
"""

from __future__ import annotations

from typing import Any

from .content import Page, Site
from .markup import html, md
from .viva import diagram

RATINGS = range(1, 6)


def pdf_name(slug: str) -> str:
    """The PDF's file name, in the folder of the worksheet's page (pdfs.py writes it)."""
    return f"{slug}.pdf"


def field_name(label: str) -> str:
    """A form field's name: its label without periods, which a PDF reader takes for levels of a hierarchy."""
    return " ".join(label.replace(".", " ").split())


class FieldNames:
    """The form fields' names, in the sheet's language and unique within the sheet."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, label: str) -> str:
        base = field_name(label)
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base} ({n})"
        self.used.add(name)
        return name


def worksheet_markdown(site: Site, page: Page, ui: dict[str, Any], body: str) -> str:
    meta, strings, names = page.meta, ui["worksheets"], FieldNames()
    out = [f"# {md(meta['title'])}\n", f"{md(meta['description'])}\n{{: .ws-instruction }}\n"]
    if meta.get("diagram") == "viva":  # the model at a glance beside the title, on screen and paper
        figure = diagram(site, page.lang or "", ui, compact=True)
        out.insert(0, f'<div class="ws-diagram">{figure}</div>\n')
    out += [_actions(page, ui), body]
    if meta.get("rating") == "tips":
        out.append(_rating_table(site, page, strings["rating_label"], names))
    for s, section in enumerate(meta.get("sections", []), 1):
        out.append(f"## {md(section['title'])}\n")
        parts = ['<div class="ws-section">']
        for f, field in enumerate(section.get("fields") or [], 1):
            parts.append(_text_field(f"ws-f{s}-{f}", names(field["label"]), field["label"], field["lines"]))
        if section.get("steps"):
            parts.append('<ul class="ws-steps">')
            parts += [f"<li>{_tick(f'ws-s{s}-{n}', 'checkbox', step, names(step))}</li>"
                      for n, step in enumerate(section["steps"], 1)]
            parts.append("</ul>")
        parts.append("</div>\n")
        out.append("\n".join(parts))
    return "\n".join(out)


def _text_field(ident: str, name: str, label: str, lines: int) -> str:
    """A labelled text area as tall as the paper's lines, and its printed copy (filled by worksheets.js)."""
    size = f'style="--ws-lines: {lines}"'
    return (
        f'<div class="ws-field"><label class="ws-label" for="{ident}">{html(label)}</label>'
        f'<textarea class="ws-input" id="{ident}" name="{html(name)}" rows="{lines}" {size} title="{html(label)}">'
        f'</textarea><div class="ws-written" {size} aria-hidden="true"></div></div>'
    )


def _tick(ident: str, kind: str, label: str, name: str, value: str = "", title: str | None = None) -> str:
    """A check box or radio button; on paper the drawn box beside it shows its tick."""
    attributes = f' value="{value}"' if value else ""
    return (
        f'<input class="ws-tick" type="{kind}" id="{ident}" name="{html(name)}"{attributes} '
        f'title="{html(title or label)}"><span class="ws-box" aria-hidden="true"></span>'
        f'<label for="{ident}">{html(label)}</label>'
    )


def _actions(page: Page, ui: dict[str, Any]) -> str:
    """The controls of the form (shown by worksheets.js, which runs them) and the ready PDF (pdfs.py)."""
    strings = ui["worksheets"]
    buttons = [
        ("data-guide-print", ui["print"]),
        ('data-ws-action="save"', strings["download_filled"]),
        ('data-ws-action="blank"', strings["print_blank"]),
        ('data-ws-action="copy"', strings["copy_text"]),
        ('data-ws-action="clear"', strings["clear"]),
    ]
    shown = "".join(f'<button type="button" class="md-button" {attribute} hidden>{html(text)}</button> '
                    for attribute, text in buttons)
    return (
        f'<p class="ws-lead" data-ws-only hidden>{html(strings["fill_in"])}</p>\n'
        f'<p class="ws-actions" data-pagefind-ignore data-ws-copied="{html(strings["copied"])}">{shown}'
        f'<a class="md-button" href="{pdf_name(page.stem)}" type="application/pdf">{html(ui["download_pdf"])}</a>'
        ' <span class="ws-status" role="status"></span></p>\n'
    )


def _rating_table(site: Site, page: Page, rating_label: str, names: FieldNames) -> str:
    """A row per tip, five radio buttons in it; each one's title says which tip and which rating."""
    rows = []
    for number in site.tip_numbers:
        tip = site.tip(number, page.lang or "")
        assert tip is not None, "every tip exists in every language (checks.py)"
        shown, group = f"{number}. {tip.title}", names(f"{number}. {tip.title}")
        boxes = [
            _tick(f"ws-r{number}-{n}", "radio", str(n), group, str(n), rating_label.format(tip=shown, n=n))
            for n in RATINGS
        ]
        cells = "".join(f'<td class="ws-rate">{box}</td>' for box in boxes)
        rows.append(f'<tr><th scope="row">{html(shown)}</th>{cells}</tr>')
    return '<table class="ws-rating">\n' + "\n".join(rows) + "\n</table>\n"
