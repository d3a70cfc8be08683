"""The parts of a page that come from the content model, not from its author.

A tip gets its number, title and lead on top and its related tips, VIVA! phase and
worksheet below; index, phase and practice pages get their lists of tips; a link with
empty text gets its target's title. Everything is built from the front matter, so that
a title changed in one place changes everywhere. Writers' strings are escaped (markup.py).
"""

from __future__ import annotations

from typing import Any

from .content import Page, Site
from .markup import md
from .style import LINK, link_target
from .viva import diagram
from .worksheets import worksheet_markdown


def not_indexed(markdown: str) -> str:
    """Lists of other pages' titles and leads: kept out of the search index, so a
    query finds the tip itself, not every page that links to it."""
    return f"\n<div data-pagefind-ignore markdown>\n\n{markdown}\n\n</div>\n"


class PageView:
    """Markdown for one page in one language; links are relative to the page."""

    def __init__(self, site: Site, page: Page, ui: dict[str, Any]) -> None:
        self.site, self.page, self.ui = site, page, ui
        self.lang = page.lang or ""
        self.up = "../" * page.key.count("/")

    def markdown(self, body: str) -> str:
        body = self.fill_link_titles(body)
        kind, ui = self.page.kind, self.ui
        if kind == "tip":
            return self.tip(body)
        if kind == "phase":
            body = self.with_diagram(body, current=self.page.stem)
            return body + self.tip_list(ui["tips_in_phase"], self.tips_of_phase(self.page.stem))
        if kind == "practice":
            return body + self.tip_list(ui["tips_behind"], self.page.meta.get("tips", []))
        if kind == "worksheet":
            return worksheet_markdown(self.site, self.page, ui, body)
        if self.page.key == "tips/index.md":
            return body + self.tip_groups()
        if self.page.key == "viva/index.md":
            return self.with_diagram(body)
        if self.page.meta.get("tip_list"):
            return body + self.tip_list(ui["all_tips"], self.site.tip_numbers, leads=False)
        return body

    def fill_link_titles(self, body: str) -> str:
        """[](../worksheets/x.md) shows the title of the page it leads to."""

        def fill(match: Any) -> str:
            if match.group(1).strip():
                return match.group(0)
            target = self.site.page(link_target(self.page, match.group(2)), self.lang)
            return f"[{md(self._title(target))}]({match.group(2)})" if target else match.group(0)

        return LINK.sub(fill, body)

    def _title(self, page: Page) -> str:
        return f"{page.meta['tip']}. {page.title}" if page.kind == "tip" else page.title

    def with_diagram(self, body: str, current: str | None = None) -> str:
        """The VIVA! diagram before the page's first section."""
        figure = diagram(self.site, self.lang, self.ui, current)
        head, sep, rest = body.partition("\n## ")
        return f"{head}\n\n{figure}\n\n## {rest}" if sep else f"{body}\n\n{figure}\n"

    def _tip(self, number: int) -> Page:
        tip = self.site.tip(number, self.lang)
        assert tip is not None, f"tip {number} is checked to exist"
        return tip

    def tip_link(self, number: int) -> str:
        return f"[{number}\\. {md(self._tip(number).title)}]({self.up}tips/{number}.md)"

    def page_link(self, key: str) -> str:
        target = self.site.page(key, self.lang)
        assert target is not None, f"{key} is checked to exist"
        return f"[{md(target.title)}]({self.up}{key})"

    def tips_of_phase(self, phase: str) -> list[int]:
        return sorted(t.meta["tip"] for t in self.site.of_kind("tip", self.lang) if t.meta.get("viva") == phase)

    def tip_list(self, heading: str, numbers: Any, leads: bool = True) -> str:
        items = []
        for number in numbers:
            lead = f" \N{EN DASH} {md(self._tip(number).meta['description'])}" if leads else ""
            items.append(f"- {self.tip_link(number)}{lead}")
        return f"\n\n## {md(heading)} {{#tips}}\n" + not_indexed("\n".join(items))

    def tip_groups(self) -> str:
        """The index's groups of tips; a tip in none of them (a new one) is listed after them."""
        groups = [(group["title"], group["tips"]) for group in self.page.meta["groups"]]
        grouped = {n for _, numbers in groups for n in numbers}
        if ungrouped := [n for n in self.site.tip_numbers if n not in grouped]:
            groups.append((self.ui["more_tips"], ungrouped))
        out = []
        for title, numbers in groups:
            out.append(f"\n## {md(title)}\n")
            items = [f"- {self.tip_link(n)}  \n  {md(self._tip(n).meta['description'])}" for n in numbers]
            out.append(not_indexed("\n".join(items)))
        return "\n" + "\n".join(out) + "\n"

    def tip(self, body: str) -> str:
        meta, ui = self.page.meta, self.ui
        top = f"# {meta['tip']}\\. {md(meta['title'])}\n\n{md(meta['description'])}\n{{: .lead }}\n\n"
        links = "\n".join(f"- {self.tip_link(n)}" for n in meta["related"])
        phase = self.page_link(f"viva/{meta['viva']}.md")
        worksheet = self.page_link(f"worksheets/{meta['worksheet']}.md")
        bottom = f"\n\n## {md(ui['related'])} {{#related}}\n" + not_indexed(
            f"{links}\n\n"
            f'<p class="guide-meta" markdown>{md(ui["phase"])}: {phase}<br>\n'
            f"{md(ui['worksheet'])}: {worksheet}</p>"
        )
        return top + body + bottom + self.blog_posts(meta["tip"])

    def blog_posts(self, number: int) -> str:
        """The posts written in this language that discuss the tip (their front matter's 'tips')."""
        posts = [p for p in self.site.posts(self.lang) if number in p.meta.get("tips", [])]
        if not posts:
            return ""
        items = "\n".join(f"- [{md(p.title)}]({self.up}blog/posts/{p.stem}.md)" for p in posts)
        return f"\n\n## {md(self.ui['blog']['posts_about_tip'])} {{#blog-posts}}\n" + not_indexed(items)
