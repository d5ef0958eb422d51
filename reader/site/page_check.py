"""`reader check --page`: which of an episode's sentences embed.js would find on a saved blog
page, by the same rules as embed.js (locate.js): the selectors and limits below are handed to
the script (reader.site.scripts).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..layout import EMBED_DATA as EPISODE_FILE
from .episode_data import read_episode_script
from .themes import checked_slug

SENTENCE_ATTR = "data-read-or-listen-s"
# Where a theme puts the article's text, tried in order (a snippet may name its own).
ARTICLE_BODIES = (
    "[itemprop=articleBody]", ".entry-content", ".post-content", ".e-content",
    ".article-content", ".post-body", ".article-body", "article .content", "article", "main",
)
# What inside it is not the article: code and tables (never spoken), footnote markers and
# lists, share bars, related posts, comments, tables of contents, pull quotes (a sentence
# repeated as decoration), the player itself.
NOT_THE_ARTICLE = (
    "script", "style", "noscript", "template", "textarea", "select", "button", "input", "svg",
    "math", "pre", "table", "nav", "aside", "form", "sup", "[hidden]", "[aria-hidden=true]",
    "[role=doc-noteref]", "[role=doc-endnotes]", ".footnotes", ".wp-block-footnotes",
    ".footnote-ref", ".sharedaddy", ".share", ".share-buttons", ".social-share", ".share-bar",
    ".post-share", ".jp-relatedposts", ".related", ".related-posts", ".comments", "#comments",
    ".comment", ".wp-block-comments", ".toc", "#TableOfContents", ".wp-block-pullquote",
    ".pullquote", "[data-read-or-listen]",
)
# A short sentence found far past the one before is more likely other words than its own.
SHORT_SENTENCE = 24  # folded characters
SHORT_REACH = 600  # folded characters past the last sentence found


def fold(text: str) -> str:
    """Letters and digits only, lowercased, accents off (as locate.js's fold)."""
    out: list[str] = []
    for ch in text:
        for part in unicodedata.normalize("NFKD", ch) if ord(ch) >= 0x80 else ch:
            if 0x300 <= ord(part) <= 0x36F:
                continue
            part = part.lower()
            out.extend(c for c in part if unicodedata.category(c)[0] in "LN")
    return "".join(out)


@dataclass(frozen=True)
class PageCheck:
    body: str | None  # the selector the article's text was found by; None: no article body
    found: tuple[str, ...]  # ids of the sentences found
    missing: tuple[str, ...]  # the text of those not found


def find_sentences(text: str, sentences: Sequence[Sequence[str]]) -> list[str]:
    """The ids of `sentences` ([id, text]) found in order in the folded `text`."""
    found, cursor = [], 0
    for sid, sentence in sentences:
        wanted = fold(sentence)
        at = text.find(wanted, cursor) if wanted else -1
        if at < 0 or (len(wanted) < SHORT_SENTENCE and at - cursor > SHORT_REACH):
            continue
        found.append(sid)
        cursor = at + len(wanted)
    return found


def check_page(page_html: str, sentences: Sequence[Sequence[str]]) -> PageCheck:
    """Which of the episode's sentences embed.js would find on this blog page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    body, how = _article_body(soup)
    if body is None:
        return PageCheck(None, (), tuple(text for _, text in sentences))
    found = find_sentences(_folded_text(body), sentences)
    seen = set(found)
    return PageCheck(how, tuple(found), tuple(t for sid, t in sentences if sid not in seen))


def _article_body(soup: Any) -> tuple[Any, str | None]:
    host = soup.select_one("[data-read-or-listen]")
    chosen = host.get("data-article") if host is not None else None
    if chosen:
        return soup.select_one(chosen), chosen
    for selector in ARTICLE_BODIES:
        candidates = soup.select(selector)
        for candidate in candidates:
            if host is not None and (host in candidate.descendants or _after(host, candidate)):
                return candidate, selector
        if candidates:
            return candidates[0], selector
    return None, None


def _after(host: Any, candidate: Any) -> bool:
    """Whether `candidate` comes after `host` in the document (the player above the text)."""
    return any(element is candidate for element in host.next_elements)


def _folded_text(body: Any) -> str:
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    skip = ",".join(NOT_THE_ARTICLE)
    parts: list[str] = []
    stack: list[Any] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node is not body and node.css.match(skip):
                continue
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            parts.append(fold(str(node)))
    return "".join(parts)


def fetch_page(source: str, *, timeout: float = 20.0) -> str:
    """A saved page's HTML, from a file or an http(s) address."""
    from ..importers.fetch import fetch, is_url

    if is_url(source):
        return fetch(source, timeout=timeout).decode("utf-8", errors="replace")
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path=source) from None


def page_report(site: Path, slug: str, source: str) -> tuple[list[str], bool]:
    """`reader check --page`: lines to print, and whether every sentence was found."""
    data = read_episode_script(site / checked_slug(slug) / EPISODE_FILE)
    sentences = data.get("sentences") or []
    result = check_page(fetch_page(source), sentences)
    if result.body is None:
        return [f"{source}: no article body found (none of {', '.join(ARTICLE_BODIES)}); "
                "name it in the snippet: data-article=\"CSS selector\""], False
    lines = [f"{source}: {len(result.found)} of {len(sentences)} sentences of {slug!r} found "
             f"in the article's text ({result.body})"]
    lines += [f"  not found: {text}" for text in result.missing[:10]]
    if len(result.missing) > 10:
        lines.append(f"  ... and {len(result.missing) - 10} more")
    return lines, not result.missing
