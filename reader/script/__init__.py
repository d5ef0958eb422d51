"""Stage 2 — the spoken script: every word that will be spoken, and nothing else, in the
article's language.

build.py makes the Script from an Article; segment.py cuts spoken text into pieces;
opening.py is the title and byline; languages/ holds one module per language (numbers,
dates, money, units, abbreviations as that language says them) behind one interface.
"""

from __future__ import annotations

from .build import make_script, read_lists_as_lists, speak_section
from .normalize import to_spoken
from .opening import opening_line, spoken_opening
from .segment import MAX_PIECE_CHARS, MIN_PIECE_CHARS, cap_length, speak_paragraph

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
