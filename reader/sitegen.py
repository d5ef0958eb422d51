"""Static-site generators `reader init --from` knows: how to recognise one, where its
articles are, and its site address (so `base_url` can be `<site>/listen/`).

One entry per generator in GENERATORS. Each reads its own config file with a small
pattern rather than executing or fully parsing it: Astro, Eleventy and Pelican configs
are programs (JavaScript, Python), and MkDocs' YAML may hold `!!python` tags.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

LISTEN_PATH = "listen/"  # where the podcast lives below the blog's own address


@dataclass(frozen=True)
class SiteInfo:
    """What a blog's generator config says: the articles folder (relative to the site
    root), and the site's address and title when it names them."""

    generator: str
    articles: str
    site_url: str | None = None
    title: str | None = None

    @property
    def base_url(self) -> str | None:
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + LISTEN_PATH


@dataclass(frozen=True)
class SiteGenerator:
    name: str
    markers: tuple[str, ...]  # files at the site root that only this generator writes
    articles: tuple[str, ...]  # likely articles folders, most specific first
    settings: Callable[[Path], tuple[str | None, str | None]]  # → (site URL, title)

    def detect(self, root: Path) -> bool:
        return any((root / marker).is_file() for marker in self.markers)

    def read(self, root: Path) -> SiteInfo:
        folder = next((f for f in self.articles if (root / f).is_dir()), self.articles[-1])
        url, title = self.settings(root)
        return SiteInfo(self.name, folder, url, title)


def _first_file(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def _hugo(root: Path) -> tuple[str | None, str | None]:
    names = ("hugo.toml", "config.toml", "hugo.yaml", "hugo.yml", "config.yaml", "hugo.json")
    path = _first_file(root, names)
    if path is None:
        return None, None
    import yaml

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        data = tomllib.loads(text)
    elif path.suffix == ".json":
        data = json.loads(text)
    else:
        data = yaml.safe_load(text) or {}
    return _text(data.get("baseURL") or data.get("baseurl")), _text(data.get("title"))


def _jekyll(root: Path) -> tuple[str | None, str | None]:
    import yaml

    path = _first_file(root, ("_config.yml", "_config.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path else None
    if not isinstance(data, dict):
        return None, None
    url = _text(data.get("url"))
    return (url.rstrip("/") + (_text(data.get("baseurl")) or "") if url else None), _text(
        data.get("title")
    )


def _pattern(names: tuple[str, ...], url_re: str, title_re: str | None = None) -> Callable[
    [Path], tuple[str | None, str | None]
]:
    """Settings read from a config that is a program, by one pattern each."""

    def read(root: Path) -> tuple[str | None, str | None]:
        for name in names:
            path = root / name
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            url = re.search(url_re, text, re.MULTILINE)
            title = re.search(title_re, text, re.MULTILINE) if title_re else None
            if url or title:
                return (url.group(1) if url else None), (title.group(1) if title else None)
        return None, None

    return read


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


_QUOTED = r"""["']([^"']+)["']"""
GENERATORS: tuple[SiteGenerator, ...] = (
    SiteGenerator(
        "hugo", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml"),
        ("content/posts", "content/post", "content/blog", "content"), _hugo,
    ),
    SiteGenerator(
        "jekyll", ("_config.yml", "_config.yaml"), ("_posts",), _jekyll,
    ),
    SiteGenerator(
        "eleventy",
        ("eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", ".eleventy.js"),
        ("content/blog", "src/posts", "posts", "blog", "src"),
        _pattern(("_data/metadata.json", "_data/metadata.js", "content/_data/metadata.js"),
                 r"""["']?url["']?\s*:\s*""" + _QUOTED, r"""["']?title["']?\s*:\s*""" + _QUOTED),
    ),
    SiteGenerator(
        "astro", ("astro.config.mjs", "astro.config.ts", "astro.config.js"),
        ("src/content/blog", "src/content/posts", "src/pages/blog", "src/content"),
        _pattern(("astro.config.mjs", "astro.config.ts", "astro.config.js"),
                 r"\bsite\s*:\s*" + _QUOTED),
    ),
    SiteGenerator(
        "pelican", ("pelicanconf.py",), ("content",),
        _pattern(("publishconf.py", "pelicanconf.py"), r"^SITEURL\s*=\s*" + _QUOTED,
                 r"^SITENAME\s*=\s*" + _QUOTED),
    ),
    SiteGenerator(
        "mkdocs", ("mkdocs.yml", "mkdocs.yaml"), ("docs/blog/posts", "docs"),
        _pattern(("mkdocs.yml", "mkdocs.yaml"), r"^site_url:\s*[\"']?([^\"'\s#]+)",
                 r"^site_name:\s*[\"']?([^\"'#\n]+?)[\"']?\s*$"),
    ),
)  # fmt: skip
_BY_NAME = {generator.name: generator for generator in GENERATORS}
NAMES = tuple(_BY_NAME)


def detect(root: Path) -> SiteGenerator | None:
    """The generator whose marker files are at `root`, if any (first in GENERATORS)."""
    return next((g for g in GENERATORS if g.detect(root)), None)


def site_info(root: Path, name: str | None) -> SiteInfo | None:
    """The blog at `root` as generator `name` lays it out (None: detect it; None if no
    generator is recognised). ConfigError for a name that is not a known generator, or a
    generator config that cannot be read."""
    import yaml

    if name is None:
        generator = detect(root)
        if generator is None:
            return None
    else:
        found = _BY_NAME.get(name.lower())
        if found is None:
            raise ConfigError(f"unknown generator; use one of {', '.join(NAMES)}", path=name)
        generator = found
    try:
        return generator.read(root)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the {generator.name} settings: {exc}", path=root) from None
