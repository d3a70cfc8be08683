#!/usr/bin/env python3
"""Print tips as a ready block for a client newsletter: email-safe HTML, plain text and Markdown.

    .venv/bin/python scripts/newsletter_snippet.py 17 --lang fi
    .venv/bin/python scripts/newsletter_snippet.py 17 4 22 --lang sv --format html --utm 2026-spring

Titles and leads come from the tips' front matter through the content model
the site is built from, the link texts from the language's extra.ui in
mkdocs.yml, and the links are absolute under site_url (SITE_URL when set).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, urlencode

from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # the content model lives with the build hooks that share it
import content_model  # noqa: E402

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


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line on stderr and exit code 2, without argparse's usage block."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> None:
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("tips", nargs="+", metavar="TIP", help=f"tip numbers, 1 to {content_model.TIP_COUNT}")
    parser.add_argument("--lang", required=True, help=", ".join(content_model.LANGUAGES))
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all", help="default: all")
    parser.add_argument(
        "--utm",
        metavar="CAMPAIGN",
        help="add utm_source=newsletter, utm_medium=email, utm_campaign=CAMPAIGN to every link",
    )
    args = parser.parse_args(argv)
    if args.lang not in content_model.LANGUAGES:
        parser.error(f"language '{args.lang}' is not in the guide; use one of {', '.join(content_model.LANGUAGES)}")
    if args.utm is not None and not args.utm.strip():
        parser.error("--utm needs a campaign name")

    config = load_config(str(ROOT / "mkdocs.yml"))
    site = content_model.load(config.docs_dir)
    tips: list[Tip] = []
    for arg in args.tips:
        if not arg.isdecimal():
            parser.error(f"'{arg}' is not a tip number; tips are numbered 1 to {content_model.TIP_COUNT}")
        number = int(arg)
        page = site.tip(number, args.lang) if 1 <= number <= content_model.TIP_COUNT else None
        if page is None:
            parser.error(f"tip {number} does not exist; tips are numbered 1 to {content_model.TIP_COUNT}")
        if any(tip.number == number for tip in tips):
            parser.error(f"tip {number} is listed twice; list each tip once")
        url = tip_url(config.site_url, args.lang, number, args.utm)
        tips.append(Tip(number, page.meta["title"], page.meta["description"], url))

    ui = ui_strings(config, args.lang)
    headings = ui["tips_this_month"]
    heading = headings.get(len(tips), headings["other"]) if len(tips) > 1 else None
    snippet = Snippet(tips, heading, ui["read_tip"], args.lang)
    render = {"html": html, "text": text, "markdown": markdown}
    if args.format == "all":
        print("\n\n".join(f"--- {FORMATS[name]} ---\n{render[name](snippet)}" for name in FORMATS))
    else:
        print(render[args.format](snippet))


def ui_strings(config: Any, lang: str) -> dict[str, Any]:
    """The language's extra.ui of mkdocs.yml, as the i18n plugin gives it to that language's build."""
    languages = config.plugins["i18n"].config.languages
    return next(language.extra["ui"] for language in languages if language.locale == lang)


def tip_url(site_url: str, lang: str, number: int, campaign: str | None) -> str:
    url = f"{site_url}{lang}/tips/{number}/"
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
        f'<table role="presentation" lang="{snippet.lang}" width="100%" cellpadding="0" cellspacing="0" border="0" '
        f'style="width:100%;max-width:600px;border-collapse:collapse;">\n' + "\n".join(rows) + "\n</table>"
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


if __name__ == "__main__":
    main()
