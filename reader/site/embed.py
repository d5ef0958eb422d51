"""The embed: the player and the read-along on the blog's own article pages.

`reader embed SLUG` prints the snippet to paste where the player goes; `reader embed --theme
hugo|jekyll|eleventy|wordpress` gives a theme what it needs to do it for every article. The
build writes, beside each article's page, `<slug>/episode.js`: the episode's data (title,
audio, chapters, the written sentences, their timing) for embed.js.

Why a script and not JSON: the listening site usually lives on another origin than the blog
(a bucket, a CDN). A <script> and an <audio> may load from another origin without any CORS
header, a fetch() of JSON may not; so no host needs CORS configured. The data file does one
thing: it pushes a JSON literal onto a queue that embed.js reads; nothing in it becomes HTML.

The slug rule (the theme snippets rely on it): an article's slug is its front matter `slug`,
else its file name without the extension and a leading `YYYY-MM-DD-` date (a page bundle's
`index.md`: its folder's name), lowercased with anything but letters and digits turned into
hyphens. That is the slug Hugo (`.Slug`, else the file's base name), Jekyll (`page.slug`) and
Eleventy (`page.fileSlug`) give the page; WordPress's post name is the slug of an imported post.

`reader check --page` finds the episode's sentences in a saved blog page by the same rules
as embed.js (locate.js): the selectors and limits below are handed to the script.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..audio.formats import episode_format
from ..config import PodcastConfig
from ..errors import UserError
from ..layout import EMBED_ASSET, FEED_NAME
from ..layout import EMBED_DATA as EPISODE_FILE
from ..load.meta import SLUG_RE
from ..models import EpisodeRecord

EPISODE_QUEUE = "readOrListenEpisodes"
DATA_VERSION = 1
SENTENCE_ATTR = "data-read-or-listen-s"
# Where a theme puts the article's text, tried in order (a snippet may name its own).
ARTICLE_BODIES = (
    "[itemprop=articleBody]", ".entry-content", ".post-content", ".e-content",
    ".article-content", ".post-body", ".article-body", "article .content", "article", "main",
)
# What inside it is not the article: code and tables (never spoken), footnote markers and
# lists, share bars, related posts, comments, tables of contents, pull quotes (a sentence
# repeated as decoration), the player itself.
NOT_THE_ARTICLE = (
    "script", "style", "noscript", "template", "textarea", "select", "button", "input", "svg",
    "math", "pre", "table", "nav", "aside", "form", "sup", "[hidden]", "[aria-hidden=true]",
    "[role=doc-noteref]", "[role=doc-endnotes]", ".footnotes", ".wp-block-footnotes",
    ".footnote-ref", ".sharedaddy", ".share", ".share-buttons", ".social-share", ".share-bar",
    ".post-share", ".jp-relatedposts", ".related", ".related-posts", ".comments", "#comments",
    ".comment", ".wp-block-comments", ".toc", "#TableOfContents", ".wp-block-pullquote",
    ".pullquote", "[data-read-or-listen]",
)
# A short sentence found far past the one before is more likely other words than its own.
SHORT_SENTENCE = 24  # folded characters
SHORT_REACH = 600  # folded characters past the last sentence found


def script_constants() -> dict[str, object]:
    """The facts embed.js takes from here (one copy each)."""
    return {
        "ARTICLE_BODIES": list(ARTICLE_BODIES),
        "NOT_THE_ARTICLE": ",".join(NOT_THE_ARTICLE),
        "SENTENCE_ATTR": SENTENCE_ATTR,
        "SHORT_SENTENCE": SHORT_SENTENCE,
        "SHORT_REACH": SHORT_REACH,
        "EPISODE_QUEUE": EPISODE_QUEUE,
        "EPISODE_FILE": EPISODE_FILE,
        "SLUG_PATTERN": SLUG_RE.pattern,
    }


# -- the episode's data file ----------------------------------------------------------------


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
    return {
        "version": DATA_VERSION,
        "slug": record.slug,
        "title": record.title,
        "author": record.author or podcast.author,
        "podcast": podcast.title,
        "page": f"{record.slug}/",
        "audio": record.audio_file,
        "label": episode_format(record.audio_file).label,
        "duration": record.duration_ms / 1000,
        "feed": feed,
        "chapters": [[c.title, c.start_ms / 1000] for c in record.chapters],
        "sentences": written_sentences(record.body_html),
        "cues": _sync_cues(output, record),
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


# -- the snippet and the themes --------------------------------------------------------------


def checked_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise UserError(f"{slug!r} is not a slug (lowercase letters, digits and hyphens, as "
                        "`reader build` names the article's folder in the site)")
    return slug


def snippet(base_url: str, slug: str, *, article: str | None = None) -> str:
    """The HTML to paste where the player goes on the article's page."""
    checked_slug(slug)
    chosen = f' data-article="{html.escape(article)}"' if article else ""
    return (
        f'<div class="read-or-listen" data-read-or-listen="{slug}"{chosen}>'
        f'<a href="{html.escape(base_url)}{slug}/">Listen to this article</a></div>\n'
        f'<script src="{html.escape(base_url)}{EMBED_ASSET}" defer></script>\n'
    )


THEME_TEMPLATES = Path(__file__).parent / "templates" / "embed"


