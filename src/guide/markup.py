"""Writers' strings put into generated Markdown or HTML: escaped once, here."""

from __future__ import annotations

import re
from html import escape

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!.-])")  # the characters Python-Markdown unescapes


def md(text: object) -> str:
    """Plain text as Markdown inline text: shown as written, never as markup or HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", escape(str(text), quote=False))


def html(text: object) -> str:
    """Plain text in HTML text or a quoted attribute."""
    return escape(str(text), quote=True)
