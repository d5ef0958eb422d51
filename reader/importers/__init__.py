"""`reader import`: a blog's posts from its CMS export or feed → Markdown articles.

Each source format is one module that turns a SOURCE into Posts (registry.py picks it);
html.py turns their HTML into Markdown; write.py writes the files without ever losing
an author's edit. The values between them are below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    """One published post as an export or feed gives it, its body still HTML."""

    slug: str
    title: str
    date: dt.date  # an aware dt.datetime when the source has a time
    html: str
    author: str | None = None
    description: str | None = None  # a hand-written excerpt; never the start of the body
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    url: str | None = None  # the post's page on the old site
    lang: str | None = None  # the language the source declares (channel, feed, site locale)


def declared_language(value: object) -> str | None:
    """A language tag as a source declares it ("fr-FR", "en_US", "pt-br"), standardised
    ("fr-FR", "pt-BR"); None when absent or not a tag."""
    if not isinstance(value, str) or not value.strip():
        return None
    import langcodes

    try:
        return str(langcodes.standardize_tag(value.strip().replace("_", "-")))
    except (ValueError, LookupError):
        return None


@dataclass(frozen=True)
class Skipped:
    """An item of the source that is not imported, and why (a draft, a page, an attachment)."""

    name: str
    reason: str


@dataclass(frozen=True)
class ImportOptions:
    pages: bool = False  # WordPress/Ghost pages too, not only posts
    site_url: str | None = None  # Ghost's __GHOST_URL__; None drops it (relative links)
    timeout: float = 20.0  # seconds per HTTP request
