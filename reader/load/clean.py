"""Cleaning rules shared by every format: what is never spoken nor shown as text.

Navigation lines, footnote reference markers, reference lists, bare URLs, stray tags
and entities. These are heuristics for text exported from real sites, written by hand
because no library knows a blog's export quirks; each rule says why it is safe.
"""

from __future__ import annotations

import html
import re

# "← Read or Listen to our … Articles", "« Back to all posts", "Next article →".
_ARROWS = "←→«»‹›⟵⟶↩↪⇐⇒"
_NAV_ARROW_RE = re.compile(rf"^\s*[{_ARROWS}]|[{_ARROWS}]\s*$")
_NAV_WORDS_RE = re.compile(
    r"^\s*(?:read or listen to|back to|return to|previous|next|more)\b"
    r".*\b(?:articles?|posts?|stories|blog)\s*$",
    re.IGNORECASE,
)

URL_RE = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'”’)\]]+[^\s<>\"'”’)\].,;:!?]")
_TAG_RE = re.compile(r"</?[A-Za-z!][^>]*>")
_REFERENCE_LINE_RE = re.compile(r"^\s*(?:\[?\d{1,3}[.)\]:]?|[-*•^])\s+\S")
_REFERENCE_HEADINGS = re.compile(
    r"^(?:references|sources|notes|footnotes|endnotes|bibliography|citations"
    r"|further reading)\s*:?$",
    re.IGNORECASE,
)
_SUPERSCRIPT_DIGITS_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")

# Footnote markers come as a small integer (at most 3 digits, no leading zero) in
# two contexts, tried in document order:
#   A  after sentence-final punctuation, optionally a closing quote or bracket, and
#      before a capitalised word or the end of the paragraph: `others.” 1`,
#      `the other. 4 So it is`. Real numbers almost never sit there: English does not
#      start a sentence with digits, and years have four digits.
#   B  between a lowercase word and a capitalised word (or the paragraph end) with no
#      punctuation: `emotional health 8 Deepening`. "in chapter 9 Smith argues" looks
#      the same, so B is only accepted when it continues the article's marker sequence
#      (previous marker < n <= previous + 3).
# "in 2009", "3 hours", "chapter 9 shows" match neither: four digits, or a lowercase
# word after the number.
_MARKER_RE = re.compile(
    r"(?P<a_pre>[.!?…][\"”’')\]]*)[ \t]+(?P<a_num>[1-9]\d{0,2})(?=[ \t]+[\"“‘(]?[A-Z]|[ \t]*$)"
    r"|(?P<b_pre>\b[a-z]{2,})[ \t]+(?P<b_num>[1-9]\d{0,2})(?=[ \t]+[A-Z][a-z]|[ \t]*$)"
)


class FootnoteStripper:
    """Removes footnote markers, remembering the last one so sequence checks span paragraphs."""

    def __init__(self) -> None:
        self.last = 0

    def strip(self, text: str) -> str:
        text = _SUPERSCRIPT_DIGITS_RE.sub("", text)
        return _MARKER_RE.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        if match.group("a_num") is not None:
            self.last = max(self.last, int(match.group("a_num")))
            return match.group("a_pre")
        number = int(match.group("b_num"))
        if self.last < number <= self.last + 3:
            self.last = number
            # The marker stood where the author's full stop was missing; restore it so
            # the sentence splitter sees two sentences.
            return match.group("b_pre") + "."
        return match.group(0)


# C0 controls but tab and newline, DEL, C1 controls, and the two non-characters XML forbids.
# They are never meant to be read or heard, a terminal obeys \x1b, and XML 1.0 (the feed)
# cannot hold most of them, so they go at load time and no later stage ever sees them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """Remove control characters (tab and newline stay). Bidi marks are kept: they are
    real text in Arabic or Hebrew, and valid everywhere the text goes. Page breaks (form
    feed, vertical tab) separate text, so they become newlines rather than glue words."""
    return _CONTROL_RE.sub("", text.replace("\x0c", "\n").replace("\x0b", "\n"))


def is_navigation(line: str) -> bool:
    """A site's navigation line: short, and led or trailed by an arrow, or 'Back to … posts'."""
    words = line.split()
    if not words or len(words) > 14:
        return False
    return bool(_NAV_ARROW_RE.search(line) or _NAV_WORDS_RE.match(line))


# "Share this post: Tweet", "Share on Facebook", "Tweet this": a share bar's words, which a
# theme or a feed puts inside the article's HTML. Short and led by the verb, so "Share your
# thoughts with a friend who…" in a real sentence (longer, or not led by these) stays.
_SHARE_RE = re.compile(
    r"^\s*(?:share(?:\s+(?:this|on|via|it)\b|\s*:|\s*$)|tweet(?:\s+this)?\b[\s:!]*)",
    re.IGNORECASE,
)
_SHARE_MAX_WORDS = 12


def is_share_line(line: str) -> bool:
    """A share bar's line ("Share this post: Tweet", "Share on X"): never the article."""
    words = line.split()
    return 0 < len(words) <= _SHARE_MAX_WORDS and bool(_SHARE_RE.match(line))


def is_reference_list(lines: list[str]) -> bool:
    """Numbered or bulleted lines that are mostly URLs: a reference list, never spoken."""
    lines = [line for line in lines if line.strip()]
    if not lines:
        return False
    with_url = sum(1 for line in lines if URL_RE.search(line))
    if len(lines) == 1:
        return (
            bool(URL_RE.fullmatch(lines[0].strip().split()[-1]))
            and with_url == 1
            and (_REFERENCE_LINE_RE.match(lines[0]) is not None or len(lines[0].split()) == 1)
        )
    numbered = sum(1 for line in lines if _REFERENCE_LINE_RE.match(line))
    return numbered == len(lines) and with_url * 2 >= len(lines)


def is_reference_heading(text: str) -> bool:
    return bool(_REFERENCE_HEADINGS.match(text.strip()))


_BRACKETED_URL_RE = re.compile(r"[(\[<]\s*" + URL_RE.pattern + r"\s*[)\]>]")
_URL_IN_SENTENCE_RE = re.compile(r"(?<=[A-Za-z] )" + URL_RE.pattern)


def strip_urls(text: str) -> str:
    """Bare URLs are never spoken nor kept in the written text.

    A URL in brackets goes with its brackets; one that a sentence leans on ("see
    https://… for details") becomes "the link" so the sentence still reads.
    """
    text = _BRACKETED_URL_RE.sub("", text)
    text = _URL_IN_SENTENCE_RE.sub("the link", text)
    return URL_RE.sub("", text)


def strip_tags(text: str) -> str:
    """Stray HTML tags and entities in text formats (`&amp;` → `&`)."""
    return html.unescape(_TAG_RE.sub("", text))


_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]|<\s*>")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?)\]”’])")
_SPACES_RE = re.compile(r"\s+")


def tidy(text: str) -> str:
    """Collapse whitespace and repair what removals leave behind (empty brackets, ' .')."""
    text = _EMPTY_BRACKETS_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = re.sub(r"([,;:])(?=[,;:.])", "", text)  # "see , ." after a removed URL
    return text.strip()


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
