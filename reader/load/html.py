"""Saved web pages: trafilatura finds the article, we walk its XML keeping headings.

Before extraction the page is adjusted with lxml so that what trafilatura cannot know
survives: `class="no-audio"` regions are fenced with sentinel words (trafilatura drops
attributes but keeps text), footnote markers (<sup>, "#fn" links) and footnote lists are
removed, and figure captions become paragraphs so they are spoken.
trafilatura is imported here only: it is slow to import and only .html needs it.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import ArticleError, MissingPackage
from .blocks import Block, Parsed
from .clean import (
    FootnoteStripper,
    has_words,
    is_navigation,
    is_reference_heading,
    is_reference_list,
    is_share_line,
    strip_urls,
    tidy,
)

MUTE_ON = "QXNOAUDIOBEGINQX"
MUTE_OFF = "QXNOAUDIOENDQX"
_SENTINEL_RE = re.compile(f"({MUTE_ON}|{MUTE_OFF})")
_SHARE_CONTAINERS = {"p", "div", "ul", "li", "section", "aside"}
_FOOTNOTE_BOX_RE = re.compile(r"\b(?:footnotes?|endnotes?|references|citations)\b", re.I)


def parse_html(text: str, source: str = "") -> Parsed:
    try:
        import trafilatura  # lazy: ~0.5 s to import
    except ImportError as exc:  # e.g. lxml_html_clean, which jusText imports, is missing
        raise MissingPackage(exc, needed_by="HTML articles", path=source or None) from exc

    prepared, lang = _prepare(text)
    xml = trafilatura.extract(
        prepared,
        output_format="xml",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        with_metadata=True,
        favor_recall=True,
    )
    if not xml:
        raise ArticleError("no article text found in this HTML page", path=source or None)
    doc = etree.fromstring(xml.encode("utf-8"))
    meta: dict[str, Any] = {
        key: doc.get(key) for key in ("title", "author", "date", "description") if doc.get(key)
    }
    if lang:
        meta["lang"] = lang
    walker = _Walker()
    main = doc.find("main")
    if main is not None:
        walker.walk_children(main)
    return Parsed(walker.blocks, meta)


def _prepare(text: str) -> tuple[str, str | None]:
    """The page made ready for trafilatura, and the language its <html lang> declares."""
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text, None
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            element.tag == "sup"
            or _is_footnote_link(element)
            or (element.get("role") == "doc-endnotes" or _FOOTNOTE_BOX_RE.search(classes))
        ):
            _drop(element)
        elif element.tag in _SHARE_CONTAINERS and is_share_line(
            " ".join(element.text_content().split())
        ):
            _drop(element)  # a share bar inside the article ("Share this post: Tweet")
        elif "no-audio" in element.get("class", "").split():
            _fence(element)
        elif element.tag == "figure":
            _caption_as_paragraph(element)
    return lxml_html.tostring(tree, encoding="unicode"), lang.strip() or None


def _caption_as_paragraph(figure: Any) -> None:
    """trafilatura drops <figure> with its caption; a plain paragraph survives and is spoken."""
    caption = figure.find(".//figcaption")
    if caption is None or figure.getparent() is None:
        return
    paragraph = lxml_html.Element("p")
    paragraph.text = " ".join(caption.text_content().split())
    paragraph.tail = figure.tail
    figure.getparent().replace(figure, paragraph)


def _is_footnote_link(element: Any) -> bool:
    href = element.get("href", "") if element.tag == "a" else ""
    label = (element.text_content() or "").strip("[]() \n")
    return href.startswith("#") and label.isdigit()


def _drop(element: Any) -> None:
    """Remove an element but keep its tail text (the sentence after a footnote marker)."""
    parent = element.getparent()
    if parent is not None:
        element.drop_tree()


def _fence(element: Any) -> None:
    element.text = f"{MUTE_ON} {element.text or ''}"
    last = None
    for node in element.iter():
        if node is not element and (node.tail or "").strip():
            last = ("tail", node)
        if (node.text or "").strip():
            last = ("text", node)
    if last is None or last[1] is element and last[0] == "text":
        element.text = f"{element.text or ''} {MUTE_OFF}"
    elif last[0] == "tail":
        last[1].tail = f"{last[1].tail} {MUTE_OFF}"
    else:
        last[1].text = f"{last[1].text} {MUTE_OFF}"


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.footnotes = FootnoteStripper()
        self.muted = False
        self.container_count = 0
        self.in_references = False

    def walk_children(self, parent: Any, container: tuple[str, int] | None = None) -> None:
        for child in parent:
            self._element(child, container)

    def _element(self, element: Any, container: tuple[str, int] | None) -> None:
        tag = element.tag
        if tag == "head":
            level = int((element.get("rend") or "h2").lstrip("h") or 2)
            self._add("heading", element, level=level)
        elif tag == "p":
            self._add(
                "quote" if container and container[0] == "blockquote" else "paragraph",
                element,
                container=container,
            )
        elif tag == "list":
            self._list(element)
        elif tag == "quote":
            self.container_count += 1
            quote_box = ("blockquote", self.container_count)
            if len(element) and all(child.tag == "p" for child in element):
                self.walk_children(element, quote_box)
            else:
                self._add("quote", element, container=quote_box)
        elif tag == "code":
            self._mute_markers(element)
            code = html_lib.escape("".join(element.itertext()))
            self.blocks.append(Block("code", "", f"<pre><code>{code}</code></pre>"))
        elif tag == "table":
            self.blocks.append(Block("table", "", _table_html(element)))
        elif tag in ("div", "section"):
            self.walk_children(element, container)

    def _list(self, element: Any) -> None:
        items = [child for child in element if child.tag == "item"]
        texts = [" ".join("".join(item.itertext()).split()) for item in items]
        if is_reference_list([f"1. {text}" for text in texts]):
            return
        self.container_count += 1
        box = ("ol" if element.get("rend") == "ol" else "ul", self.container_count)
        for item in items:
            self._add("item", item, container=box)

    def _mute_markers(self, element: Any) -> None:
        for piece in _SENTINEL_RE.findall("".join(element.itertext())):
            self.muted = piece == MUTE_ON

    def _add(
        self,
        kind: str,
        element: Any,
        level: int = 0,
        container: tuple[str, int] | None = None,
    ) -> None:
        spoken_parts: list[str] = []
        for piece in _SENTINEL_RE.split("".join(element.itertext())):
            if piece in (MUTE_ON, MUTE_OFF):
                self.muted = piece == MUTE_ON
            elif not self.muted:
                spoken_parts.append(piece)
        text = tidy(self.footnotes.strip(strip_urls(" ".join(spoken_parts))))
        inner = _SENTINEL_RE.sub("", _inline_html(element)).strip()
        if kind == "heading":
            self.in_references = is_reference_heading(text)
        if (self.in_references or is_navigation(text) or is_share_line(text)
                or not has_words(_strip(inner))):
            return
        if kind == "heading":
            html = f"<h{level}>{inner}</h{level}>"
        elif kind == "item":
            html = inner
        else:
            html = f"<p>{inner}</p>"
        self.blocks.append(
            Block(kind, text, html, level=level, spoken=has_words(text), container=container)  # type: ignore[arg-type]
        )


def _strip(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


_INLINE_TAGS = {"#b": "strong", "#i": "em", "#u": "em", "#t": "code", "#sub": "sub"}


def _inline_html(element: Any) -> str:
    """trafilatura's inline XML (hi, ref, lb, code) as page HTML; text is escaped."""
    parts = [html_lib.escape(element.text or "", quote=False)]
    for child in element:
        inner = _inline_html(child)
        if child.tag == "ref" and child.get("target"):
            href = html_lib.escape(child.get("target"), quote=True)
            parts.append(f'<a href="{href}">{inner}</a>')
        elif child.tag == "hi" and child.get("rend") in _INLINE_TAGS:
            tag = _INLINE_TAGS[child.get("rend")]
            parts.append(f"<{tag}>{inner}</{tag}>")
        elif child.tag == "lb":
            parts.append("<br>")
        elif child.tag == "code":
            parts.append(f"<code>{inner}</code>")
        elif child.tag in ("list", "p", "quote"):
            parts.append(f" {inner} ")
        else:
            parts.append(inner)
        parts.append(html_lib.escape(child.tail or "", quote=False))
    return "".join(parts)


def _table_html(element: Any) -> str:
    rows = []
    for row in element.iter("row"):
        cells = "".join(
            f"<td>{html_lib.escape(' '.join(''.join(cell.itertext()).split()))}</td>"
            for cell in row.iter("cell")
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"
