"""Markdown (CommonMark + tables + footnotes) via markdown-it-py's token stream.

Front matter is split off by the caller. We walk block tokens rather than rendering
and re-parsing HTML, so each block's spoken text and page HTML come from one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .blocks import NOTES, Block, Parsed
from .clean import (
    FootnoteStripper,
    has_words,
    is_navigation,
    is_share_line,
    strip_tags,
    strip_urls,
    tidy,
)
from .generators import prepare_markdown

_NO_AUDIO_OPEN_RE = re.compile(r"<!--\s*no-audio\s*-->", re.IGNORECASE)
_NO_AUDIO_CLOSE_RE = re.compile(r"<!--\s*/\s*no-audio\s*-->", re.IGNORECASE)
_FIGCAPTION_RE = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
_SUP_OPEN_RE = re.compile(r"<sup\b", re.IGNORECASE)
_SUP_CLOSE_RE = re.compile(r"</sup\s*>", re.IGNORECASE)
# Inline <script>/<style> in a paragraph: the tags are dropped like all raw HTML, and the
# code between them is neither prose to speak nor text to show.
_CODE_OPEN_RE = re.compile(r"<(?:script|style)\b", re.IGNORECASE)
_CODE_CLOSE_RE = re.compile(r"</(?:script|style)\s*>", re.IGNORECASE)
_CODE_ELEMENT_RE = re.compile(
    r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False would escape raw HTML; we keep it so <!-- no-audio --> arrives as tokens.
    return MarkdownIt("commonmark").use(footnote_plugin).enable("table")


class _Walker:
    def __init__(self) -> None:
        self.md = _parser()
        self.blocks: list[Block] = []
        self.footnotes = FootnoteStripper()
        self.muted = False  # inside <!-- no-audio --> … <!-- /no-audio -->
        self.containers: list[tuple[str, int]] = []
        self.container_count = 0
        self.env: dict[str, Any] = {}

    def walk(self, tokens: Sequence[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    def _block(self, tokens: Sequence[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind in ("table_open", "footnote_block_open"):
            end = _matching_close(tokens, i)
            if kind == "table_open":
                html = self.md.renderer.render(list(tokens[i : end + 1]), self.md.options, self.env)
                self._add("table", "", html)
            return end + 1  # footnote definitions are a reference list: never spoken
        if kind in ("fence", "code_block"):
            html = self.md.renderer.render([token], self.md.options, self.env)
            self._add("code", "", html)
        elif kind == "html_block":
            self._html_block(token.content)
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            self.container_count += 1
            tag = {"bullet_list_open": "ul", "ordered_list_open": "ol"}.get(kind, "blockquote")
            self.containers.append((tag, self.container_count))
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            self.containers.pop()
        elif kind == "heading_open":
            self._inline_block("heading", tokens[i + 1], level=int(token.tag[1]))
            return i + 3
        elif kind == "paragraph_open":
            self._paragraph(tokens[i + 1])
            return i + 3
        return i + 1

    def _paragraph(self, inline: Token) -> None:
        container = self.containers[-1] if self.containers else None
        if container is None:
            self._inline_block("paragraph", inline)
        elif container[0] == "blockquote":
            self._inline_block("quote", inline)
        else:
            self._inline_block("item", inline)

    def _html_block(self, content: str) -> None:
        opens = [m.start() for m in _NO_AUDIO_OPEN_RE.finditer(content)]
        closes = [m.start() for m in _NO_AUDIO_CLOSE_RE.finditer(content)]
        if opens or closes:
            self.muted = max(opens, default=-1) > max(closes, default=-1)
            return
        for caption in _FIGCAPTION_RE.findall(content):
            caption = _CODE_ELEMENT_RE.sub("", caption)
            text = tidy(strip_tags(caption))
            if has_words(text):
                self._add("caption", text, f"<p>{caption}</p>")

    def _inline_block(self, kind: str, inline: Token, level: int = 0) -> None:
        kept, spoken = self._filter_inline(inline.children or [])
        text = tidy(self.footnotes.strip(strip_urls("".join(spoken))))
        renderer: Any = self.md.renderer  # RendererHTML; the protocol type lacks renderInline
        html = renderer.renderInline(kept, self.md.options, self.env)
        if kind == "paragraph" and (is_navigation(text) or is_share_line(text)):
            return
        if not has_words(text) and not has_words(strip_tags(html)):
            return
        if kind == "heading":
            html = f"<h{level}>{html}</h{level}>"
        elif kind == "paragraph":
            html = f"<p>{html}</p>"
        elif kind == "quote":
            html = f"<p>{html}</p>"
        self._add(kind, text, html, level=level)  # type: ignore[arg-type]

    def _filter_inline(self, children: Sequence[Token]) -> tuple[list[Token], list[str]]:
        """Tokens for the page (no images, footnote refs, <sup>) and strings to speak."""
        kept: list[Token] = []
        spoken: list[str] = []
        in_sup = in_code = False
        for child in children:
            if child.type == "html_inline":
                if _CODE_OPEN_RE.match(child.content):
                    in_code = True
                elif _CODE_CLOSE_RE.match(child.content):
                    in_code = False
                elif _NO_AUDIO_OPEN_RE.search(child.content):
                    self.muted = True
                elif _NO_AUDIO_CLOSE_RE.search(child.content):
                    self.muted = False
                elif _SUP_OPEN_RE.match(child.content):
                    in_sup = True
                elif _SUP_CLOSE_RE.match(child.content):
                    in_sup = False
                continue
            if in_sup or in_code or child.type in ("image", "footnote_ref"):
                continue
            kept.append(child)
            if self.muted:
                continue
            if child.type in ("text", "code_inline"):
                spoken.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                spoken.append(" ")
        return kept, spoken

    def _add(self, kind: str, text: str, html: str, level: int = 0) -> None:
        container = self.containers[-1] if self.containers else None
        spoken = not self.muted and (kind in NOTES or has_words(text))
        self.blocks.append(
            Block(kind, text, html, level=level, spoken=spoken, container=container)  # type: ignore[arg-type]
        )


def _matching_close(tokens: Sequence[Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def parse_markdown(text: str, source: str = "", *, mdx: bool = False) -> Parsed:
    walker = _Walker()
    walker.walk(walker.md.parse(prepare_markdown(text, mdx=mdx), walker.env))
    return Parsed(walker.blocks)


def parse_mdx(text: str, source: str = "") -> Parsed:
    """MDX (Astro, Docusaurus): Markdown whose imports and JSX components are never spoken."""
    return parse_markdown(text, source, mdx=True)
