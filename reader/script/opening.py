"""The episode's opening: the title, then "By <author>." in the article's language.

"By <author>" is the catalogue's message (reader/locale), the one the book's chapters
show under their title: the spoken and the written byline have one source per language."""

from __future__ import annotations

from ..language import language_for
from ..locale import messages
from ..models import ArticleMeta
from .pieces import speak_paragraph


def opening_line(title: str, author: str | None, lang: str | None = None) -> str:
    """'<title>. By <author>.' as written ("Par Claire Dubois." in French), without
    doubling a question or exclamation mark."""
    language = language_for(lang)
    title = title.strip()
    ends = tuple(language.sentence_ends)
    stop = language.sentence_ends[0]
    line = title if title.endswith(ends) else f"{title}{stop}"
    if not author or not author.strip():
        return line
    byline = messages(lang).gettext("By %(author)s", author=author.strip())
    return f"{line} {byline}{stop}"


def spoken_opening(meta: ArticleMeta) -> tuple[str, ...]:
    """The opening as spoken: normalised and split like a paragraph, so "$12,500" is
    spoken as words and "By Dr. Lena Fox." is one sentence."""
    return speak_paragraph(opening_line(meta.title, meta.author, meta.lang), meta.lang)
