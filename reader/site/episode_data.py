"""<slug>/episode.js: one episode's data (title, audio, chapters, the written sentences,
their timing) for embed.js, written by the build beside each article's page.

Why a script and not JSON: the listening site usually lives on another origin than the blog
(a bucket, a CDN). A <script> and an <audio> may load from another origin without any CORS
header, a fetch() of JSON may not; so no host needs CORS configured. The data file does one
thing: it pushes a JSON literal onto a queue that embed.js reads; nothing in it becomes HTML.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from ..audio.formats import episode_format
from ..config import PodcastConfig
from ..errors import UserError
from ..layout import EMBED_ASSET, FEED_NAME
from ..layout import EMBED_DATA as EPISODE_FILE
from ..locale import Messages, messages
from ..models import EpisodeRecord
from .rss import duration_seconds
from .scripts import SKIP_AHEAD, SKIP_BACK

EPISODE_QUEUE = "readOrListenEpisodes"
DATA_VERSION = 2  # 2: the player's words, in the episode's language


# The page body is our own sanitised HTML (nh3: no comments, quoted attributes), so a tag
# tokenizer is enough, and it is ten times faster than html.parser for thousands of pages.
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>|([^<]+)")
_SENTENCE_ID = re.compile(r'\bdata-s="([^"]*)"')


def written_sentences(body_html: str) -> list[list[str]]:
    """[[id, text], ...] of the page's sentences (<span data-s="s3">), in reading order; a
    sentence split by inline markup (a link, emphasis) is several spans with one id."""
    texts: dict[str, list[str]] = {}
    spans: list[str | None] = []  # the open <span> elements: the sentence each names, if any
    for token in _TOKEN.finditer(body_html):
        closing, tag, attributes, text = token.groups()
        if text is not None:
            sentence = next((s for s in reversed(spans) if s), None)
            if sentence:
                texts.setdefault(sentence, []).append(text)
        elif tag.lower() == "span":
            if closing:
                if spans:
                    spans.pop()
            elif not attributes.rstrip().endswith("/"):
                named = _SENTENCE_ID.search(attributes)
                spans.append(named.group(1) if named else None)
    return [[sid, " ".join(html.unescape("".join(parts)).split())]
            for sid, parts in texts.items()]


def _sync_cues(output: Path, record: EpisodeRecord) -> list[Any]:
    try:
        data = json.loads((output / record.sync_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no timing: the embed still plays, it marks nothing
    cues = data.get("cues") if isinstance(data, dict) else None
    return cues if isinstance(cues, list) else []


def episode_data(
    output: Path, podcast: PodcastConfig, record: EpisodeRecord, feed: str = FEED_NAME
) -> dict[str, Any]:
    """What embed.js needs of one episode; paths relative to the site's root. `feed`: the
    feed that carries it (feed-fr.xml for a French episode of an English podcast)."""
    lang = record.lang or podcast.language
    label = episode_format(record.audio_file).label
    return {
        "version": DATA_VERSION,
        "slug": record.slug,
        "title": record.title,
        "author": record.author or podcast.author,
        "podcast": podcast.title,
        "page": f"{record.slug}/",
        "audio": record.audio_file,
        "label": label,
        "duration": record.duration_ms / 1000,
        "lang": lang,
        "words": player_words(messages(lang), record, label),
        "feed": feed,
        "chapters": [[c.title, c.start_ms / 1000] for c in record.chapters],
        "sentences": written_sentences(record.body_html),
        "cues": _sync_cues(output, record),
    }


def player_words(words: Messages, record: EpisodeRecord, label: str) -> dict[str, str]:
    """The embed's words, in the episode's language: embed.js holds no text of its own."""
    return {
        "listen": words.gettext("Listen to this article"),
        "listenTo": words.gettext("Listen: %(title)s", title=record.title),
        "duration": words.duration(duration_seconds(record.duration_ms)),
        "back": words.gettext("Back %(seconds)s s", seconds=SKIP_BACK),
        "forward": words.gettext("Forward %(seconds)s s", seconds=SKIP_AHEAD),
        "speed": words.gettext("Speed"),
        "chapters": words.gettext("Chapters"),
        "download": words.gettext("Download (%(format)s)", format=label),
        "podcastApp": words.gettext("Listen in your podcast app"),
        "toVoice": words.gettext("Back to the voice"),
    }


def episode_script(data: dict[str, Any]) -> bytes:
    """<slug>/episode.js: the data as one JSON line (valid JavaScript), pushed on the queue."""
    line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 are valid in JSON and in ES2019 strings; escaped for older parsers.
    line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    queue = f"window.{EPISODE_QUEUE}"
    return (
        f"/* read-or-listen: the episode {data['slug']!r} for {EMBED_ASSET} (data only). */\n"
        f"({queue} = Array.isArray({queue}) ? {queue} : []).push(\n{line}\n);\n"
    ).encode()


def read_episode_script(path: Path) -> dict[str, Any]:
    """The data of a built <slug>/episode.js; UserError naming it when absent or unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
        data = json.loads(lines[2])
    except (OSError, ValueError, IndexError):
        raise UserError(
            "is missing or unreadable; run `reader build` first (it writes each episode's "
            f"{EPISODE_FILE})", path=path,
        ) from None
    if not isinstance(data, dict) or data.get("version") != DATA_VERSION:
        raise UserError("is not an episode data file of this version; run `reader build`",
                        path=path)
    return data
