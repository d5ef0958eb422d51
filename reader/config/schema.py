"""reader.toml's schema: every key declared once, as a field of the value it fills.

A declaration says the key's table and name, type, default, help and check (see options.py).
Adding a key is one `setting(...)` here: the loader reads it, an unknown-key error lists it,
`reader init` writes it (when `starter=` says so) and docs/configuration.md describes it
(regenerate with `make docs`; a test keeps the page in step).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ..fsutil import fingerprint, sha256_file
from ..layout import APPROVALS_NAME, FEED_NAME, LEXICON_NAME
from ..podcast_rules import COVER_MAX_SIDE, COVER_MIN_SIDE, MAX_TEXT_BYTES
from ..speech.engines import DEFAULT_ENGINE, engine_names
from . import checks
from .options import BOOLEAN, BY_LANGUAGE, NUMBER, PATH, TEXTS, WHOLE, group, setting

DEFAULT_ARTICLES = "articles"
MAX_JOBS = 512
TRUE_PEAK_DBTP = -1.0  # the ceiling podcast platforms ask for

# What each table is for, in the order the starter file and the docs show them.
TABLES: dict[str, str] = {
    "podcast": "The podcast as directories and players show it. A build needs this table.",
    "feed": "What the feeds say beyond the podcast's details.",
    "voice": "Who speaks. An article's front matter (`engine:`, `voice:`) and the command "
    "line (`--engine`, `--voice`) choose for one article or one run.",
    "audio": "How episodes sound. Changing any of these makes every episode again.",
    "build": "Where `reader build` does its speech and encoding (`--jobs` and `--cluster` "
    "choose for one run). The episodes are the same wherever they are made.",
    "publish": "Where `reader publish` sends the site when `--to` is not given, and what "
    "`reader build` may publish.",
    "cache": "Where spoken clips are kept between builds.",
    "articles": "Where `reader build` finds the articles when no folder is named.",
}


def _pause(key: str, default: int, after: str) -> int:
    return setting("audio", key, default, kind=NUMBER, check=checks.within(0, 60_000, int),
                   example=str(default), help=f"milliseconds of silence after {after}")


@dataclass(frozen=True)
class PodcastConfig:
    title: str = setting("podcast", "title", help="the podcast's name",
                         example='"My Blog, Read Aloud"', check=checks.stripped)
    description: str = setting(
        "podcast", "description", help=f"one paragraph (at most {MAX_TEXT_BYTES} bytes)",
        example='"Every article of my blog, narrated."', check=checks.description)
    author: str = setting("podcast", "author", help="shown as the podcast's author",
                          example='"Your Name"', check=checks.stripped)
    email: str = setting(
        "podcast", "email", help="the owner's e-mail; directories use it to verify ownership",
        example='"you@example.com"', check=checks.email)
    base_url: str = setting(
        "podcast", "base_url", help="where output/ will be hosted (always ends with /)",
        example='"https://example.com/listen/"', check=checks.base_url)
    language: str = setting(
        "podcast", "language", "en", starter="set", check=checks.language, example='"en-US"',
        help='ISO 639 code, optionally with a region: "en-US", "de", "pt-BR"')
    category: str = setting(
        "podcast", "category", "Technology", starter="set", check=checks.category,
        example='"Health & Fitness/Mental Health"',
        help='Apple\'s list; a subcategory as "Health & Fitness/Mental Health"')
    explicit: bool = setting("podcast", "explicit", False, kind=BOOLEAN, starter="set",
                             example="true", help="the podcast's explicit flag")
    image: Path | None = setting(
        "podcast", "image", None, kind=PATH, starter="comment", check=checks.existing_file,
        example='"cover.jpg"', docs_default="a generated cover",
        help=f"square JPEG/PNG, {COVER_MIN_SIDE}-{COVER_MAX_SIDE} px, RGB")
    type: str = setting("podcast", "type", "episodic", starter="comment",
                        check=checks.one_of("episodic", "serial"), example='"serial"',
                        help='"episodic" or "serial"')
    # A folder in several languages makes one podcast per language (docs/languages.md).
    titles: tuple[tuple[str, str], ...] = setting(
        "podcast", "titles", (), kind=BY_LANGUAGE, starter="comment", check=checks.by_language,
        example='{ fr = "Mon blog, à voix haute" }',
        docs_default="the title and the language's name",
        help="the title of each other language's podcast (its feed-<lang>.xml)")
    # [feed]: a field of the podcast's value, so a change rewrites every feed.
    enclosure_prefix: str | None = setting(
        "feed", "enclosure_prefix", None, starter="comment", check=checks.enclosure_prefix,
        example='"https://op3.dev/e/"', help="a measurement service's prefix (OP3, Podtrac) "
        "put before every enclosure URL in every feed: the service counts each download and "
        "redirects to the file (an https:// URL loses its scheme after it, as such services "
        "expect)")
    descriptions: tuple[tuple[str, str], ...] = setting(
        "podcast", "descriptions", (), kind=BY_LANGUAGE, check=checks.by_language,
        example='{ fr = "Chaque article du blog, lu à voix haute." }',
        docs_default="the description", help="the description of each other language's podcast")

    @property
    def feed_url(self) -> str:
        return self.base_url + FEED_NAME


@dataclass(frozen=True)
class AudioSettings:
    """Everything that shapes an episode's audio. Its fingerprint keys the build manifest."""

    engine: str = setting(
        "voice", "engine", DEFAULT_ENGINE, starter="set", check=checks.engine,
        example=f'"{DEFAULT_ENGINE}"',
        help=f"{engine_names(' | ', ' | ')}; `reader voices` lists them")
    voice: str | None = setting(
        "voice", "voice", None, starter="comment", example='"af_heart"',
        docs_default="the engine's own", help="a voice of the engine (`reader voices`), or a "
        "path to a Piper .onnx voice")
    voices: tuple[tuple[str, str], ...] = setting(
        "voice", "voices", (), kind=BY_LANGUAGE, starter="comment", check=checks.voices,
        example='{ es = "em_alex", de = "gtts" }',
        docs_default="the engine's voice, else the language's Kokoro voice",
        help="who reads the articles in a language: a voice, an engine, or engine:voice")
    quote_voice: str | None = setting(
        "voice", "quote_voice", None, starter="comment", example='"bm_george"',
        docs_default="none: quotations in the main voice",
        help="block quotations read by this second voice of the same engine")
    bitrate: str = setting("audio", "bitrate", "64k", starter="set", check=checks.bitrate,
                           example='"96k"', help="the MP3's constant bitrate")
    loudness_lufs: float = setting(
        "audio", "loudness", -16.0, kind=NUMBER, starter="set", example="-16.0",
        check=checks.within(-40.0, -5.0),
        help=f"LUFS, integrated; podcasts use -16 (true peak stays at or under "
        f"{TRUE_PEAK_DBTP:g} dBTP)")
    true_peak_dbtp: float = TRUE_PEAK_DBTP  # not a key
    # The silence a listener hears after each kind of break (reader/episode/pauses.py).
    # comma: the voice's own silence at a comma inside a sentence, as heard in an episode, so
    # a sentence cut in two at a comma sounds like one sentence. Piper's: the median of about
    # ten commas, 218-254 ms over runs; Kokoro's: 253 ms over 14 commas (262 over 20), the
    # same within what a listener hears, so both engines share it (tests/test_episode_pauses).
    comma_pause_ms: int = _pause("comma_pause_ms", 250, "a comma where a sentence was cut")
    clause_pause_ms: int = _pause("clause_pause_ms", 400, "a semicolon or a colon")
    list_pause_ms: int = _pause("list_pause_ms", 400, "a list's lead-in and each item")
    sentence_pause_ms: int = _pause("sentence_pause_ms", 500, "a sentence")
    paragraph_pause_ms: int = _pause("paragraph_pause_ms", 900, "a paragraph")
    section_pause_ms: int = _pause("section_pause_ms", 1400, "a section")
    intro: Path | None = setting("audio", "intro", None, kind=PATH, check=checks.existing_file,
                                 example='"intro.wav"', help="a sound file played first")
    outro: Path | None = setting("audio", "outro", None, kind=PATH, check=checks.existing_file,
                                 example='"outro.wav"', help="a sound file played last")

    def fingerprint(self) -> str:
        data = {k: str(v) for k, v in asdict(self).items()}
        if self.quote_voice is None:
            # Added later: without it, the fingerprint stays what it was, so projects that
            # do not use it keep their episodes.
            del data["quote_voice"]
        for key in ("intro", "outro"):
            path = getattr(self, key)
            if path is not None and Path(path).is_file():
                data[key + "_sha"] = sha256_file(Path(path))
        return fingerprint(data)


