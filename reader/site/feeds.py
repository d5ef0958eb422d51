"""One podcast per language: the site's feeds and which episodes each one carries.

Apple Podcasts and every directory expect one language per feed, so a folder that mixes
languages makes several podcasts: the articles in the podcast's language stay in feed.xml,
each other language gets feed-<lang>.xml (reader.layout names it), titled and described as
reader.toml says for that language, else the podcast's title with the language's name.
Each feed has its own podcast:guid, derived from the podcast's (saved) guid and the
language, so it survives a move of base_url as the main one does. Episode guids stay those
of the podcast, so an article whose language is corrected keeps its guid in its new feed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..config import PodcastConfig
from ..language import language_for, primary
from ..layout import feed_name
from ..models import EpisodeRecord


@dataclass(frozen=True)
class Feed:
    lang: str | None  # None: the podcast's own language (feed.xml); else the articles' tag
    file: str  # its name in the site: feed.xml, feed-fr.xml
    podcast: PodcastConfig  # the podcast as this feed presents it (title, language)
    guid: str  # its podcast:guid
    records: tuple[EpisodeRecord, ...]

    @property
    def url(self) -> str:
        return self.podcast.base_url + self.file


def feed_language(record_lang: str | None, podcast_language: str) -> str | None:
    """The feed an episode belongs in: None for the podcast's own language (an article in
    "en-GB" in an "en" podcast stays there), else its tag in lower case ("pt-br")."""
    if not record_lang or primary(record_lang) == primary(podcast_language):
        return None
    return record_lang.lower()


def split_feeds(
    podcast: PodcastConfig,
    records: Sequence[EpisodeRecord],
    podcast_guid: str,
) -> list[Feed]:
    """The podcast's feed (always, even empty), then one per other language that has
    episodes, in the order of their tags; titled and described as [podcast] titles and
    descriptions say for the language (its tag, else its primary subtag)."""
    groups: dict[str | None, list[EpisodeRecord]] = {None: []}
    for record in records:
        groups.setdefault(feed_language(record.lang, podcast.language), []).append(record)
    feeds = [Feed(None, feed_name(None), podcast, podcast_guid, tuple(groups.pop(None)))]
    for lang in sorted(groups, key=str):
        assert lang is not None
        tag = _tag(lang)
        name = language_for(lang).name
        presented = replace(
            podcast,
            title=_for(podcast.titles, tag) or f"{podcast.title} ({name})",
            description=_for(podcast.descriptions, tag) or podcast.description,
            language=tag,
        )
        guid = str(uuid.uuid5(uuid.UUID(podcast_guid), feed_name(lang)))
        feeds.append(Feed(lang, feed_name(lang), presented, guid, tuple(groups[lang])))
    return feeds


def _for(pairs: Sequence[tuple[str, str]], tag: str) -> str | None:
    """What reader.toml says for the language: for its tag ("pt-BR"), else its primary."""
    table = dict(pairs)
    return table.get(tag) or table.get(primary(tag))


def _tag(lang: str) -> str:
    """ "pt-br" -> "pt-BR": the tag as RSS <language> and <html lang> write it."""
    import langcodes

    return str(langcodes.standardize_tag(lang))
