"""reader.toml: loading and validation into a typed Config.

Owner of validation rules (unknown keys, Apple categories, ISO 639 languages) and the
starter file written by `reader init`.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
import tomllib
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import langcodes

from .categories import canonical_category, suggest_category
from .errors import ConfigError
from .fsutil import FILE_MODE
from .layout import FEED_NAME
from .models import ArticleMeta, AudioSettings, RunChoice
from .podcast_rules import COVER_MAX_SIDE, COVER_MIN_SIDE, MAX_TEXT_BYTES
from .speech.engines import DEFAULT_ENGINE, engine_class, engine_names

if TYPE_CHECKING:
    from .sitegen import SiteInfo

CONFIG_NAME = "reader.toml"
DEFAULT_ARTICLES = "articles"


@dataclass(frozen=True)
class PodcastConfig:
    title: str
    description: str
    author: str
    email: str
    base_url: str  # always ends with "/"
    language: str = "en"
    category: str = "Technology"
    explicit: bool = False
    image: Path | None = None  # resolved against the config's folder
    type: str = "episodic"

    @property
    def feed_url(self) -> str:
        return self.base_url + FEED_NAME


@dataclass(frozen=True)
class PublishConfig:
    """[publish]: where `reader publish` sends the site when --to is not given."""

    to: str | None = None  # s3://bucket/prefix, user@host:path, or a folder
    endpoint_url: str | None = None  # S3-compatible stores: R2, B2, MinIO
    notify: tuple[str, ...] = ()  # WebSub hubs / "podcastindex", pinged when the feed changed


@dataclass(frozen=True)
class Config:
    """Everything from reader.toml. `podcast` is None when there is no reader.toml
    (enough for `reader speak` / `reader script`, not for `reader build`)."""

    root: Path  # the folder that holds reader.toml (lexicon.toml and the guid file live here)
    podcast: PodcastConfig | None = None
    audio: AudioSettings = field(default_factory=AudioSettings)
    cache_dir: Path | None = None  # None: $XDG_CACHE_HOME/read-or-listen
    # [articles] folder: where `reader build` reads articles when no folder is named
    # (`reader init --from hugo` sets it to the blog's content folder).
    articles_dir: Path | None = None
    publish: PublishConfig = field(default_factory=PublishConfig)
    run: RunChoice = field(default_factory=RunChoice)  # [build]: where the work runs

    @property
    def articles(self) -> Path:
        return self.articles_dir if self.articles_dir is not None else Path(DEFAULT_ARTICLES)

    @property
    def lexicon_path(self) -> Path:
        return self.root / "lexicon.toml"


def load_config(path: Path, *, required: bool = True) -> Config:
    """Read and validate reader.toml. Without the file: an error if `required`, else defaults."""
    if not path.is_file():
        if required:
            raise ConfigError("not found; run `reader init` to write a starter file", path=path)
        return Config(root=path.parent.resolve())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc
    return config_from_dict(data, path)


PAUSE_KEYS = (
    "comma_pause_ms", "clause_pause_ms", "list_pause_ms", "sentence_pause_ms",
    "paragraph_pause_ms", "section_pause_ms",
)  # fmt: skip
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "podcast": frozenset(
        {"title", "description", "author", "email", "base_url", "language", "category",
         "explicit", "image", "type"}
    ),
    "voice": frozenset({"engine", "voice"}),
    "audio": frozenset(
        {"bitrate", "loudness", *PAUSE_KEYS,
         "intro", "outro"}
    ),
    "cache": frozenset({"dir"}),
    "articles": frozenset({"folder"}),
    "publish": frozenset({"to", "endpoint_url", "notify"}),
    "build": frozenset({"jobs", "cluster"}),
}
REQUIRED_PODCAST_KEYS: dict[str, str] = {
    "title": 'title = "My Blog, Read Aloud"',
    "description": 'description = "Every article of my blog, narrated."',
    "author": 'author = "Your Name"',
    "email": 'email = "you@example.com"',
    "base_url": 'base_url = "https://example.com/listen/"',
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BITRATE = re.compile(r"^\d{2,3}k$")


def config_from_dict(data: dict[str, Any], path: Path) -> Config:
    root = path.parent.resolve()
    _reject_unknown_keys(data, path)
    podcast = _podcast(data.get("podcast"), path, root) if "podcast" in data else None
    voice = _table(data, "voice", path)
    audio = _table(data, "audio", path)
    settings = AudioSettings(
        engine=_engine(_string(voice, "engine", "voice", path, default=DEFAULT_ENGINE), path),
        voice=_string(voice, "voice", "voice", path, default=None),
        bitrate=_bitrate(audio, path),
        loudness_lufs=_number(audio, "loudness", path, -16.0, low=-40.0, high=-5.0),
        **{key: int(_number(audio, key, path, getattr(AudioSettings, key))) for key in PAUSE_KEYS},
        intro=_existing_file(audio, "intro", "audio", path, root),
        outro=_existing_file(audio, "outro", "audio", path, root),
    )
    cache = _string(_table(data, "cache", path), "dir", "cache", path, default=None)
    articles = _string(_table(data, "articles", path), "folder", "articles", path, default=None)
    return Config(
        root=root,
        podcast=podcast,
        audio=settings,
        cache_dir=(root / cache) if cache else None,
        articles_dir=(root / articles) if articles else None,
        publish=_publish(_table(data, "publish", path), path),
        run=_run_choice(_table(data, "build", path), path),
    )


MAX_JOBS = 512


def _run_choice(build: dict[str, Any], path: Path) -> RunChoice:
    jobs = build.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int)
                             or not 1 <= jobs <= MAX_JOBS):
        raise ConfigError(
            f"[build] jobs = {jobs!r} must be a whole number of worker processes from 1 to "
            f"{MAX_JOBS}, e.g. jobs = 4 (leave it out for one per core)",
            path=path,
        )
    cluster = _string(build, "cluster", "build", path, default=None)
    if cluster is not None and not cluster.strip():
        raise ConfigError('[build] cluster must be a Dask scheduler address, e.g. '
                          'cluster = "tcp://scheduler:8786"', path=path)
    return RunChoice(jobs=jobs, cluster=cluster.strip() if cluster else None)


def _reject_unknown_keys(data: dict[str, Any], path: Path) -> None:
    """A misspelt key would otherwise be silently ignored, so every unknown key is an error."""
    for table, value in data.items():
        if table not in KNOWN_KEYS:
            known = ", ".join(f"[{name}]" for name in KNOWN_KEYS)
            raise ConfigError(f"unknown table or key {table!r}; known tables: {known}", path=path)
        if not isinstance(value, dict):
            raise ConfigError(f"[{table}] must be a table, e.g. [{table}] on its own line",
                              path=path)
        for key in value:
            if key not in KNOWN_KEYS[table]:
                hint = difflib.get_close_matches(key, KNOWN_KEYS[table], n=1)
                maybe = f"; did you mean {hint[0]!r}?" if hint else ""
                known = ", ".join(sorted(KNOWN_KEYS[table]))
                raise ConfigError(
                    f"unknown key [{table}] {key!r}{maybe} (known: {known})", path=path
                )


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table", path=path)
    return value


def _string(table: dict[str, Any], key: str, section: str, path: Path,
            *, default: str | None) -> Any:
    value = table.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f'[{section}] {key} must be a string in quotes, e.g. {key} = "..."',
                          path=path)
    return value


def _number(table: dict[str, Any], key: str, path: Path, default: float,
            *, low: float = 0.0, high: float = 60_000.0) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"[audio] {key} must be a number, e.g. {key} = {default}", path=path)
    if not low <= value <= high:
        raise ConfigError(f"[audio] {key} = {value} is outside {low}..{high}", path=path)
    return float(value)


def _bitrate(audio: dict[str, Any], path: Path) -> str:
    value = audio.get("bitrate", "64k")
    if not isinstance(value, str) or not _BITRATE.match(value):
        raise ConfigError(f'[audio] bitrate {value!r} must look like "64k"', path=path)
    return value


def _existing_file(table: dict[str, Any], key: str, section: str, path: Path,
                   root: Path) -> Path | None:
    name = _string(table, key, section, path, default=None)
    if not name:
        return None
    file = root / name
    if not file.is_file():
        raise ConfigError(f"[{section}] {key}: file {file} not found", path=path)
    return file


def _publish(table: dict[str, Any], path: Path) -> PublishConfig:
    notify = table.get("notify", [])
    if isinstance(notify, str):
        notify = [notify]
    if not isinstance(notify, list) or not all(isinstance(item, str) for item in notify):
        raise ConfigError('[publish] notify must be a list of strings, e.g. notify = '
                          '["podcastindex", "https://pubsubhubbub.appspot.com/"]', path=path)
    for item in notify:
        if item != "podcastindex" and not item.startswith(("http://", "https://")):
            raise ConfigError(f'[publish] notify {item!r} must be "podcastindex" or a WebSub '
                              "hub's http(s) URL", path=path)
    endpoint = _string(table, "endpoint_url", "publish", path, default=None)
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ConfigError(f"[publish] endpoint_url {endpoint!r} must be an http(s) URL",
                          path=path)
    to = _string(table, "to", "publish", path, default=None)
    return PublishConfig(to=(to or "").strip() or None, endpoint_url=endpoint or None,
                         notify=tuple(notify))


def _podcast(table: Any, path: Path, root: Path) -> PodcastConfig:
    if not isinstance(table, dict):
        raise ConfigError("[podcast] must be a table", path=path)
    missing = [key for key in REQUIRED_PODCAST_KEYS if not table.get(key)]
    if missing:
        examples = "; ".join(REQUIRED_PODCAST_KEYS[key] for key in missing)
        raise ConfigError(
            f"[podcast] is missing {', '.join(missing)}; add under [podcast]: {examples}",
            path=path,
        )
    text = {key: _string(table, key, "podcast", path, default=None)
            for key in ("title", "description", "author", "email", "base_url", "language",
                        "category", "image", "type")}
    explicit = table.get("explicit", False)
    if not isinstance(explicit, bool):
        raise ConfigError("[podcast] explicit must be true or false (no quotes)", path=path)
    return PodcastConfig(
        title=text["title"].strip(),
        description=_description(text["description"], path),
        author=text["author"].strip(),
        email=_email(text["email"], path),
        base_url=_base_url(text["base_url"], path),
        language=_language(text["language"] or "en", path),
        category=_category(text["category"] or "Technology", path),
        explicit=explicit,
        image=_existing_file(table, "image", "podcast", path, root),
        type=_podcast_type(text["type"] or "episodic", path),
    )


def _engine(value: str, path: Path) -> str:
    try:
        engine_class(value)  # the registry decides what it accepts
    except ConfigError:
        raise ConfigError(
            f"[voice] engine {value!r} is not a speech engine; choose {engine_names()}",
            path=path,
        ) from None
    return value


def _description(value: str, path: Path) -> str:
    size = len(value.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise ConfigError(
            f"[podcast] description is {size} bytes; podcast directories accept at most "
            f"{MAX_TEXT_BYTES}, shorten it",
            path=path,
        )
    return value.strip()


def _email(value: str, path: Path) -> str:
    if not _EMAIL.match(value.strip()):
        raise ConfigError(f'[podcast] email {value!r} is not an e-mail address, e.g. '
                          'email = "you@example.com"', path=path)
    return value.strip()


def _base_url(value: str, path: Path) -> str:
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"[podcast] base_url {value!r} must be an absolute http(s) URL where output/ is "
            'hosted, e.g. base_url = "https://example.com/listen/"',
            path=path,
        )
    base_url = value.strip()
    return base_url if base_url.endswith("/") else base_url + "/"


def _language(value: str, path: Path) -> str:
    """An ISO 639 language, optionally with a region (BCP 47, as RSS <language> expects)."""
    try:
        valid = langcodes.tag_is_valid(value) and langcodes.Language.get(value).is_valid()
    except (ValueError, LookupError):
        valid = False
    if not valid:
        raise ConfigError(
            f'[podcast] language {value!r} is not an ISO 639 language code, e.g. language = "en" '
            'or "en-US"',
            path=path,
        )
    return str(langcodes.standardize_tag(value))


def _category(value: str, path: Path) -> str:
    found = canonical_category(value)
    if found is None:
        hint = suggest_category(value)
        maybe = f"; did you mean {hint!r}?" if hint else ""
        raise ConfigError(
            f"[podcast] category {value!r} is not one of Apple's podcast categories{maybe} "
            '(a subcategory is written "Parent/Sub", e.g. "Health & Fitness/Mental Health")',
            path=path,
        )
    parent, sub = found
    return f"{parent}/{sub}" if sub else parent


def _podcast_type(value: str, path: Path) -> str:
    if value not in ("episodic", "serial"):
        raise ConfigError(f'[podcast] type {value!r} must be "episodic" or "serial"', path=path)
    return value


def audio_settings_for(
    config: Config, meta: ArticleMeta, *, engine: str | None = None, voice: str | None = None
) -> AudioSettings:
    """Engine and voice: the command line, else the article's front matter, else reader.toml,
    else the default. A voice only follows an engine chosen at the same level or below."""
    chosen_engine = engine or meta.engine or config.audio.engine
    if voice:
        chosen_voice: str | None = voice
    elif engine and engine != (meta.engine or config.audio.engine):
        chosen_voice = None  # a voice named for another engine would not fit
    elif meta.voice:
        chosen_voice = meta.voice
    elif meta.engine and meta.engine != config.audio.engine:
        chosen_voice = None
    else:
        chosen_voice = config.audio.voice
    return replace(config.audio, engine=chosen_engine, voice=chosen_voice)


_COVER_SIDES = f"{COVER_MIN_SIDE}-{COVER_MAX_SIDE}"
STARTER_CONFIG = f"""\
# reader.toml: settings for `reader build` (https://example.com is a placeholder).
# Fill in the five empty values under [podcast], then run `reader build`.

