"""Write the parts of a page that come from the content model, not from its author.

A tip gets its number, title and lead on top and its related tips, VIVA! phase
and worksheet below; index, phase and practice pages get their lists of tips;
a worksheet gets its fields laid out for handwriting. Everything is built from
the front matter, so that a title changed in one place changes everywhere.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

import content_model
import worksheet_pdfs
from build_language import current, is_root_build
from content_model import Page, Site


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    if is_root_build(config):
        return markdown
    site = content_model.load(config.docs_dir)
    key, _ = content_model.split_name(page.file.src_uri)
    source = site.page(key, current(config))
    if source is None:
        return markdown
    ui = config.extra["ui"]
    view = PageView(site, source, ui, up="../" * (key.count("/")))
    if source.kind == "tip":
        return view.tip(markdown)
    if source.kind == "phase":
        return markdown + view.tip_list(ui["tips_in_phase"], view.tips_of_phase(source.stem))
    if source.kind == "practice":
        return markdown + view.tip_list(ui["tips_behind"], source.meta.get("tips", []))
    if source.kind == "worksheet":
        return view.worksheet(markdown, config)
    if key == "tips/index.md":
        return markdown + view.tip_groups()
    if source.meta.get("tip_list"):
        return markdown + view.tip_list(ui["all_tips"], range(1, content_model.TIP_COUNT + 1), leads=False)
    return markdown


def not_indexed(markdown: str) -> str:
    """Lists of other pages' titles and leads: kept out of the search index, so a
    query finds the tip itself, not every page that links to it."""
    return f"\n<div data-pagefind-ignore markdown>\n\n{markdown}\n\n</div>\n"


class PageView:
    """Markdown for one page in one language; links are relative to the page."""

    def __init__(self, site: Site, page: Page, ui: dict[str, str], up: str) -> None:
        self.site, self.page, self.ui, self.up = site, page, ui, up

    def _tip(self, number: int) -> Page:
        tip = self.site.tip(number, self.page.lang or "")
        assert tip is not None, f"tip {number} is checked to exist"
        return tip

    def tip_link(self, number: int) -> str:
        return f"[{number}. {self._tip(number).meta['title']}]({self.up}tips/{number}.md)"

    def page_link(self, key: str) -> str:
        target = self.site.page(key, self.page.lang or "")
        assert target is not None, f"{key} is checked to exist"
        return f"[{target.meta['title']}]({self.up}{key})"

    def tips_of_phase(self, phase: str) -> list[int]:
        tips = self.site.of_kind("tip", self.page.lang or "")
        return sorted(t.meta["tip"] for t in tips if t.meta.get("viva") == phase)

    def tip_list(self, heading: str, numbers: Any, leads: bool = True) -> str:
        items = []
        for number in numbers:
            lead = f" \N{EN DASH} {self._tip(number).meta['description']}" if leads else ""
            items.append(f"- {self.tip_link(number)}{lead}")
        return f"\n\n## {heading} {{#tips}}\n" + not_indexed("\n".join(items))

    def tip_groups(self) -> str:
        out = []
        for group in self.page.meta["groups"]:
            out.append(f"\n## {group['title']}\n")
            items = [f"- {self.tip_link(n)}  \n  {self._tip(n).meta['description']}" for n in group["tips"]]
            out.append(not_indexed("\n".join(items)))
        return "\n" + "\n".join(out) + "\n"

    def tip(self, body: str) -> str:
        meta = self.page.meta
        top = f"# {meta['tip']}. {meta['title']}\n\n{meta['description']}\n{{: .lead }}\n\n"
        links = "\n".join(f"- {self.tip_link(n)}" for n in meta["related"])
        phase = self.page_link(f"viva/{meta['viva']}.md")
        worksheet = self.page_link(f"worksheets/{meta['worksheet']}.md")
        bottom = f"\n\n## {self.ui['related']} {{#related}}\n" + not_indexed(
            f"{links}\n\n"
            f'<p class="guide-meta" markdown>{self.ui["phase"]}: {phase}<br>\n'
            f"{self.ui['worksheet']}: {worksheet}</p>"
        )
        return top + body + bottom + self.blog_posts(meta["tip"])

    def blog_posts(self, number: int) -> str:
        """The posts written in this language that discuss the tip (their front matter's 'tips')."""
        posts = [p for p in self.site.posts(self.page.lang or "") if number in p.meta.get("tips", [])]
        if not posts:
            return ""
        items = "\n".join(f"- [{p.heading}]({self.up}blog/posts/{p.stem}.md)" for p in posts)
        return f"\n\n## {self.ui['blog']['posts_about_tip']} {{#blog-posts}}\n" + not_indexed(items)

    def worksheet(self, body: str, config: MkDocsConfig) -> str:
        meta = self.page.meta
        out = [f"# {meta['title']}\n", f"{meta['description']}\n{{: .ws-instruction }}\n"]
        out += [self._worksheet_actions(), body]
        if meta.get("rating") == "tips":
            out.append(self._rating_table())
        for section in meta.get("sections", []):
            out.append(f"## {section['title']}\n")
            html = ['<div class="ws-section">']
            for field in section.get("fields") or []:
                html.append(
                    f'<div class="ws-field"><p class="ws-label">{escape(field["label"])}</p>'
                    f'<div class="ws-lines">{"<div></div>" * field["lines"]}</div></div>'
                )
            if section.get("steps"):
                html.append('<ul class="ws-steps">')
                box = '<span class="ws-box" aria-hidden="true"></span>'
                html += [f"<li>{box}{escape(step)}</li>" for step in section["steps"]]
                html.append("</ul>")
            html.append("</div>\n")
            out.append("\n".join(html))
        return "\n".join(out)

    def _worksheet_actions(self) -> str:
        """Print (shown by print.js) and the PDF that hooks/worksheet_pdfs.py writes beside the page."""
        pdf = worksheet_pdfs.pdf_name(self.page.stem)
        return (
            '<p class="ws-actions" data-pagefind-ignore>'
            f'<button type="button" class="md-button" data-guide-print hidden>{escape(self.ui["print"])}</button> '
            f'<a class="md-button" href="{pdf}" type="application/pdf">{escape(self.ui["download_pdf"])}</a></p>\n'
        )

    def _rating_table(self) -> str:
        rows = []
        for number in range(1, content_model.TIP_COUNT + 1):
            boxes = "".join(f'<td class="ws-rate"><span class="ws-box"></span>{n}</td>' for n in range(1, 6))
            rows.append(f"<tr><th scope=\"row\">{number}. {escape(self._tip(number).meta['title'])}</th>{boxes}</tr>")
        return '<table class="ws-rating">\n' + "\n".join(rows) + "\n</table>\n"
