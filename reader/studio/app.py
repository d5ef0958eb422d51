"""The studio over HTTP: a Bottle app for the JSON API and the pages, behind a guard.

Bottle (one file, no dependencies, maintained) does the routing and the error pages; the
standard library's WSGI server serves it on 127.0.0.1 with a thread per request (server.py).
Every request passes the guard first (`Guard`): the run's random token (`?token=` or the
X-Studio-Token header), a Host of this server (no DNS rebinding), for writes an Origin of
this server when a browser sends one, and a body of at most MAX_BODY bytes. Every answer
carries a strict Content-Security-Policy and no caching.
"""

from __future__ import annotations

import hmac
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import bottle

from ..errors import UserError
from .pages import ASSETS, article_page, asset, index_page
from .project import Project
from .values import Opened

MAX_BODY = 16 * 1024  # a word and its fix, or a voice's name: far below this
TOKEN_HEADER = "X-Studio-Token"
SECURITY_HEADERS = [
    ("Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
     "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
     "frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),  # the token is in the page's address
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
]  # fmt: skip
_SAFE_METHODS = frozenset({"GET", "HEAD"})
# A word as lexicon.toml takes it: letters, with inner apostrophes, hyphens or spaces.
_WORD = re.compile(r"[^\W\d_]+(?:['’ -][^\W\d_]+)*")
_MAX_WORD, _MAX_FIX = 64, 200

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Guard:
    """WSGI middleware: refuse what is not this run's author, before any route runs."""

    def __init__(self, app: WSGIApp, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.port = port

    def origins(self) -> set[str]:
        return {f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"}

    def refusal(self, environ: dict[str, Any]) -> tuple[str, str] | None:
        """(status, reason) when the request is refused; None when it may go on."""
        host = environ.get("HTTP_HOST", "")
        if f"http://{host}" not in self.origins():
            return "403 Forbidden", "unknown Host"
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        given = environ.get("HTTP_X_STUDIO_TOKEN") or (query.get("token") or [""])[0]
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return "403 Forbidden", "the studio's token is missing or wrong"
        if environ.get("REQUEST_METHOD", "GET") not in _SAFE_METHODS:
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None and origin not in self.origins():
                return "403 Forbidden", "a write from another site"
            if environ.get("HTTP_SEC_FETCH_SITE") not in (None, "same-origin", "none"):
                return "403 Forbidden", "a write from another site"
            if environ.get("HTTP_TRANSFER_ENCODING"):
                return "411 Length Required", "send the body with a Content-Length"
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return "400 Bad Request", "bad Content-Length"
        if length > MAX_BODY:
            return "413 Content Too Large", f"a body is at most {MAX_BODY} bytes"
        return None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            named = {name.lower() for name, _ in SECURITY_HEADERS}
            kept = [(k, v) for k, v in headers if k.lower() not in named]
            return start_response(status, kept + SECURITY_HEADERS, exc_info)

        refused = self.refusal(environ)
        if refused is not None:
            status, reason = refused
            body = json.dumps({"error": reason}).encode()
            start(status, [("Content-Type", "application/json"),
                           ("Content-Length", str(len(body)))])
            return [body]
        return self.app(environ, start)


def token() -> str:
    """The request's token (the guard has checked it): the pages' links carry it on."""
    given: str = bottle.request.get_header(TOKEN_HEADER) or bottle.request.query.get("token")
    return given


def _error(status: int, message: str) -> bottle.HTTPError:
    return bottle.HTTPError(status, message)


def _body() -> dict[str, Any]:
    """The request's JSON object (the guard has already limited its size)."""
    raw = bottle.request.body.read(MAX_BODY + 1)
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise _error(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise _error(400, "the body must be a JSON object")
    return data


def _text(data: dict[str, Any], key: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _error(400, f"{key!r} must be a non-empty string of at most {limit} characters")
    if any(ord(c) < 32 for c in value) or "[" in value or "]" in value:
        raise _error(400, f"{key!r} may not hold control characters, [ or ]")
    return value.strip()


def _word(data: dict[str, Any]) -> str:
    word = _text(data, "word", _MAX_WORD)
    if word is None or not _WORD.fullmatch(word):
        raise _error(400, "'word' must be a word: letters, with inner ' - or spaces")
    return word


def _fix(data: dict[str, Any]) -> dict[str, str | None]:
    ipa, respelling = _text(data, "ipa", _MAX_FIX), _text(data, "respelling", _MAX_FIX)
    if ipa is not None and respelling is not None:
        raise _error(400, "give 'ipa' or 'respelling', not both")
    return {"ipa": ipa, "respelling": respelling}


def make_app(project: Project) -> bottle.Bottle:
    """The studio's routes over `project` (the guard is added by the server)."""
    app = bottle.Bottle(autojson=True)

    def opened(slug: str) -> Opened:
        """The article `slug` names: only looked up among the articles, never a path."""
        if slug not in project.slugs():
            raise _error(404, "no article has this slug")
        return project.open(slug)

    @app.error(400)
    @app.error(403)
    @app.error(404)
    @app.error(405)
    @app.error(409)
    @app.error(500)
    def _as_json(error: bottle.HTTPError) -> str:
        bottle.response.content_type = "application/json"
        return json.dumps({"error": str(error.body)})

    def answering(handler: Callable[..., Any]) -> Callable[..., Any]:
        """A user's mistake (a broken lexicon, a build running) is 409 with its one line."""
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except UserError as exc:
                raise _error(409, str(exc)) from None
            except KeyError:
                raise _error(404, "not found") from None
        return wrapped

    @app.get("/")
    @answering
    def index() -> str:
        return index_page(project, token())

    @app.get("/articles/<slug>")
    @answering
    def article_page_(slug: str) -> str:
        return article_page(project, opened(slug), token())

    @app.get("/static/<name>")
    def static(name: str) -> bytes:
        if name not in ASSETS:
            raise _error(404, "no such file")
        bottle.response.content_type = ASSETS[name]
        return asset(name)

    @app.get("/api/articles")
    @answering
    def articles() -> dict[str, Any]:
        return {"articles": [summary.to_json() for summary in project.summaries()]}

    @app.get("/api/articles/<slug>")
    @answering
    def article(slug: str) -> dict[str, Any]:
        item = opened(slug)
        words = project.guessed(item)
        return {
            **project.summary(item).to_json(),
            "sentences": [s.to_json() for s in item.sentences],
            "words": [{"word": w.word, "count": w.count, "phonemes": w.phonemes}
                      for w in words],
            "engine": item.settings.engine,
            "voice": item.settings.voice,
            "speaks_ipa": project.engine_for(item).speaks_ipa,
        }

    @app.post("/api/articles/<slug>/sentences/<sentence>/speak")
    @answering
    def speak(slug: str, sentence: str) -> dict[str, Any]:
        return {"sentence": project.speak(opened(slug), sentence).to_json()}

    @app.post("/api/articles/<slug>/say")
    @answering
    def say(slug: str) -> dict[str, Any]:
        data = _body()
        return project.say_word(opened(slug), _word(data), **_fix(data))

    @app.post("/api/articles/<slug>/approve")
    @answering
    def approve(slug: str) -> dict[str, Any]:
        item = opened(slug)
        script = project.approve(item)
        return {"slug": slug, "state": project.summary(item).state, "script": script}

    @app.get("/api/articles/<slug>/voices")
    @answering
    def voices(slug: str) -> dict[str, Any]:
        return {"engine": project.config.audio.engine, "voices": project.voices(opened(slug))}

    @app.post("/api/articles/<slug>/voices/<voice>/speak")
    @answering
    def voice_sample(slug: str, voice: str) -> dict[str, Any]:
        return {"voice": voice, "clip": project.voice_sample(opened(slug), voice)}

    @app.post("/api/voice")
    @answering
    def choose_voice() -> dict[str, Any]:
        voice = _text(_body(), "voice", _MAX_WORD)
        if voice is None:
            raise _error(400, "give 'voice'")
        project.choose_voice(voice)
        return {"voice": voice}

    @app.post("/api/lexicon")
    @answering
    def lexicon() -> dict[str, Any]:
        data = _body()
        word, fix = _word(data), _fix(data)
        if fix["ipa"] is None and fix["respelling"] is None:
            raise _error(400, "give 'ipa' or 'respelling'")
        slug = data.get("slug")
        if slug is not None and (not isinstance(slug, str) or slug not in project.slugs()):
            raise _error(404, "no article has this slug")
        return project.save_word(word, slug=slug, **fix).to_json()

    @app.post("/api/lexicon/undo")
    @answering
    def undo() -> dict[str, Any]:
        done = project.undo()
        if done is None:
            raise _error(409, "nothing to undo")
        return done.to_json()

    @app.get("/api/clips/<name>")
    def clip(name: str) -> bytes:
        stem, dot, suffix = name.partition(".")
        wav = project.clip_wav(stem) if suffix == "wav" else None
        if wav is None:
            raise _error(404, "no such clip")
        bottle.response.content_type = "audio/wav"
        return wav

    return app
