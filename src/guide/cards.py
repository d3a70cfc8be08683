"""Draw a page's social card: the 1200x630 PNG that a link preview shows.

The site's name, the section, the tip's number, the title (wrapped) and the
lead, in the guide's colours (overrides/assets/stylesheets/guide.css), set in
Inter from the pinned fontpkg-inter package: a font with full Latin Extended,
on every machine that installs requirements.txt, with no download at build
time. Same text, same bytes: Pillow writes no date into a PNG.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import fontpkg
from mkdocs.exceptions import PluginError
from PIL import Image, ImageColor, ImageDraw, ImageFont

from .colours import ACCENT, PRIMARY, WHITE

WIDTH, HEIGHT = 1200, 630
MUTED = "#d3e0ef"  # the section and the lead: light blue, 6.2:1 on the primary colour
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
BODY_TOP, BODY_BOTTOM = 140, HEIGHT - 44  # below the site's name, above the bar
TITLE_SIZES = (64, 58, 52, 46)
BADGE = 112  # the tip number's square
GAP = 28  # between title and lead
LEAD_LINE, LEAD_LINES = 42, 3
FAMILY = "Inter"
OPTICAL_SIZE = 32  # Inter's display design (its opsz axis), for text this large
NO_GLYPH = "\U000f0000"
# The card's colours, as ramps from a background to a foreground colour; a ramp's number is its place here.
RAMPS = ((PRIMARY, WHITE), (PRIMARY, MUTED), (ACCENT, WHITE))
WHITE_ON_PRIMARY, MUTED_ON_PRIMARY, WHITE_ON_ACCENT = range(len(RAMPS))
STEPS = 256 // len(RAMPS)


@dataclass(frozen=True)
class Card:
    site_name: str
    title: str  # a line break in it starts a new line
    lead: str = ""
    section: str = ""  # above the title, e.g. "Tips" or "Blogg"
    number: int | None = None  # a tip's number, in a badge before the title


def font_path() -> Path:
    try:
        return Path(fontpkg.path(FAMILY))
    except fontpkg.FamilyNotInstalled as error:
        raise PluginError(
            f"{FAMILY}, the font of the social cards, is not installed: "
            "run ./scripts/setup (or .venv/bin/pip install -r requirements.txt)"
        ) from error


@functools.cache
def font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    face = ImageFont.truetype(str(font_path()), size)
    face.set_variation_by_axes([OPTICAL_SIZE, weight])  # Inter's axes: opsz, wght
    return face


def missing_glyphs(text: str) -> set[str]:
    """The characters of text that the font cannot draw (they would show as empty boxes)."""
    return {char for char in set(text) if not char.isspace() and not _has_glyph(char)}


@functools.cache
def _has_glyph(char: str) -> bool:
    # Pillow has no cmap lookup: a character without a glyph is drawn as the font's
    # .notdef box, the same as a private-use character that no font has.
    face = font(20, 400)
    return bytes(face.getmask(char)) != bytes(face.getmask(NO_GLYPH))


@functools.cache
def _length(face: ImageFont.FreeTypeFont, word: str) -> float:
    """A word's width: the same words come back on many cards, and measuring one takes as long as drawing it."""
    return face.getlength(word)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    space = _length(face, " ")
    lines: list[tuple[str, float]] = []
    for word in text.split():
        length = _length(face, word)
        if lines and lines[-1][1] + space + length <= width:
            lines[-1] = (f"{lines[-1][0]} {word}", lines[-1][1] + space + length)
        else:
            lines.append((word, length))
    return [line for line, _ in lines]


def clip(lines: list[str], face: ImageFont.FreeTypeFont, width: int, count: int) -> list[str]:
    """The first count lines, the last one ending in an ellipsis when text was cut."""
    if len(lines) <= count or count <= 0:
        return lines[: max(count, 0)]
    kept = lines[:count]
    last = kept[-1]
    while last and face.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(",.;:-\N{EN DASH}") + " …"
    return kept


