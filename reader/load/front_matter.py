"""Front matter in the three notations static-site generators use.

YAML between `---` lines (Jekyll, Eleventy, Astro, MkDocs, Hugo), TOML between `+++`
lines (Hugo), and a JSON object at the very top (Hugo). The notation is told by the
first line, as Hugo does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import ArticleError

_YAML_START_RE = re.compile(r"^\s*---\s*\n")
_TOML_RE = re.compile(r"^\s*\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body). No front matter: ({}, text). Unparseable: ArticleError."""
    if _YAML_START_RE.match(text):
        return _yaml(text, path)
    if text.lstrip().startswith("+++"):
        return _toml(text, path)
    if text.lstrip().startswith("{"):
        return _json(text, path)
    return {}, text


def _yaml(text: str, path: Path) -> tuple[dict[str, Any], str]:
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ArticleError(f"front matter is not valid YAML{where}: {problem}", path=path) from None
    return _mapping(post.metadata, path), post.content


def _toml(text: str, path: Path) -> tuple[dict[str, Any], str]:
    import tomllib

    match = _TOML_RE.match(text)
    if match is None:
        raise ArticleError("front matter opened with +++ is never closed", path=path)
    try:
        data = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as exc:
        raise ArticleError(f"front matter is not valid TOML: {exc}", path=path) from None
    return data, text[match.end() :]


def _json(text: str, path: Path) -> tuple[dict[str, Any], str]:
    start = len(text) - len(text.lstrip())
    try:
        data, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError:
        # A text that happens to start with "{" (e.g. a Liquid tag) is not front matter.
        return {}, text
    return _mapping(data, path), text[end:].lstrip("\n")


def _mapping(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ArticleError("front matter must be `key: value` lines", path=path)
    return dict(data)
