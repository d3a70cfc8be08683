"""A worksheet page: its title, instruction, actions and fields, from its front matter."""

from __future__ import annotations

from typing import Any

from .content import Page, Site
from .markup import html, md


def pdf_name(slug: str) -> str:
    """The PDF's file name, in the folder of the worksheet's page (pdfs.py writes it)."""
    return f"{slug}.pdf"


def worksheet_markdown(site: Site, page: Page, ui: dict[str, Any], body: str) -> str:
    meta = page.meta
    out = [f"# {md(meta['title'])}\n", f"{md(meta['description'])}\n{{: .ws-instruction }}\n"]
    out += [_actions(page, ui), body]
    if meta.get("rating") == "tips":
        out.append(_rating_table(site, page))
    for section in meta.get("sections", []):
        out.append(f"## {md(section['title'])}\n")
        parts = ['<div class="ws-section">']
        for field in section.get("fields") or []:
            parts.append(
                f'<div class="ws-field"><p class="ws-label">{html(field["label"])}</p>'
                f'<div class="ws-lines">{"<div></div>" * field["lines"]}</div></div>'
            )
        if section.get("steps"):
            parts.append('<ul class="ws-steps">')
            box = '<span class="ws-box" aria-hidden="true"></span>'
            parts += [f"<li>{box}{html(step)}</li>" for step in section["steps"]]
            parts.append("</ul>")
        parts.append("</div>\n")
        out.append("\n".join(parts))
    return "\n".join(out)


def _actions(page: Page, ui: dict[str, Any]) -> str:
    """Print (shown by print.js) and the PDF that pdfs.py writes beside the page."""
    return (
        '<p class="ws-actions" data-pagefind-ignore>'
        f'<button type="button" class="md-button" data-guide-print hidden>{html(ui["print"])}</button> '
        f'<a class="md-button" href="{pdf_name(page.stem)}" type="application/pdf">{html(ui["download_pdf"])}</a></p>\n'
    )


def _rating_table(site: Site, page: Page) -> str:
    rows = []
    for number in site.tip_numbers:
        tip = site.tip(number, page.lang or "")
        assert tip is not None, "every tip exists in every language (checks.py)"
        boxes = "".join(f'<td class="ws-rate"><span class="ws-box"></span>{n}</td>' for n in range(1, 6))
        rows.append(f'<tr><th scope="row">{number}. {html(tip.title)}</th>{boxes}</tr>')
    return '<table class="ws-rating">\n' + "\n".join(rows) + "\n</table>\n"