def draw(card: Card) -> bytes:
    # Drawn in the palette's indices (_palette): a text gets the last index of a ramp and its background the
    # ramp's first, so that its anti-aliased edges fall on the ramp's steps. The PNG needs no quantizing.
    image = _background(card.site_name).copy()
    pen = ImageDraw.Draw(image)
    badge = BADGE if card.number is not None else 0
    title_left = MARGIN + (badge + 32 if badge else 0)
    title_width = WIDTH - MARGIN - title_left
    section_height = 40 if card.section else 0
    lead_face = font(30, 400)
    lead = wrap(card.lead, lead_face, TEXT_WIDTH)
    most = max(3, len(card.title.splitlines()))  # lines of title
    for size in TITLE_SIZES:  # the largest title that leaves room for the whole lead
        face = font(size, 700)
        title = [line for part in card.title.splitlines() for line in wrap(part, face, title_width)]
        line_height = round(size * 1.18)
        title_height = max(len(title) * line_height, badge)
        room = min(LEAD_LINES, (BODY_BOTTOM - BODY_TOP - section_height - title_height - GAP) // LEAD_LINE)
        if len(title) <= most and len(lead) <= room:
            break
    title, lead = clip(title, face, title_width, most), clip(lead, lead_face, TEXT_WIDTH, room)

    # The section, the title and the lead, centred between the site's name and the bar at the bottom.
    height = section_height + title_height + (GAP + len(lead) * LEAD_LINE if lead else 0)
    y = BODY_TOP + (BODY_BOTTOM - BODY_TOP - height) // 2
    if card.section:
        _light_text(pen, (MARGIN, y + 24), card.section.upper(), font(24, 700), "ls")
        y += section_height
    if badge:
        pen.rounded_rectangle((MARGIN, y, MARGIN + badge, y + badge), radius=20, fill=_back(WHITE_ON_ACCENT))
        pen.text((MARGIN + badge / 2, y + badge / 2), str(card.number), font=font(60, 800),
                 fill=_fore(WHITE_ON_ACCENT), anchor="mm")
    for index, line in enumerate(title):
        pen.text((title_left, y + 4 + index * line_height), line, font=face, fill=_fore(WHITE_ON_PRIMARY), anchor="la")
    y += title_height + GAP
    for index, line in enumerate(lead):
        _light_text(pen, (MARGIN, y + index * LEAD_LINE), line, lead_face, "la")

    image.putpalette(_palette())
    out = io.BytesIO()
    # zlib level 3, not 6: half the time, a fifth more bytes (21 kB a card, fetched by link previews only).
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


@functools.cache
def _background(site_name: str) -> Image.Image:
    """What every card of a site name has: the colour, the bar at the bottom, the logo and the name."""
    image = Image.new("L", (WIDTH, HEIGHT), _back(WHITE_ON_PRIMARY))
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=_back(WHITE_ON_ACCENT))
    _logo(pen, MARGIN, 60, 56)
    pen.text((MARGIN + 76, 88), site_name, font=font(30, 600), fill=_fore(WHITE_ON_PRIMARY), anchor="lm")
    return image


def _light_text(pen: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, face: ImageFont.FreeTypeFont,
                anchor: str) -> None:
    """A line of light blue text (anchored at its ascender or baseline). Its band first gets the first
    index of the light blue's ramp, the colour already there, so that the text's edges fall on that ramp."""
    ascent, descent = face.getmetrics()
    top = xy[1] - (ascent if anchor[1] == "s" else 0)
    pen.rectangle((0, top - 1, WIDTH, top + ascent + descent + 1), fill=_back(MUTED_ON_PRIMARY))
    pen.text(xy, text, font=face, fill=_fore(MUTED_ON_PRIMARY), anchor=anchor)


def _back(ramp: int) -> int:
    return ramp * STEPS


def _fore(ramp: int) -> int:
    return ramp * STEPS + STEPS - 1


@functools.cache
def _palette() -> list[int]:
    """The ramps' colours, each in STEPS steps from its background to its foreground."""
    colours: list[int] = []
    for back, fore in RAMPS:
        (r0, g0, b0), (r1, g1, b1) = ImageColor.getrgb(back), ImageColor.getrgb(fore)
        for step in range(STEPS):
            t = step / (STEPS - 1)
            colours += [round(r0 + (r1 - r0) * t), round(g0 + (g1 - g0) * t), round(b0 + (b1 - b0) * t)]
    return colours


def _logo(pen: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """favicon.svg, white on the primary colour: a rounded square with a speech bubble."""
    unit = size / 32
    pen.rounded_rectangle((x, y, x + size, y + size), radius=7 * unit, fill=_fore(WHITE_ON_PRIMARY))
    bubble = [(8, 9), (24, 9), (24, 19), (15, 19), (10, 23), (10, 19), (8, 19)]
    pen.polygon([(x + px * unit, y + py * unit) for px, py in bubble], fill=_back(WHITE_ON_PRIMARY))