@dataclass(frozen=True)
class RunChoice:
    """Where a build runs its speech and encoding ([build] in reader.toml, --jobs and
    --cluster): `jobs` synthesis processes on this machine (None: the measured default,
    one per core), or the Dask scheduler at `cluster`. Not part of any fingerprint: the
    episodes are the same wherever they are made."""

    jobs: int | None = setting(
        "build", "jobs", None, kind=WHOLE, starter="comment", example="4",
        check=checks.jobs(MAX_JOBS), docs_default="one per core",
        help="synthesis processes on this machine")
    cluster: str | None = setting(
        "build", "cluster", None, starter="comment", example='"tcp://scheduler:8786"',
        check=checks.scheduler, help="a Dask scheduler: its workers speak and encode "
        "(pip install 'read-or-listen[cluster]')")


@dataclass(frozen=True)
class PublishConfig:
    """[publish]: where `reader publish` sends the site when --to is not given, and whether
    `reader build` publishes only approved articles."""

    to: str | None = setting(
        "publish", "to", None, starter="comment", example='"s3://bucket/listen"',
        check=checks.optional_text,
        help="s3://bucket/prefix, a folder, or user@host:path (rsync over SSH)")
    endpoint_url: str | None = setting(
        "publish", "endpoint_url", None, starter="comment", check=checks.http_url,
        example='"https://<account>.r2.cloudflarestorage.com"',
        help="S3-compatible stores: R2, B2, MinIO")
    notify: tuple[str, ...] = setting(
        "publish", "notify", (), kind=TEXTS, starter="comment", example='["podcastindex"]',
        check=checks.notify, help="WebSub hub URLs and/or podcastindex, pinged when the feed "
        "changed")
    require_approval: bool = setting(
        "publish", "require_approval", False, kind=BOOLEAN, starter="comment", example="true",
        help=f"`reader build` publishes an article only as approved in `reader studio` "
        f"({APPROVALS_NAME}); a new or changed one waits, its last approved episode stays")


