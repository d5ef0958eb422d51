"""Text -> sentences in its language (pysbd: the language's abbreviations, "।" in Hindi)."""

from __future__ import annotations

from functools import cache
from typing import Any

from . import language_for


@cache
def segmenter(code: str) -> Any:
    """pysbd's segmenter for a language, built once per process (it compiles many regexes).
    clean=False keeps the text as is, so the segments join back to the original."""
    import pysbd

    return pysbd.Segmenter(language=code, clean=False)


def sentences_of(text: str, lang: str | None = None) -> list[str]:
    """`text` cut into sentences by the language's rules (its abbreviations, "।" in Hindi)."""
    return list(segmenter(language_for(lang).segmenter or "en").segment(text))