[podcast]
title = ""          # required: the podcast's name, e.g. "My Blog, Read Aloud"
description = ""    # required: one paragraph (at most {MAX_TEXT_BYTES} bytes)
author = ""         # required: shown as the podcast's author
email = ""          # required: owner e-mail, directories use it to verify ownership
base_url = ""       # required: where output/ will be hosted, e.g. "https://example.com/listen/"
language = "en"     # ISO 639 code, optionally with a region: "en-US", "de", "pt-BR"
category = "Technology"  # Apple's list; a subcategory as "Health & Fitness/Mental Health"
explicit = false
# image = "cover.jpg"    # square JPEG/PNG, {_COVER_SIDES} px, RGB; a cover is generated if absent
# type = "episodic"      # or "serial"

[voice]
engine = "{DEFAULT_ENGINE}"    # {engine_names(" | ", " | ")}; `reader voices` lists them
# voice = "en_US-joe-medium"   # or a path to a Piper .onnx voice

[audio]
bitrate = "64k"
loudness = -16.0    # LUFS, integrated; podcasts use -16

[build]
# jobs = 4          # synthesis processes on this machine (default: one per core)
# cluster = "tcp://scheduler:8786"   # a Dask scheduler: workers speak and encode

# [publish]          # for `reader publish`
# to = "s3://bucket/listen"    # or a folder, or user@host:path (rsync over SSH)
# endpoint_url = "https://<account>.r2.cloudflarestorage.com"   # S3-compatible stores
# notify = ["podcastindex"]    # and/or WebSub hub URLs, pinged when the feed changed
"""


def starter_config(site: SiteInfo | None = None) -> str:
    """The starter file; for a blog made with a site generator, with its articles folder,
    its address under /listen/ and its title filled in."""
    if site is None:
        return STARTER_CONFIG
    text = STARTER_CONFIG
    if site.title:
        text = text.replace('title = ""         ', f"title = {_toml_string(site.title)}", 1)
    if site.base_url:
        text = text.replace('base_url = ""      ', f"base_url = {_toml_string(site.base_url)}", 1)
    return text + (
        f"\n[articles]\nfolder = {_toml_string(site.articles)}"
        f"   # the {site.generator} site's articles, read in place\n"
    )


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def write_starter_config(path: Path, site: SiteInfo | None = None) -> None:
    """Write a commented starter reader.toml; refuse to overwrite an existing file."""
    if path.exists():
        raise ConfigError("already exists; edit it, or remove it to start again", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(starter_config(site))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, FILE_MODE)  # as open() would: mkstemp makes 0600 files
        # Not fsutil.write_text_atomic: os.replace would overwrite a file that appeared
        # meanwhile. os.link refuses to, and still makes the complete file appear at once.
        try:
            os.link(tmp_name, path)
        except FileExistsError as exc:
            raise ConfigError("already exists; not overwritten", path=path) from exc
    finally:
        os.unlink(tmp_name)
