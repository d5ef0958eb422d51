"""The site's two scripts, each one plain file written into the output: read-along.js (the
listening site's article pages) and embed.js (the player and read-along on a blog's own pages).

Both are made of the same pieces in reader/site/static/ (one concern a file, functions of one
state object: state, player, memory, highlight, follow, keys, session), joined here in one
private scope; only the entry differs (page.js, or locate.js + embed.js). Joining at build
time keeps one copy of each piece and one request per page, and needs no bundler: the pieces
are plain functions, and the browser runs the file as written. Served under a strict Content
Security Policy they need nothing inline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ..layout import EMBED_ASSET, READ_ALONG_ASSET

STATIC = Path(__file__).parent / "static"
_PIECES = ("state.js", "player.js", "memory.js", "highlight.js", "follow.js", "keys.js",
           "session.js")
# The players' facts that the pages' markup shares (one copy each, handed to both scripts).
SPEEDS = (0.75, 1, 1.25, 1.5, 1.75, 2)
SKIP_BACK = 15  # seconds: j, and the Back button
SKIP_AHEAD = 30  # seconds: l, and the Forward button
ENTRIES: dict[str, tuple[str, ...]] = {
    # The index loads it too, for its Copy buttons (copy.js): no script inline.
    READ_ALONG_ASSET: (*_PIECES, "copy.js", "page.js"),
    EMBED_ASSET: (*_PIECES, "locate.js", "embed.js"),
}


def _constants(values: Mapping[str, object]) -> str:
    """`var NAME = <JSON>;` lines: facts the Python side owns, handed to the script."""
    return "".join(f"var {name} = {json.dumps(value)};\n" for name, value in values.items())


def embed_constants() -> dict[str, object]:
    """The facts embed.js takes from the Python side (one copy each): how to find the
    article's sentences (reader.site.page_check), the episode data's queue and file name,
    the slug rule."""
    from ..layout import EMBED_DATA
    from ..load.meta import SLUG_RE
    from .episode_data import DATA_VERSION, EPISODE_QUEUE
    from .page_check import (
        ARTICLE_BODIES,
        NOT_THE_ARTICLE,
        SENTENCE_ATTR,
        SHORT_REACH,
        SHORT_SENTENCE,
    )

    return {
        "ARTICLE_BODIES": list(ARTICLE_BODIES),
        "NOT_THE_ARTICLE": ",".join(NOT_THE_ARTICLE),
        "SENTENCE_ATTR": SENTENCE_ATTR,
        "SHORT_SENTENCE": SHORT_SENTENCE,
        "SHORT_REACH": SHORT_REACH,
        "EPISODE_QUEUE": EPISODE_QUEUE,
        "EPISODE_FILE": EMBED_DATA,
        "DATA_VERSION": DATA_VERSION,
        "SLUG_PATTERN": SLUG_RE.pattern,
    }


@cache
def script(asset: str) -> bytes:
    """The joined file for `asset` (read-along.js or embed.js)."""
    constants: Mapping[str, object] = {
        "SPEEDS": list(SPEEDS), "SKIP_BACK": SKIP_BACK, "SKIP_AHEAD": SKIP_AHEAD,
        **(embed_constants() if asset == EMBED_ASSET else {}),
    }
    parts = [f"/* {name} */\n" + (STATIC / name).read_text(encoding="utf-8")
             for name in ENTRIES[asset]]
    head = (f"/* read-or-listen {asset}: {', '.join(ENTRIES[asset])}, joined by "
            "reader/site/scripts.py. */\n")
    body = "\n".join(parts)
    return (head + '(function () {\n"use strict";\n' + _constants(constants) + body
            + "})();\n").encode("utf-8")
