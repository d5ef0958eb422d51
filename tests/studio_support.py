"""Shared set-up for the studio's tests: a small blog, built once with the test engine, and
the studio serving it on 127.0.0.1; a client that speaks its API over real HTTP."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.builder import build_site
from reader.studio import Studio, open_studio

from .conftest import write_article, write_config

# A rare name the voice has to guess, in two sentences of the first article only.
NAME = "Wojciechowski"
NOTES = f"""\
    Notes are for later. {NAME} keeps his in a drawer.

    ## Why

    The hands are busy. Ask {NAME} why.
"""
WALKS = """\
    A walk clears the head. The feet do the thinking.
"""
LEXICON = """\
# Our own words, checked by ear.
[words]
nginx = "engine x"  # the web server

[ipa]
Zsofia = "ˈʒoːfiɒ"
"""


@dataclass
class Blog:
    root: Path
    articles: Path
    output: Path
    config: Path

    @property
    def lexicon(self) -> Path:
        return self.root / "lexicon.toml"


def make_blog(root: Path, *, engine: str = "tones", build: bool = True) -> Blog:
    articles = root / "articles"
    write_article(articles, "2026-01-05-notes.md", NOTES, title="Notes")
    write_article(articles, "2026-02-07-walks.md", WALKS, title="Walks")
    config = write_config(root, engine=engine)
    config.write_text("# The podcast of my blog.\n" + config.read_text(), encoding="utf-8")
    (root / "lexicon.toml").write_text(LEXICON, encoding="utf-8")
    blog = Blog(root, articles, root / "output", config)
    if build:
        build_site(articles, blog.output, config, show_progress=False, report=lambda _: None)
    return blog


def copy_blog(blog: Blog, root: Path) -> Blog:
    """A copy of a built blog with its own clip cache (a test may change everything)."""
    shutil.copytree(blog.root, root, dirs_exist_ok=True, symlinks=True)
    config = root / blog.config.name
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            (blog.root / "cache").as_posix(), (root / "cache").as_posix()
        ),
        encoding="utf-8",
    )
    return Blog(root, root / "articles", root / "output", config)


class Client:
    """The studio's API over HTTP, as a script (or the pages) use it."""

    def __init__(self, studio: Studio) -> None:
        self.base = f"http://127.0.0.1:{studio.port}"
        self.token = studio.token

    def request(self, method: str, path: str, body: Any = None, *, token: str | None = "",
                headers: dict[str, str] | None = None, raw: bytes | None = None
                ) -> tuple[int, Any]:  # fmt: skip
        """(status, parsed JSON or bytes). `token` "": the studio's; None: none at all."""
        given = self.token if token == "" else token
        url = self.base + path
        if given is not None:
            url += ("&" if "?" in path else "?") + "token=" + given
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None
        )
        request = urllib.request.Request(url, method=method, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, content, kind = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            status, content, kind = error.code, error.read(), error.headers
        if kind.get_content_type() == "application/json":
            return status, json.loads(content)
        return status, content

    def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        return self.request("POST", path, body if body is not None else {}, **kwargs)

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = self.request(method, path, body)
        assert status == 200, (path, status, answer)
        return answer

    def clips(self, slug: str) -> dict[str, str | None]:
        """Sentence id -> clip URL of every sentence of the article."""
        article = self.ok("GET", f"/api/articles/{slug}")
        return {s["id"]: s["clip"] for s in article["sentences"]}

    def speak_all(self, slug: str) -> dict[str, str]:
        for sid, clip in self.clips(slug).items():
            if clip is None:
                self.ok("POST", f"/api/articles/{slug}/sentences/{sid}/speak", {})
        spoken = self.clips(slug)
        assert None not in spoken.values()
        return spoken  # type: ignore[return-value]

    def wav(self, url: str) -> bytes:
        status, content = self.get(url)
        assert status == 200 and content[:4] == b"RIFF", (url, status)
        return content


def start(blog: Blog) -> Studio:
    return open_studio(blog.articles, blog.output, blog.config).start()