@dataclass(frozen=True)
class Config:
    """Everything from reader.toml. `podcast` is None when there is no reader.toml
    (enough for `reader speak` / `reader script`, not for `reader build`)."""

    root: Path  # the folder that holds reader.toml (lexicon.toml and the guid file live here)
    podcast: PodcastConfig | None = group(PodcastConfig, None)
    audio: AudioSettings = group(AudioSettings)
    run: RunChoice = group(RunChoice)  # [build]: where the work runs
    publish: PublishConfig = group(PublishConfig)
    cache_dir: Path | None = setting(
        "cache", "dir", None, kind=PATH, check=checks.folder, example='"clips"',
        docs_default="$XDG_CACHE_HOME/read-or-listen",
        help="the clip cache, shared by every podcast on this machine unless set")
    # `reader init --from hugo` sets it to the blog's content folder.
    articles_dir: Path | None = setting(
        "articles", "folder", None, kind=PATH, check=checks.folder, example='"content/posts"',
        docs_default=f'"{DEFAULT_ARTICLES}"', help="the articles, read in place")

    @property
    def articles(self) -> Path:
        return self.articles_dir if self.articles_dir is not None else Path(DEFAULT_ARTICLES)

    @property
    def lexicon_path(self) -> Path:
        return self.root / LEXICON_NAME

    @property
    def approvals_path(self) -> Path:
        return self.root / APPROVALS_NAME
