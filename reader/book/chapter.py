"""One article as a chapter of the book: its page's text and what is spoken when.

The text is the article body of the site's page, with the sentence ids the read-along uses;
the times are the page's sync map (`<stem>.sync.json`), which the episode stage wrote from
the synthesis itself, so nothing is aligned after the fact. Pieces the sync map ties to no
sentence are the spoken opening (the title, then "By <author>") and the notes said in place
of a code sample or a table: they are tied to the chapter's heading, byline and those blocks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import UserError
from .select import BookArticle

# The page template's element around the article's body (reader/site/templates/episode.html.j2).
BODY_CLASS = "article-body"
CHAPTER_ID = "chapter"  # the chapter's <section>, which its overlay's <seq> stands for
TITLE_ID = "title"
BYLINE_ID = "byline"
# Blocks the voice replaces with a spoken note (reader/load/blocks.py: NOTES), in the order
# they are met.
_NOTED = ("pre", "table")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Clip:
    """One `par` of the media overlay: the element shown and the audio heard with it."""

    text_id: str
    begin: float  # seconds into the article's own audio file
    end: float


@dataclass(frozen=True)
class Heading:
    title: str
    id: str


@dataclass(frozen=True)
class ChapterText:
    body: str  # XHTML (no namespace prefix): the article's body, headings from h2
    sections: tuple[Heading, ...]  # the body's top headings, for the navigation document
    clips: tuple[Clip, ...]
    ids: frozenset[str]  # every element id in `body`

    @property
    def duration(self) -> float:
        """What the overlay plays: its clips, without the silences between them."""
        return sum(clip.end - clip.begin for clip in self.clips)


def chapter_text(article: BookArticle) -> ChapterText:
    """The article's body from its page, tied to its sync map."""
    body = _page_body(article)
    _level_headings(body)
    _keep_links_outside_the_site(body)
    sections = _sections(body)
    cues = _cues(article)
    has_byline = bool(article.record.author)
    # An overlay needs a clip: with no usable timing, the whole episode plays on the title.
    clips = _joined(_clips(body, cues, has_byline=has_byline)) or (
        Clip(TITLE_ID, 0.0, article.record.duration_ms / 1000),
    )
    from lxml import etree

    ids = frozenset(str(i) for i in body.xpath("//@id"))
    body.attrib.clear()
    body.set("class", "body")
    return ChapterText(
        etree.tostring(body, encoding="unicode", method="xml", with_tail=False),
        sections, clips, ids | {CHAPTER_ID, TITLE_ID} | ({BYLINE_ID} if has_byline else set()),
    )


def _joined(clips: tuple[Clip, ...]) -> tuple[Clip, ...]:
    """The clips end to end: the pause after a piece is played with it (a reading system
    plays only what the clips cover, and without the pauses the voice would run its
    sentences together); the first starts with the audio file."""
    joined = []
    for number, clip in enumerate(clips):
        begin = 0.0 if number == 0 else clip.begin
        following = clips[number + 1].begin if number + 1 < len(clips) else clip.end
        joined.append(Clip(clip.text_id, begin, max(clip.end, following)))
    return tuple(joined)


def _page_body(article: BookArticle) -> Any:
    import lxml.html

    try:
        page = lxml.html.parse(str(article.page))
    except OSError as exc:
        raise UserError(f"cannot read the page ({exc})", path=article.page) from None
    found = page.xpath(
        f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {BODY_CLASS} ')]"
    )
    if not found:
        raise UserError("the page has no article body: run `reader build` again",
                        path=article.page)
    return found[0]


def _level_headings(body: Any) -> None:
    """The page puts the article's headings under its own (h3 for a section); in the book
    the chapter title is h1, so the body's top headings become h2 and the rest follow."""
    levels = [int(h.tag[1]) for h in body.iter(*_HEADINGS)]
    if not levels:
        return
    shift = min(levels) - 2
    for heading in body.iter(*_HEADINGS):
        heading.tag = f"h{min(6, max(2, int(heading.tag[1]) - shift))}"


def _keep_links_outside_the_site(body: Any) -> None:
    """Links to the web stay; a relative link would point into the site, not the book, so it
    becomes its text."""
    for link in list(body.iter("a")):
        href = link.get("href", "")
        if not href.startswith(("http://", "https://", "mailto:")):
            link.drop_tag()


def _sections(body: Any) -> tuple[Heading, ...]:
    """The h2 headings, each given an id the navigation document links to."""
    found = []
    for number, heading in enumerate(body.iter("h2"), start=1):
        heading.set("id", f"section-{number}")
        found.append(Heading(" ".join(heading.text_content().split()), f"section-{number}"))
    return tuple(found)


def _cues(article: BookArticle) -> list[tuple[str | None, float, float]]:
    try:
        data = json.loads(article.sync.read_text(encoding="utf-8"))
        cues = [(c[0], float(c[1]), float(c[2])) for c in data["cues"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise UserError(f"cannot read the read-along timing ({exc}): run `reader build` again",
                        path=article.sync) from None
    return [(source, begin, end) for source, begin, end in cues if end > begin]


def _clips(body: Any, cues: list[tuple[str | None, float, float]], *,
           has_byline: bool) -> tuple[Clip, ...]:
    """A clip per cue, its text the element the cue names; a cue that names none is the
    opening (before the first sentence) or the note for the next code sample or table."""
    order = {el: n for n, el in enumerate(body.iter())}
    by_id = {el.get("id"): el for el in body.iter() if el.get("id")}
    noted = [
        el for el in body.iter(*_NOTED)
        if not any(a.tag in _NOTED for a in el.iterancestors())
    ]
    clips: list[Clip] = []
    place = -1  # position in the body of the last element spoken
    opening = 0
    for source, begin, end in cues:
        element = by_id.get(source) if source else None
        if element is not None:
            place = order[element]
            clips.append(Clip(source or "", begin, end))
        elif source:
            continue  # an id the page lacks (an older page): nothing to show with it
        elif place < 0:
            text_id = BYLINE_ID if opening and has_byline else TITLE_ID
            opening += 1
            clips.append(Clip(text_id, begin, end))
        else:
            note = next((el for el in noted if order[el] > place), None)
            if note is None:
                if clips:  # said after the last block: shown with what was said before it
                    clips.append(Clip(clips[-1].text_id, begin, end))
                continue
            place = order[note]
            if not note.get("id"):
                note.set("id", f"note{noted.index(note) + 1}")
            clips.append(Clip(note.get("id"), begin, end))
    return tuple(clips)