@dataclass(frozen=True)
class Theme:
    name: str
    template: str  # in THEME_TEMPLATES; {base} stands for the listening site's base_url
    file: str  # where it goes in the blog's source
    how: str  # what to do with it, one sentence or two

    def render(self, base_url: str) -> str:
        text = (THEME_TEMPLATES / self.template).read_text(encoding="utf-8")
        return text.replace("{base}", base_url)


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("hugo", "hugo.html", "layouts/partials/read-or-listen.html",
              "Add {{ partial \"read-or-listen.html\" . }} to layouts/_default/single.html "
              "where the player goes."),
        Theme("jekyll", "jekyll.html", "_includes/read-or-listen.html",
              "Add {% include read-or-listen.html %} to _layouts/post.html where the player "
              "goes."),
        Theme("eleventy", "eleventy.js", "eleventy.config.js (a shortcode to add)",
              "Add the shortcode to the config, then {% readOrListen slug %} to the post "
              "layout."),
        Theme("wordpress", "wordpress.php",
              "wp-content/plugins/read-or-listen.php (or functions.php)",
              "Activate it as a plugin, or add it to the theme's functions.php."),
    )
}


def theme_names() -> tuple[str, ...]:
    return tuple(THEMES)


def theme_for(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise UserError(f"--theme {name!r} is not one of {', '.join(THEMES)}") from None


# -- finding the sentences in a saved blog page (reader check --page) --------------------------


def fold(text: str) -> str:
    """Letters and digits only, lowercased, accents off (as locate.js's fold)."""
    out: list[str] = []
    for ch in text:
        for part in unicodedata.normalize("NFKD", ch) if ord(ch) >= 0x80 else ch:
            if 0x300 <= ord(part) <= 0x36F:
                continue
            part = part.lower()
            out.extend(c for c in part if unicodedata.category(c)[0] in "LN")
    return "".join(out)


@dataclass(frozen=True)
class PageCheck:
    body: str | None  # the selector the article's text was found by; None: no article body
    found: tuple[str, ...]  # ids of the sentences found
    missing: tuple[str, ...]  # the text of those not found


def find_sentences(text: str, sentences: Sequence[Sequence[str]]) -> list[str]:
    """The ids of `sentences` ([id, text]) found in order in the folded `text`."""
    found, cursor = [], 0
    for sid, sentence in sentences:
        wanted = fold(sentence)
        at = text.find(wanted, cursor) if wanted else -1
        if at < 0 or (len(wanted) < SHORT_SENTENCE and at - cursor > SHORT_REACH):
            continue
        found.append(sid)
        cursor = at + len(wanted)
    return found


def check_page(page_html: str, sentences: Sequence[Sequence[str]]) -> PageCheck:
    """Which of the episode's sentences embed.js would find on this blog page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    body, how = _article_body(soup)
    if body is None:
        return PageCheck(None, (), tuple(text for _, text in sentences))
    found = find_sentences(_folded_text(body), sentences)
    seen = set(found)
    return PageCheck(how, tuple(found), tuple(t for sid, t in sentences if sid not in seen))


def _article_body(soup: Any) -> tuple[Any, str | None]:
    host = soup.select_one("[data-read-or-listen]")
    chosen = host.get("data-article") if host is not None else None
    if chosen:
        return soup.select_one(chosen), chosen
    for selector in ARTICLE_BODIES:
        candidates = soup.select(selector)
        for candidate in candidates:
            if host is not None and (host in candidate.descendants or _after(host, candidate)):
                return candidate, selector
        if candidates:
            return candidates[0], selector
    return None, None


def _after(host: Any, candidate: Any) -> bool:
    """Whether `candidate` comes after `host` in the document (the player above the text)."""
    return any(element is candidate for element in host.next_elements)


def _folded_text(body: Any) -> str:
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    skip = ",".join(NOT_THE_ARTICLE)
    parts: list[str] = []
    stack: list[Any] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node is not body and node.css.match(skip):
                continue
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            parts.append(fold(str(node)))
    return "".join(parts)


def fetch_page(source: str, *, timeout: float = 20.0) -> str:
    """A saved page's HTML, from a file or an http(s) address."""
    from ..importers.fetch import fetch, is_url

    if is_url(source):
        return fetch(source, timeout=timeout).decode("utf-8", errors="replace")
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path=source) from None


# -- what the commands print -----------------------------------------------------------------


def embed_text(
    config_path: Path, slug: str | None, *, theme: str | None = None, article: str | None = None
) -> tuple[str, str]:
    """(what to print, a note on where it goes) for `reader embed`."""
    from ..config import load_config

    podcast = load_config(config_path).podcast
    if podcast is None:
        raise UserError("has no [podcast] section with base_url; run `reader init`",
                        path=config_path)
    if (slug is None) == (theme is None):
        raise UserError("give an article's SLUG, or --theme with one of "
                        f"{', '.join(THEMES)} (not both)")
    if theme is not None:
        chosen = theme_for(theme)
        return chosen.render(podcast.base_url), f"Save it as {chosen.file}. {chosen.how}"
    assert slug is not None
    return (snippet(podcast.base_url, slug, article=article),
            "Paste it where the player goes on the article's page (docs/embed.md).")


def page_report(site: Path, slug: str, source: str) -> tuple[list[str], bool]:
    """`reader check --page`: lines to print, and whether every sentence was found."""
    data = read_episode_script(site / checked_slug(slug) / EPISODE_FILE)
    sentences = data.get("sentences") or []
    result = check_page(fetch_page(source), sentences)
    if result.body is None:
        return [f"{source}: no article body found (none of {', '.join(ARTICLE_BODIES)}); "
                "name it in the snippet: data-article=\"CSS selector\""], False
    lines = [f"{source}: {len(result.found)} of {len(sentences)} sentences of {slug!r} found "
             f"in the article's text ({result.body})"]
    lines += [f"  not found: {text}" for text in result.missing[:10]]
    if len(result.missing) > 10:
        lines.append(f"  ... and {len(result.missing) - 10} more")
    return lines, not result.missing
