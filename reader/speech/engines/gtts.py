"""gTTS: Google Translate's speech endpoint. Online only.

gTTS's own code builds the requests and parses the answers; this module adds what a batch
job needs around it: a timeout, bounded retries with backoff on 429 and 5xx under a total
deadline, fewer and longer requests (gTTS cuts at every comma; pieces are merged back up to
its 100-character limit), one clear line when there is no network, and MP3 -> PCM via ffmpeg.
"""

from __future__ import annotations

import functools
import itertools
import os
import socket
import threading
import time
from typing import Any

import numpy as np

from ...errors import EngineError
from ...language import primary
from ..clip import Clip
from .base import Engine, EngineInfo

SAMPLE_RATE = 24000  # what Google's endpoint returns; ffmpeg resamples if that ever changes
# Where requests go. Unset: gTTS's own URL (https://translate.google.<tld>/...). Set to an
# https?:// URL to send them elsewhere (a proxy, or the test suite's local fake endpoint).
ENDPOINT_ENV = "READER_GTTS_ENDPOINT"
OFFLINE_MESSAGE = (
    "gtts: no network (cannot reach Google Translate's speech service); "
    "use --engine piper to speak offline"
)


def merge_tokens(tokens: list[str], limit: int) -> list[str]:
    """Join neighbouring tokens while they fit in `limit` characters.

    gTTS's tokenizer cuts at every comma, so "Yes, of course, she said" would be three
    requests and three audible seams; merged, it is one.
    """
    merged: list[str] = []
    for token in (t.strip() for t in tokens):
        if not token:
            continue
        if merged and len(merged[-1]) + 1 + len(token) <= limit:
            merged[-1] = f"{merged[-1]} {token}"
        else:
            merged.append(token)
    return merged


def split_for_gtts(text: str, limit: int) -> list[str]:
    """Cut `text` where gTTS's tokenizer would, then merge neighbours up to `limit` characters.

    gTTS's tokens drop the punctuation they were cut at, so the cuts are mapped back onto
    the text: each piece keeps its own commas and full stops, and Google still hears them.
    """
    from gtts.tokenizer import Tokenizer, tokenizer_cases

    text = " ".join(text.split())
    if len(text) <= limit:
        return [text] if text else []
    cut = Tokenizer(
        [
            tokenizer_cases.tone_marks,
            tokenizer_cases.period_comma,
            tokenizer_cases.colon,
            tokenizer_cases.other_punctuation,
        ]
    ).run
    starts: list[int] = []
    cursor = 0
    for token in (t.strip() for t in cut(text)):
        found = text.find(token, cursor) if token else -1
        if found >= 0:
            starts.append(found)
            cursor = found + len(token)
    if not starts:
        return [text]
    starts[0] = 0
    spans = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return merge_tokens(spans, limit)


