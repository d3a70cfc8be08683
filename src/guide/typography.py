"""The typography of each language, applied by the build to every text a reader sees.

Writers may type straight quotes and plain spaces; `typeset` gives the language's
quotation marks and apostrophe, en dashes in number ranges, and no-break spaces
where a line must not break: after Polish one-letter words, between a number and
its unit or per cent sign. The rules come from the style sheet (styles/<lang>.yml).
The Markdown extension applies it to a page's text, outside code, so that the
pages, the PDFs made from them, the cards and the snippets agree.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

NBSP = "\N{NO-BREAK SPACE}"
OPENS_AFTER = " \t\n([{/\N{EN DASH}\N{EM DASH}" + NBSP  # a quote after these opens
RANGE = re.compile(r"(?<![\w.,:/\-])(\d{1,3})-(\d{1,3})(?![\w.,:/\-])")
PERCENT = re.compile(r"(\d)[ \N{NO-BREAK SPACE}]?%")
SKIPPED = {"code", "pre", "kbd", "script", "style", "samp", "svg"}


@dataclass(frozen=True)
class Typography:
    quotes: tuple[str, str] = ("\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}")
    inner_quotes: tuple[str, str] = ("\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}")
    apostrophe: str = "\N{RIGHT SINGLE QUOTATION MARK}"
    single_letter_words: tuple[str, ...] = ()
    percent: str = "%"  # "%" or NBSP + "%"
    units: tuple[str, ...] = ()

    @functools.cached_property
    def _unit(self) -> re.Pattern[str] | None:
        units = "|".join(re.escape(unit) for unit in self.units)
        return re.compile(rf"(\d) ({units})(?!\w)") if units else None

    @functools.cached_property
    def _single_letter(self) -> re.Pattern[str] | None:
        letters = "".join(self.single_letter_words)
        return re.compile(rf"(?<![\w\-.])([{letters}{letters.upper()}]) (?=\S)") if letters else None

    @functools.lru_cache(maxsize=65536)  # noqa: B019 (a few instances, each kept for the process anyway)
    def typeset(self, text: str, before: str = " ") -> str:
        """text with the language's marks and no-break spaces; `before` is the character in front of it."""
        if not text:
            return text
        text = RANGE.sub("\\1\N{EN DASH}\\2", text)
        text = PERCENT.sub(lambda m: m.group(1) + self.percent, text)
        if self._unit:
            text = self._unit.sub(f"\\1{NBSP}\\2", text)
        if self._single_letter:
            text = self._single_letter.sub(f"\\1{NBSP}", text)
        if '"' not in text and "'" not in text:
            return text
        out = []
        previous = before
        for char in text:
            if char == '"':
                char = self.quotes[0] if previous in OPENS_AFTER else self.quotes[1]
            elif char == "'":
                if previous in OPENS_AFTER:
                    char = self.inner_quotes[0]
                elif previous.isalnum():
                    char = self.apostrophe
                else:
                    char = self.inner_quotes[1]
            out.append(char)
            previous = char
        return "".join(out)


class _Typeset(Treeprocessor):
    def __init__(self, md: Markdown, extension: TypographyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        rules = self.extension.rules
        if rules is None:
            return
        self._previous = " "
        self._walk(root, rules)

    def _text(self, text: str | None, rules: Typography) -> str | None:
        if not text:
            return text
        result = rules.typeset(text, self._previous)
        self._previous = result[-1]
        return result

    def _walk(self, element: ET.Element, rules: Typography) -> None:
        if element.tag in SKIPPED:
            self._previous = "x"
        else:
            element.text = self._text(element.text, rules)
            for child in element:
                self._walk(child, rules)
                child.tail = self._text(child.tail, rules)


class TypographyExtension(Extension):
    """Typesets a page in the language the plugin sets in `rules` before each page."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: Typography | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20) have made the elements, before prettify (10).
        md.treeprocessors.register(_Typeset(md, self), "guide-typography", 15)
