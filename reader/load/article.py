"""Stage 1 — load and clean: an article file becomes an Article.

The format readers in reader/load/ (chosen by suffix in formats.py) turn a
file into Blocks; this module resolves the metadata (front matter → body → file name →
file time), takes the title out of the body, groups the blocks into sections and builds
the sanitised reading HTML.
"""

from __future__ import annotations

import html
from itertools import groupby
from pathlib import Path
from typing import Any

from ..errors import ArticleError
from ..language import language_for
from ..models import Article, ArticleMeta, Section, WrittenSentence
from .blocks import NOTES, Block, Parsed
from .clean import tidy
from .decode import read_text
from .formats import describe_suffixes, input_format
from .front_matter import split_front_matter
from .meta import (
    describe,
    keywords,
    optional_bool,
    optional_date,
    optional_str,
    resolve_date,
    resolve_slug,
    text_list,
)
from .sentences import SENTENCE_ATTRIBUTES, SentenceIds, mark_sentences

TITLE_MAX_CHARS = 90

_PAGE_TAGS = {  # fmt: skip
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sub",
}


def load_article(path: Path, lang: str | None = None) -> Article:
    """Read one article file. Raises ArticleError naming the file for anything unusable.

    `lang` is the language of an article that does not say its own (the podcast's)."""
    path = Path(path)
    fmt = input_format(path)
    if fmt is None:
        raise ArticleError(
            f"unsupported file type {path.suffix or '(none)'!r}; use {describe_suffixes()}",
            path=path,
        )
    text = read_text(path)
    if not text.strip():
        raise ArticleError("is empty", path=path)
    front: dict[str, Any] = {}
    body = text
    # Jekyll posts may be HTML with YAML front matter; no page starts with "---" otherwise.
    if fmt.front_matter or text.startswith("---"):
        front, body = split_front_matter(text, path)
        if not body.strip():
            raise ArticleError("has front matter but no article text after it", path=path)
    parsed = fmt.parse(body, str(path))
    return _assemble(parsed, front, path, page_meta_is_strict=fmt.front_matter, lang=lang)


# Where generators keep the publication date, in the order Hugo looks (Astro: pubDate).
_DATE_KEYS = ("date", "pubDate", "pubdate", "publishDate", "published")
# The episode description: ours, then Hugo's `summary`, then Jekyll's `excerpt`.
_DESCRIPTION_KEYS = ("description", "summary", "excerpt")


def _assemble(
    parsed: Parsed, front: dict[str, Any], path: Path, *, page_meta_is_strict: bool,
    lang: str | None = None,
) -> Article:
    blocks = list(parsed.blocks)
    if not any(block.spoken and block.kind not in ("heading", *NOTES) for block in blocks):
        raise ArticleError(
            "has nothing to say: no paragraphs of text (only code, tables or headings)",
            path=path,
        )
    title, blocks = _take_title(
        blocks, optional_str(front.get("title"), "title", path), parsed.meta.get("title"), path
    )
    _last_heading_as_paragraph(blocks)
    lang = _language(front, parsed, path) or lang
    _say_notes(blocks, lang)
    _mark_sentences(blocks, lang)
    sections = _sections(blocks)
    paragraphs = [p for s in sections for p in s.paragraphs]
    date_key = next((k for k in _DATE_KEYS if _is_date_value(front.get(k))), None)
    date_value = front[date_key] if date_key else parsed.meta.get("date")
    description = next(
        (optional_str(front[k], k, path) for k in _DESCRIPTION_KEYS if front.get(k)), None
    )
    meta = ArticleMeta(
        title=title,
        slug=resolve_slug(front.get("slug"), path),
        date=resolve_date(date_value, path, strict=page_meta_is_strict or date_key is not None),
        source=path,
        author=optional_str(front.get("author", parsed.meta.get("author")), "author", path),
        description=description or parsed.meta.get("description") or describe(paragraphs),
        lang=lang,
        engine=optional_str(front.get("engine"), "engine", path),
        voice=optional_str(front.get("voice"), "voice", path),
        explicit=optional_bool(front.get("explicit"), "explicit", path),
        image=optional_str(front.get("image"), "image", path),
        # Jekyll's `published: false` is a draft too.
        draft=bool(optional_bool(front.get("draft"), "draft", path))
        or front.get("published") is False,
        keywords=keywords(front, path),
        aliases=text_list(front.get("aliases"), "aliases", path),
        publish_date=optional_date(front.get("publishDate"), "publishDate", path),
        expiry_date=optional_date(front.get("expiryDate"), "expiryDate", path),
    )
    return Article(meta=meta, sections=tuple(sections), body_html=_body_html(blocks))


def _language(front: dict[str, Any], parsed: Parsed, path: Path) -> str | None:
    """The article's own language: front matter `lang` (Hugo, ours) or `language`, else
    what the file itself declared (a saved page's <html lang>)."""
    for key in ("lang", "language"):
        value = optional_str(front.get(key), key, path)
        if value:
            return _language_tag(value, f"front matter `{key}`", path)
    declared = parsed.meta.get("lang")
    return _language_tag(declared, "<html lang>", path) if declared else None


