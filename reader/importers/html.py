"""CMS HTML → the Markdown an article file holds, with markdownify (well kept, and its
converter is a class we can teach WordPress's and Ghost's habits)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from markdownify import MarkdownConverter

from ..load.clean import is_share_line

# Gutenberg keeps each block's settings in an HTML comment: <!-- wp:image {"id":12} -->.
_BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# [caption id="…" align="…" width="…"]<img …> A caption.[/caption], or the form older
# WordPress wrote: [caption id="…" caption="A caption."]<img …>[/caption].
_CAPTION_RE = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_CAPTION_ATTRIBUTE_RE = re.compile(r"""\bcaption\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""",
                                   re.IGNORECASE)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# [embed]url[/embed], [gallery ids="1,2"], [/anything]: WordPress shortcodes. A name must
# start with a letter, so footnote-style [1] and a link's [text] are left alone.
_EMBED_RE = re.compile(r"\[embed[^\]]*\].*?\[/embed\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE_RE = re.compile(r"\[/?[a-z][\w-]*(?:\s[^\]\n]*)?\]")
_BLANK_RUNS_RE = re.compile(r"\n{3,}")
# A footnote list as WordPress writes it: the block editor's <ol class="wp-block-footnotes">,
# plugins' and PHP Markdown Extra's <ol class="footnotes"> / <div class="footnotes"><ol>.
_FOOTNOTE_CLASSES = {"footnotes", "wp-block-footnotes"}
# The ↩ link back from a note to its marker: page furniture, not the note.
_BACKLINK_RE = re.compile(r"\s*\[[↩︎⤴\ufe0e\s]*\]\(#[^)]*\)")


class _Converter(MarkdownConverter):  # type: ignore[misc]
    """Figures keep their caption as an HTML figure, which the Markdown reader speaks as a
    caption (markdownify would flatten it into an ordinary paragraph)."""

    def convert_figure(self, el: Any, text: str, parent_tags: Any = None) -> str:
        caption = el.find("figcaption")
        base: Any = self  # markdownify is untyped
        images = "".join(base.process_tag(img, parent_tags or set()) for img in el.find_all("img"))
        out = f"\n\n{images.strip()}\n\n" if images.strip() else "\n\n"
        if caption is not None:
            words = html_lib.escape(" ".join(caption.get_text(" ").split()))
            if words:
                out += f"<figure><figcaption>{words}</figcaption></figure>\n\n"
        return out

    def convert_sup(self, el: Any, text: str, parent_tags: Any = None) -> str:
        """A footnote marker (<sup><a href="#fn1">1</a></sup>) is a Markdown footnote
        reference, which the Markdown reader never speaks; any other <sup> is its text."""
        link = el.find("a")
        label = el.get_text().strip("[]() \n")
        if link is not None and link.get("href", "").startswith("#") and label.isdigit():
            return f"[^{label}]"
        return text

    def convert_ol(self, el: Any, text: str, parent_tags: Any = None) -> str:
        """A footnote list becomes Markdown footnote definitions (never spoken as a list)."""
        if not _is_footnote_list(el):
            base: Any = super()
            return str(base.convert_ol(el, text, parent_tags))
        notes = []
        for number, item in enumerate(el.find_all("li", recursive=False), start=1):
            item.name = "div"  # the note's text, without a list item's "1. "
            body = _BACKLINK_RE.sub("", self.convert_soup(item)).strip()
            body = " ".join(body.split())
            if body:
                notes.append(f"[^{number}]: {body}")
        return "\n\n" + "\n\n".join(notes) + "\n\n"

    def convert_hr(self, el: Any, text: str, parent_tags: Any = None) -> str:
        if el.parent is not None and _is_footnote_list(el):  # the rule above the notes
            return ""
        base: Any = super()
        return str(base.convert_hr(el, text, parent_tags))

    def convert_figcaption(self, el: Any, text: str, parent_tags: Any = None) -> str:
        return ""  # written by convert_figure

    def _nothing(self, el: Any, text: str, parent_tags: Any = None) -> str:
        return ""  # code and embeds: neither prose to speak nor text to show

    convert_script = convert_style = convert_iframe = convert_form = convert_noscript = _nothing


def clean_wordpress(text: str) -> str:
    """Gutenberg block comments out; [caption] as a <figure>; other shortcodes out."""
    text = _BLOCK_COMMENT_RE.sub("", text)
    text = _CAPTION_RE.sub(_caption_figure, text)
    text = _EMBED_RE.sub("", text)
    return _SHORTCODE_RE.sub("", text)


def _caption_figure(match: re.Match[str]) -> str:
    attributes, inner = match.groups()
    images = "".join(_IMG_RE.findall(inner))
    # As WordPress's img_caption_shortcode: a caption="…" attribute is the caption, else
    # the text after the image.
    named = _CAPTION_ATTRIBUTE_RE.search(attributes)
    caption = next(v for v in named.groups() if v is not None) if named else _IMG_RE.sub("", inner)
    caption = re.sub(r"</?a\b[^>]*>", "", caption).strip()
    return f"<figure>{images}<figcaption>{caption}</figcaption></figure>"


def _is_footnote_list(el: Any) -> bool:
    classes = set(el.get("class") or ())
    parent = el.parent
    parent_classes = set(parent.get("class") or ()) if parent is not None else set()
    return bool((classes | parent_classes) & _FOOTNOTE_CLASSES)


def _without_share_lines(html: str) -> Any:
    """The parsed HTML without share bars ("Share this post: Tweet") that feeds and themes
    put inside a post's content: the same rule the article loaders follow."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["p", "div", "ul", "section", "aside"]):
        if element.decomposed:
            continue
        if is_share_line(" ".join(element.get_text(" ").split())):
            element.decompose()
    return soup


def to_markdown(html: str) -> str:
    """HTML → Markdown: ATX headings, `-` bullets, no scripts or styles, no share lines;
    footnotes as Markdown footnotes."""
    converter = _Converter(heading_style="ATX", bullets="-")
    markdown = converter.convert_soup(_without_share_lines(html))
    lines = [line.rstrip() for line in markdown.strip().split("\n")]
    return _BLANK_RUNS_RE.sub("\n\n", "\n".join(lines)) + "\n"
