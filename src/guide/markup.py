"""Writers' strings put into generated Markdown or HTML: escaped once, here."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!.-])")  # the characters Python-Markdown unescapes


def md(text: object) -> str:
    """Plain text as Markdown inline text: shown as written, never as markup or HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", escape(str(text), quote=False))


def css_string(text: object) -> Markup:
    """Plain text as a quoted CSS string that cannot end its string or its <style> element."""
    quoted = "".join(f"\\{ord(char):x} " if char in '"\\<>\n\r' else char for char in str(text))
    return Markup(f'"{quoted}"')


def html(text: object) -> str:
    """Plain text in HTML text or a quoted attribute."""
    return escape(str(text), quote=True)
