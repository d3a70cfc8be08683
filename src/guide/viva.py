"""The VIVA! model as a picture: four phases in a row and what each passes on to the next,
drawn as inline SVG from the phase names of the page's language, with real text that
search, print and screen readers read."""

from __future__ import annotations

from typing import Any

from .colours import ACCENT, PRIMARY, WHITE
from .content import PHASES, Site, bare_title
from .markup import html

BOX, TOP, HEIGHT = 150, 8, 96  # sizes in the SVG's own units
GAP, COMPACT_GAP = 96, 40  # between the phases: room for what flows between them, or none (compact)
LOOP = TOP + HEIGHT + 34  # the line back from the last phase to the first
FLOW_LINE = 15
# Drawn with attributes, not the site's CSS, so that WeasyPrint's PDF shows the same picture.
LIGHT, INK = "#eef3f9", "#1d1d1f"
ARROW = f'fill="none" stroke="{PRIMARY}" stroke-width="2" marker-end="url(#viva-arrow)"'
FLOW = 'font-size="13" fill="#3d3d45"'


def _lines(text: str, most: int = 16) -> list[str]:
    """A label in at most two lines, broken at the space nearest the middle."""
    if len(text) <= most or " " not in text:
        return [text]
    spaces = [i for i, char in enumerate(text) if char == " "]
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:middle], text[middle + 1 :]]


def _text(x: float, y: float, lines: list[str], look: str) -> str:
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else FLOW_LINE}">{html(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text {look} x="{x:g}" y="{y:g}" text-anchor="middle">{spans}</text>'


def diagram(site: Site, lang: str, ui: dict[str, Any], current: str | None = None, compact: bool = False) -> str:
    """The SVG, with the `current` phase highlighted. Compact (a worksheet's corner): the phases and
    arrows only, in larger type. It has no links: Material's instant navigation rewrites every <a>'s
    href, which an SVG link does not allow; the phases are linked in the page's text."""
    flows = ui["viva_flow"]
    gap = COMPACT_GAP if compact else GAP
    width = 4 * BOX + 3 * gap
    pages = [site.page(f"viva/{phase}.md", lang) for phase in PHASES]
    parts = []
    for index, (phase, page) in enumerate(zip(PHASES, pages, strict=True)):
        assert page is not None, "every phase exists in every language (checks.py)"
        x = index * (BOX + gap)
        centre = x + BOX / 2
        here = phase == current
        letter = str(page.meta.get("letter", ""))
        name = _text(centre, TOP + 72, [bare_title(page)] if compact else _lines(bare_title(page), 18),
                     f'font-size="{22 if compact else 16}" font-weight="600" fill="{WHITE if here else INK}"')
        box = (
            f'<rect x="{x}" y="{TOP}" width="{BOX}" height="{HEIGHT}" rx="12" fill="{PRIMARY if here else LIGHT}" '
            f'stroke="{PRIMARY}" stroke-width="2"/>'
            f'<text font-size="30" font-weight="700" fill="{WHITE if here else ACCENT}" x="{centre:g}" '
            f'y="{TOP + 40}" text-anchor="middle">{html(letter)}</text>{name}'
        )
        parts.append(f'<g class="viva-diagram__phase">{box}</g>')
        if index < len(PHASES) - 1:
            start, end = x + BOX + 6, x + BOX + gap - 8
            parts.append(f'<path {ARROW} d="M{start} {TOP + HEIGHT / 2}H{end}"/>')
            if compact:
                continue
            label = _lines(flows[phase])
            top = TOP + HEIGHT / 2 - 12 - FLOW_LINE * (len(label) - 1)
            parts.append(_text((start + end) / 2, top, label, FLOW))
    first, last = BOX / 2, 3 * (BOX + gap) + BOX / 2
    parts.append(
        f'<path {ARROW} d="M{last} {TOP + HEIGHT + 4}V{LOOP}H{first}V{TOP + HEIGHT + 10}"/>'
    )
    if not compact:
        parts.append(_text(width / 2, LOOP + 20, [flows["action"]], FLOW))
    title = html(ui["viva_diagram"])
    height = LOOP + (6 if compact else 30)
    return (
        '<figure class="viva-diagram">'  # one line of raw HTML: Markdown leaves it as it is
        f'<svg viewBox="-4 0 {width + 8} {height}" role="img" '
        'aria-labelledby="viva-diagram-title" '
        'font-family="system-ui, sans-serif" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="viva-diagram-title">{title}</title>'
        '<defs><marker id="viva-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{PRIMARY}"/></marker></defs>'
        + "".join(parts)
        + "</svg></figure>"
    )
