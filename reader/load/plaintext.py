"""Plain text as exported from a blog (see ../shared/seed-article.txt for the shape).

Blocks are separated by blank lines. A heading is a short standalone line without a
closing full stop; a question mark is fine ("Compassion or Empathy – What is required?").
"""

from __future__ import annotations

import html
import re

from .blocks import Block, Parsed
from .clean import (
    FootnoteStripper,
    has_words,
    is_navigation,
    is_reference_heading,
    is_reference_list,
    is_share_line,
    strip_tags,
    strip_urls,
    tidy,
)

HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
_MARKDOWN_MARKS_RE = re.compile(r"\*\*|__|`|^#{1,6}\s+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n")


def parse_plaintext(text: str, source: str = "") -> Parsed:
    blocks: list[Block] = []
    footnotes = FootnoteStripper()
    in_references = False
    containers = 0
    for chunk in _BLANK_LINES_RE.split(text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        lines = [line for line in lines if not (is_navigation(line) or is_share_line(line))]
        if not lines or is_reference_list(lines):
            continue
        if len(lines) == 1 and is_heading_line(lines[0]):
            heading = tidy(_MARKDOWN_MARKS_RE.sub("", strip_tags(lines[0])))
            in_references = is_reference_heading(heading)
            if not in_references:
                blocks.append(Block("heading", heading, _h(heading)))
            continue
        if in_references:
            continue
        if all(_LIST_ITEM_RE.match(line) for line in lines) and len(lines) > 1:
            containers += 1
            kind = "ol" if lines[0].lstrip()[0].isdigit() else "ul"
            for line in lines:
                item = _clean(_LIST_ITEM_RE.sub("", line), footnotes)
                if has_words(item):
                    blocks.append(Block("item", item, _escape(item), container=(kind, containers)))
            continue
        paragraph = _clean(" ".join(line.strip() for line in lines), footnotes)
        if has_words(paragraph):
            blocks.append(Block("paragraph", paragraph, _p(paragraph)))
    return Parsed(blocks)


def is_heading_line(line: str) -> bool:
    """Short, standalone, starts like a title and does not end like a sentence."""
    line = _MARKDOWN_MARKS_RE.sub("", line).strip()
    if not line or len(line) > HEADING_MAX_CHARS or len(line.split()) > HEADING_MAX_WORDS:
        return False
    if line[-1] in ".,;:!…" or not (line[0].isupper() or line[0].isdigit()):
        return False
    return has_words(line) and not strip_urls(line).strip() == ""


def _clean(text: str, footnotes: FootnoteStripper) -> str:
    text = _MARKDOWN_MARKS_RE.sub("", strip_tags(text))
    return tidy(footnotes.strip(strip_urls(text)))


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _p(text: str) -> str:
    return f"<p>{_escape(text)}</p>"


def _h(text: str) -> str:
    return f"<h2>{html.escape(text, quote=False)}</h2>"
