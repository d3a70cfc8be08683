"""Tips as a ready block for a client newsletter: email-safe HTML, plain text and Markdown.

Titles and leads come from the content model (typeset in their language), the link texts
from the language's UI strings, and the links are absolute under the site's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

FORMATS = {"html": "HTML", "text": "Plain text", "markdown": "Markdown"}
# Mail clients drop stylesheets and many do not inherit fonts into tables, so every
# element carries its own inline style. The colours are the guide's (guide.css).
FONT = "font-family:Arial, Helvetica, sans-serif;"
INK, PRIMARY = "#222222", "#1a4f8b"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


@dataclass
class Tip:
    number: int
    title: str
    lead: str
    url: str


@dataclass
class Snippet:
    tips: list[Tip]
    heading: str | None  # only when there are several tips
    read_tip: str
    lang: str


def tip_url(site_url: str, lang: str, number: int, campaign: str | None) -> str:
    url = f"{site_url.rstrip('/')}/{lang}/tips/{number}/"
    if campaign:
        utm = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": campaign}
        url += "?" + urlencode(utm, quote_via=quote)
    return url


def html(snippet: Snippet) -> str:
    """A table layout with inline styles only: what Outlook, Gmail and Apple Mail all render the same."""
    rows = []
    if snippet.heading:
        rows.append(
            f'  <tr><td style="padding:0 0 8px 0;">'
            f'<h2 style="margin:0;{FONT}font-size:24px;line-height:30px;font-weight:bold;color:{INK};">'
            f"{escape(snippet.heading)}</h2></td></tr>"
        )
    title_tag = "h3" if snippet.heading else "h2"
    for tip in snippet.tips:
        href = escape(tip.url)
        rows.append(
            f"""  <tr>
    <td style="padding:16px 0;">
      <{title_tag} style="margin:0 0 8px 0;{FONT}font-size:20px;line-height:26px;font-weight:bold;color:{INK};">\
<a href="{href}" style="color:{PRIMARY};text-decoration:none;">{tip.number}. {escape(tip.title)}</a></{title_tag}>
      <p style="margin:0 0 16px 0;{FONT}font-size:16px;line-height:24px;color:{INK};">{escape(tip.lead)}</p>
      <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;">
        <tr><td bgcolor="{PRIMARY}" style="background-color:{PRIMARY};border-radius:4px;padding:10px 20px;">\
<a href="{href}" style="{FONT}font-size:16px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:none;">\
{escape(snippet.read_tip)} \N{RIGHTWARDS ARROW}</a></td></tr>
      </table>
    </td>
  </tr>"""
        )
    return (
        f'<table role="presentation" lang="{escape(snippet.lang)}" width="100%" cellpadding="0" cellspacing="0" '
        f'border="0" style="width:100%;max-width:600px;border-collapse:collapse;">\n' + "\n".join(rows) + "\n</table>"
    )


def text(snippet: Snippet) -> str:
    parts = [f"{snippet.heading}\n{'=' * len(snippet.heading)}"] if snippet.heading else []
    parts += [f"{tip.number}. {tip.title}\n{tip.lead}\n{snippet.read_tip}: {tip.url}" for tip in snippet.tips]
    return "\n\n".join(parts)


def markdown(snippet: Snippet) -> str:
    def md(value: str) -> str:
        # Entities for < > &: not every Markdown (Python-Markdown, for one) lets a backslash escape them.
        return escape(MARKDOWN_SPECIAL.sub(r"\\\1", value), quote=False)

    parts = [f"## {md(snippet.heading)}"] if snippet.heading else []
    marks = "###" if snippet.heading else "##"
    parts += [
        f"{marks} [{tip.number}. {md(tip.title)}]({tip.url})\n\n{md(tip.lead)}\n\n"
        f"[{md(snippet.read_tip)} \N{RIGHTWARDS ARROW}]({tip.url})"
        for tip in snippet.tips
    ]
    return "\n\n".join(parts)


RENDER = {"html": html, "text": text, "markdown": markdown}