class GttsEngine(Engine):
    name = "gtts"

    def __init__(
        self,
        voice: str | None = None,
        lang: str | None = None,
        *,
        endpoint: str | None = None,
        timeout: float = 10.0,
        attempts: int = 4,
        backoff: float = 1.0,
        deadline: float = 60.0,
    ) -> None:
        # The voice is a language tag ("en", "fr", "pt-BR"); default: the article's language.
        self.lang = voice or (lang or "en")
        _check_language(self.lang, lang)
        self.endpoint = endpoint or os.environ.get(ENDPOINT_ENV) or None
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.deadline = deadline

    def identity(self) -> dict[str, str]:
        return {"engine": self.name, "lang": self.lang, "sample_rate": str(SAMPLE_RATE)}

    def synthesize(self, text: str) -> Clip:
        from gtts import gTTS

        mp3 = bytearray()
        for part in split_for_gtts(text, gTTS.GOOGLE_TTS_MAX_CHARS):
            mp3 += self._fetch(part)
        return decode_mp3(bytes(mp3))

    def _fetch(self, part: str) -> bytes:
        """One request of at most 100 characters. 429 and 5xx answers are retried with
        exponential backoff, at most `attempts` times and within `deadline` seconds."""
        from gtts import gTTSError

        started = time.monotonic()
        for attempt in itertools.count(1):
            try:
                return b"".join(self._tts(part).stream())
            except gTTSError as exc:
                response = getattr(exc, "rsp", None)
                if response is None:
                    raise _connection_error(exc) from exc
                status = int(response.status_code)
                retryable = status == 429 or status >= 500
                wait = self.backoff * 2 ** (attempt - 1)
                out_of_time = time.monotonic() - started + wait > self.deadline
                if not retryable or attempt == self.attempts or out_of_time:
                    tries = f" after {attempt} tries" if retryable else ""
                    raise EngineError(
                        f"gtts: Google's speech service answered HTTP {status}{tries}; "
                        "try again later or use --engine piper"
                    ) from exc
                time.sleep(wait)
        raise AssertionError("itertools.count never ends")

    def _tts(self, part: str) -> Any:
        tts = _endpoint_gtts_class()(
            part,
            lang=self.lang,
            lang_check=False,  # the check itself is a web request; a bad tag fails on use
            tokenizer_func=lambda text: [text],  # already cut and merged
            timeout=(min(self.timeout, 5.0), self.timeout),  # (connect, read)
        )
        tts.endpoint = self.endpoint
        return tts

    @classmethod
    def describe(cls) -> EngineInfo:
        from gtts.lang import tts_langs

        reachable = _google_reachable(timeout=2.0)
        return EngineInfo(
            name=cls.name,
            voices=("one per language: --voice <language tag>, e.g. en, fr, pt-BR",),
            languages=tuple(sorted(tts_langs())),
            works_here=reachable,
            status="needs network: reachable now" if reachable else "needs network: offline now",
        )


def _check_language(voice: str, article_lang: str | None) -> None:
    """Before any request: Google must know the voice's language (gTTS's list ships with it,
    no network needed), and the voice must be in the article's language."""
    from gtts.lang import tts_langs

    known = {primary(tag) for tag in tts_langs()}
    if primary(voice) not in known:
        raise EngineError(
            f"gtts cannot speak the language {voice!r}; use a language tag from "
            "`reader voices` (e.g. en, fr, pt-BR) as `voice:` or --voice"
        )
    if article_lang and primary(voice) != primary(article_lang):
        raise EngineError(
            f"the gtts voice {voice!r} does not speak the article's language "
            f"{article_lang!r}; set `voice: {article_lang}` in the front matter or --voice"
        )


@functools.cache
def _endpoint_gtts_class() -> Any:
    """gTTS, able to send its requests to another URL (READER_GTTS_ENDPOINT).

    Only the URL of gTTS's prepared requests changes: bodies, headers and the parsing of
    the answers stay gTTS's own, so tests against a local endpoint run gTTS's real code.
    """
    from gtts import gTTS

    class EndpointGTTS(gTTS):  # type: ignore[misc]
        endpoint: str | None = None

        def _prepare_requests(self) -> list[Any]:
            prepared: list[Any] = super()._prepare_requests()
            if self.endpoint:
                for request in prepared:
                    request.prepare_url(self.endpoint, None)
            return prepared

    return EndpointGTTS


def _connection_error(exc: Exception) -> EngineError:
    import requests

    cause = exc.__context__
    if isinstance(cause, requests.exceptions.Timeout):
        return EngineError(
            "gtts: Google's speech service did not answer in time; try later or use --engine piper"
        )
    return EngineError(OFFLINE_MESSAGE)


def _google_reachable(timeout: float) -> bool:
    """Can we open a connection to the endpoint's host? Bounded: name lookups offline can
    hang far longer than a socket timeout, so the probe runs in a thread we stop waiting for."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection(("translate.google.com", 443), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def decode_mp3(data: bytes) -> Clip:
    """MP3 bytes -> mono 16-bit PCM at SAMPLE_RATE, by ffmpeg through pipes."""
    from ...audio.ffmpeg import run_ffmpeg

    if not data:
        return Clip(samples=np.zeros(0, dtype=np.int16), sample_rate=SAMPLE_RATE)
    result = run_ffmpeg(
        ["-f", "mp3", "-i", "pipe:0", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "pipe:1"],
        stdin=data,
    )
    return Clip(
        samples=np.frombuffer(result.stdout, dtype="<i2").astype(np.int16), sample_rate=SAMPLE_RATE
    )