def _language_tag(value: str, where: str, path: Path) -> str:
    import langcodes

    try:
        return str(langcodes.standardize_tag(value.strip().replace("_", "-")))
    except (ValueError, LookupError):
        raise ArticleError(
            f"{where} {value!r} is not a language tag; write e.g. fr, es, pt-BR", path=path
        ) from None


def _is_date_value(value: Any) -> bool:
    return value is not None and value != "" and not isinstance(value, bool)


def _take_title(
    blocks: list[Block], front_title: str | None, page_title: str | None, path: Path
) -> tuple[str, list[Block]]:
    """Title: front matter → first heading → page metadata (HTML) → first line.

    The heading or line used as the title is removed from the body so it is never
    repeated as a section.
    """
    first = blocks[0]
    if front_title:
        if first.kind == "heading" and _same(first.text, front_title):
            blocks = blocks[1:]
        return front_title, blocks
    top_level = [b for b in blocks if b.kind == "heading" and b.level == 1]
    chosen: Block | None = None
    if first.kind == "heading" and (first.level <= 1 or not page_title):
        chosen = first
    elif len(top_level) == 1:
        chosen = top_level[0]
    if chosen is not None:
        return chosen.text, [b for b in blocks if b is not chosen]
    if page_title:
        title = tidy(page_title)
        if first.kind == "heading" and _same(first.text, title):
            blocks = blocks[1:]
        return title, blocks
    if first.kind == "paragraph" and len(first.text) <= TITLE_MAX_CHARS and first.text:
        return first.text.rstrip("."), blocks[1:]
    raise ArticleError(
        "has no title: add `title:` front matter or start the article with a heading",
        path=path,
    )


def _same(a: str, b: str) -> bool:
    return tidy(a).casefold() == tidy(b).casefold()


def _last_heading_as_paragraph(blocks: list[Block]) -> None:
    """A "heading" with nothing after it ("Thanks for reading") is a closing line: speak it."""
    if blocks and blocks[-1].kind == "heading" and blocks[-1].spoken:
        last = blocks[-1]
        escaped = html.escape(last.text, quote=False)
        blocks[-1] = Block("paragraph", last.text, f"<p>{escaped}</p>")


def _say_notes(blocks: list[Block], lang: str | None) -> None:
    """Code and tables are not read aloud: the voice says a short note in the article's
    language instead."""
    language = language_for(lang)
    for block in blocks:
        if block.kind in NOTES:
            block.text = language.note(block.kind)


def _mark_sentences(blocks: list[Block], lang: str | None) -> None:
    """Give every spoken sentence (and heading) its id and its element in the block's HTML.
    Code and tables (notes) and no-audio blocks get none: the read-along skips them."""
    ids = SentenceIds()
    for block in blocks:
        if block.spoken and block.kind not in NOTES:
            # The author's own markup is sanitised first, so the only ids are ours.
            block.sentences, block.html = mark_sentences(
                block.text, _sanitise(block.html), ids, whole=block.kind == "heading", lang=lang
            )


def _sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    title: str | None = None
    title_id: str | None = None
    paragraphs: list[str] = []
    items: set[int] = set()
    quotes: set[int] = set()
    sentences: list[tuple[WrittenSentence, ...]] = []
    for block in blocks:
        if block.kind == "heading" and block.spoken:
            if paragraphs:
                sections.append(Section(
                    title, tuple(paragraphs), frozenset(items), tuple(sentences), title_id,
                    frozenset(quotes),
                ))
            title, paragraphs, items, quotes, sentences = block.text, [], set(), set(), []
            title_id = block.sentences[0].id if block.sentences else None
        elif block.spoken:
            if block.kind == "item":
                items.add(len(paragraphs))
            elif block.kind == "quote":
                quotes.add(len(paragraphs))
            paragraphs.append(block.text)
            sentences.append(block.sentences)
    if paragraphs:
        sections.append(Section(
            title, tuple(paragraphs), frozenset(items), tuple(sentences), title_id,
            frozenset(quotes),
        ))
    return sections


def _sanitise(fragment: str, *, sentence_spans: bool = False) -> str:
    import nh3

    attributes = {"a": {"href", "title"}}
    if sentence_spans:
        attributes["span"] = set(SENTENCE_ATTRIBUTES)
    return nh3.clean(
        fragment,
        tags=_PAGE_TAGS | ({"span"} if sentence_spans else set()),
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
    )


def _body_html(blocks: list[Block]) -> str:
    parts: list[str] = []
    for container, group in groupby(blocks, key=lambda block: block.container):
        inner = [b.html if b.kind != "item" else f"<li>{b.html}</li>" for b in group]
        if container is None:
            parts.extend(inner)
        else:
            parts.append(f"<{container[0]}>{''.join(inner)}</{container[0]}>")
    return _sanitise("\n".join(parts), sentence_spans=True)
