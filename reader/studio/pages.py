"""The studio's two pages, rendered by Jinja2 with autoescaping (the article's body is the
loader's sanitised HTML, as on the listening page); the script and the styles are files
(static/), so the Content-Security-Policy allows no inline code at all."""

from __future__ import annotations

import urllib.parse
from functools import cache
from importlib import resources

import jinja2

from .project import Project
from .values import Opened

# The only files served from static/: a request names one of these, never a path.
ASSETS = {
    "studio.js": "text/javascript; charset=utf-8",
    "studio.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reader.studio", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def asset(name: str) -> bytes:
    return resources.files("reader.studio").joinpath("static", name).read_bytes()


def _with_token(path: str, token: str) -> str:
    return f"{path}?{urllib.parse.urlencode({'token': token})}"


def _common(project: Project, token: str) -> dict[str, object]:
    assert project.config.podcast is not None
    return {
        "asset": lambda name: _with_token(f"/static/{name}", token),
        "home": _with_token("/", token),
        "podcast": project.config.podcast.title,
    }


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "not built"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def index_page(project: Project, token: str) -> str:
    assert project.config.podcast is not None
    articles = [
        {
            "slug": s.slug, "title": s.title, "date": s.date, "state": s.state,
            "changed": len(s.changed_sentences), "duration": _duration(s.duration_s),
            "guessed_words": s.guessed_words,
            "href": _with_token(f"/articles/{urllib.parse.quote(s.slug, safe='')}", token),
        }
        for s in project.summaries()
    ]  # fmt: skip
    return _environment().get_template("index.html.j2").render(
        **_common(project, token), lang=project.config.podcast.language, articles=articles,
        folder=str(project.articles),
        require_approval=project.config.publish.require_approval,
    )  # fmt: skip


def article_page(project: Project, opened: Opened, token: str) -> str:
    meta = opened.article.meta
    summary = project.summary(opened)
    engine = project.engine_for(opened)
    return _environment().get_template("article.html.j2").render(
        **_common(project, token), lang=meta.lang or "en", slug=meta.slug, title=meta.title,
        date=meta.date.isoformat(), state=summary.state, engine=opened.settings.engine,
        voice=opened.settings.voice, speaks_ipa=engine.speaks_ipa,
        opening=[s for s in opened.sentences if not s.on_page],
        body_html=opened.article.body_html, words=project.guessed(opened),
    )  # fmt: skip
