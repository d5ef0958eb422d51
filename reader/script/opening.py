"""The episode's opening: the title, then "By <author>." in the article's language."""

from __future__ import annotations

from ..language import language_for
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
    return f"{line} {language.byline.format(author=author.strip())}"


def spoken_opening(meta: ArticleMeta) -> tuple[str, ...]:
    """The opening as spoken: normalised and split like a paragraph, so "$12,500" is
    spoken as words and "By Dr. Lena Fox." is one sentence."""
    return speak_paragraph(opening_line(meta.title, meta.author, meta.lang), meta.lang)
