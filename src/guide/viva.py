"""The VIVA! model as a picture: four phases in a row and what each passes on to the next,
drawn as inline SVG from the phase names of the page's language, with real text that
search, print and screen readers read."""

from __future__ import annotations

from typing import Any

from .content import PHASES, Site, bare_title
from .markup import html

BOX, GAP, TOP, HEIGHT = 150, 96, 8, 96  # sizes in the SVG's own units
WIDTH = 4 * BOX + 3 * GAP
LOOP = TOP + HEIGHT + 34  # the line back from the last phase to the first
FLOW_LINE = 15


def _lines(text: str, most: int = 16) -> list[str]:
    """A label in at most two lines, broken at the space nearest the middle."""
    if len(text) <= most or " " not in text:
        return [text]
    spaces = [i for i, char in enumerate(text) if char == " "]
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:middle], text[middle + 1 :]]


def _text(x: float, y: float, lines: list[str], css: str) -> str:
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else FLOW_LINE}">{html(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text class="{css}" x="{x:g}" y="{y:g}" text-anchor="middle">{spans}</text>'


def diagram(site: Site, lang: str, ui: dict[str, Any], href: str | None, current: str | None = None) -> str:
    """The SVG; phase names link to href + '<phase>/' when href is given; `current` is highlighted."""
    flows = ui["viva_flow"]
    pages = [site.page(f"viva/{phase}.md", lang) for phase in PHASES]
    parts = []
    for index, (phase, page) in enumerate(zip(PHASES, pages, strict=True)):
        assert page is not None, "every phase exists in every language (checks.py)"
        x = index * (BOX + GAP)
        centre = x + BOX / 2
        mark = " viva-diagram__phase--current" if phase == current else ""
        letter = str(page.meta.get("letter", ""))
        name = _text(centre, TOP + 70, _lines(bare_title(page), 18), "viva-diagram__name")
        box = (
            f'<rect x="{x}" y="{TOP}" width="{BOX}" height="{HEIGHT}" rx="12"/>'
            f'<text class="viva-diagram__letter" x="{centre:g}" y="{TOP + 40}" text-anchor="middle">'
            f"{html(letter)}</text>{name}"
        )
        if href is not None and phase != current:
            box = f'<a href="{html(href + phase + "/")}">{box}</a>'
        parts.append(f'<g class="viva-diagram__phase{mark}">{box}</g>')
        if index < len(PHASES) - 1:
            start, end = x + BOX + 6, x + BOX + GAP - 8
            parts.append(f'<path class="viva-diagram__arrow" d="M{start} {TOP + HEIGHT / 2}H{end}"/>')
            label = _lines(flows[phase])
            top = TOP + HEIGHT / 2 - 12 - FLOW_LINE * (len(label) - 1)
            parts.append(_text((start + end) / 2, top, label, "viva-diagram__flow"))
    first, last = BOX / 2, 3 * (BOX + GAP) + BOX / 2
    parts.append(
        f'<path class="viva-diagram__arrow" d="M{last} {TOP + HEIGHT + 4}V{LOOP}H{first}V{TOP + HEIGHT + 10}"/>'
    )
    parts.append(_text(WIDTH / 2, LOOP + 20, [flows["action"]], "viva-diagram__flow"))
    title = html(ui["viva_diagram"])
    height = LOOP + 30
    return (
        f'<figure class="viva-diagram" markdown="0">'
        f'<svg viewBox="-4 0 {WIDTH + 8} {height}" role="img" aria-labelledby="viva-diagram-title" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="viva-diagram-title">{title}</title>'
        '<defs><marker id="viva-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs>'
        + "".join(parts)
        + "</svg></figure>"
    )
