"""Stage 2 — the spoken script: every word that will be spoken, and nothing else, in the
article's language.

build.py makes the Script from an Article; pieces.py cuts spoken text into pieces;
opening.py is the title and byline. How each language says its numbers, dates, money,
units and abbreviations is reader.language's.
"""

from __future__ import annotations

from ..language.normalize import to_spoken
from .build import make_script, read_lists_as_lists, speak_section
from .opening import opening_line, spoken_opening
from .pieces import MAX_PIECE_CHARS, MIN_PIECE_CHARS, cap_length, speak_paragraph

__all__ = [
    "MAX_PIECE_CHARS",
    "MIN_PIECE_CHARS",
    "cap_length",
    "make_script",
    "opening_line",
    "read_lists_as_lists",
    "speak_paragraph",
    "speak_section",
    "spoken_opening",
    "to_spoken",
]
