"""The content type of every kind of file in a built site: one table for `reader serve` and
`reader publish`, so the preview serves each file as the host will.

Explicit types: guessing from the platform's mime.types gets .vtt and chapters wrong.
Chapters are served as application/json: the feed's podcast:chapters tag already says
"application/json+chapters", and podcast apps and browsers parse plain application/json.
"""

from __future__ import annotations

from .audio.formats import BY_SUFFIX

SITE_TYPES: dict[str, str] = {
    **{suffix: audio_format.mime_type for suffix, audio_format in BY_SUFFIX.items()},
    ".vtt": "text/vtt; charset=utf-8",
    ".chapters.json": "application/json",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
# The site's feeds (feed.xml, and feed-<lang>.xml for each other language).
FEED_TYPE = "application/rss+xml; charset=utf-8"
