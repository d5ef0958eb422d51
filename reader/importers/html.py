"""CMS HTML → the Markdown an article file holds, with markdownify (well kept, and its
converter is a class we can teach WordPress's and Ghost's habits)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from markdownify import MarkdownConverter

# Gutenberg keeps each block's settings in an HTML comment: <!-- wp:image {"id":12} -->.
_BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# [caption id="…" align="…" width="…"]<img …> A caption.[/caption]
_CAPTION_RE = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# [embed]url[/embed], [gallery ids="1,2"], [/anything]: WordPress shortcodes. A name must
# start with a letter, so footnote-style [1] and a link's [text] are left alone.
_EMBED_RE = re.compile(r"\[embed[^\]]*\].*?\[/embed\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE_RE = re.compile(r"\[/?[a-z][\w-]*(?:\s[^\]\n]*)?\]")
_BLANK_RUNS_RE = re.compile(r"\n{3,}")


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
    inner = match.group(1)
    images = "".join(_IMG_RE.findall(inner))
    caption = _IMG_RE.sub("", inner)
    caption = re.sub(r"</?a\b[^>]*>", "", caption).strip()
    return f"<figure>{images}<figcaption>{caption}</figcaption></figure>"


def to_markdown(html: str) -> str:
    """HTML → Markdown: ATX headings, `-` bullets, no scripts or styles."""
    converter = _Converter(heading_style="ATX", bullets="-")
    markdown = converter.convert(html)
    lines = [line.rstrip() for line in markdown.strip().split("\n")]
    return _BLANK_RUNS_RE.sub("\n\n", "\n".join(lines)) + "\n"
