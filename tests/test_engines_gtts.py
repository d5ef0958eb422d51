"""gTTS against a local stand-in for Google Translate's batchexecute endpoint.

The stand-in is a real HTTP server on 127.0.0.1 answering the way Google does (the only
fake in the project); gTTS's own code builds the requests and parses the answers.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.audio.ffmpeg import run_ffmpeg
from reader.errors import EngineError
from reader.speech.engines.gtts import GttsEngine, merge_tokens
from tests.conftest import run_reader

from .fake_google import PATH, FakeGoogle, running


@pytest.fixture(scope="module")
def tone_mp3() -> bytes:
    """Half a second of tone as a 24 kHz mono MP3, like Google's answers."""
    result = run_ffmpeg(
        ["-f", "lavfi", "-i", "sine=frequency=330:duration=0.5", "-ac", "1", "-ar", "24000",
         "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1"]
    )  # fmt: skip
    return result.stdout


@pytest.fixture
def google(tone_mp3: bytes) -> Iterator[FakeGoogle]:
    with running(tone_mp3) as fake:
        yield fake


def engine_for(url: str, **options: float) -> GttsEngine:
    return GttsEngine("en", endpoint=url, backoff=0.01, **options)  # type: ignore[arg-type]


def test_speech_is_fetched_and_decoded_to_pcm(google: FakeGoogle) -> None:
    clip = engine_for(google.url).synthesize("Hello from the fake endpoint.")
    assert google.texts == ["Hello from the fake endpoint."]
    assert clip.sample_rate == 24000
    assert 450 <= clip.duration_ms <= 650  # the half-second tone, decoded by ffmpeg
    assert abs(clip.samples.astype(int)).max() > 1000


def test_comma_cut_pieces_are_merged_up_to_100_characters(google: FakeGoogle) -> None:
    text = ("First, second, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, "
            "eleventh, twelfth, thirteenth, fourteenth, fifteenth, sixteenth.")  # fmt: skip
    clip = engine_for(google.url).synthesize(text)
    assert len(google.texts) == 2  # gTTS alone would send one request per comma
    assert all(len(sent) <= 100 for sent in google.texts)
    assert " ".join(google.texts) == text  # each request keeps its commas
    assert 900 <= clip.duration_ms <= 1300


def test_merge_tokens_keeps_order_and_the_limit() -> None:
    assert merge_tokens(["a", "b c", " ", "d"], 5) == ["a b c", "d"]
    assert merge_tokens(["x" * 120, "y"], 100) == ["x" * 120, "y"]


def test_a_429_is_retried_and_then_succeeds(google: FakeGoogle) -> None:
    google.statuses = [429]
    clip = engine_for(google.url).synthesize("Try again.")
    assert google.texts == ["Try again.", "Try again."]
    assert clip.duration_ms > 400


def test_server_errors_are_retried_a_bounded_number_of_times(google: FakeGoogle) -> None:
    google.statuses = [500, 503, 502, 500, 500]
    with pytest.raises(EngineError) as caught:
        engine_for(google.url, attempts=3).synthesize("Never works.")
    assert len(google.texts) == 3
    message = str(caught.value)
    assert "HTTP 502 after 3 tries" in message and "--engine piper" in message


def test_a_client_error_is_not_retried(google: FakeGoogle) -> None:
    google.statuses = [403]
    with pytest.raises(EngineError, match="HTTP 403"):
        engine_for(google.url).synthesize("Forbidden.")
    assert len(google.texts) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_slow_endpoint_times_out_with_one_clear_line(google: FakeGoogle) -> None:
    google.delay = 60.0  # far beyond the read timeout; the fixture releases it at the end
    with pytest.raises(EngineError) as caught:
        engine_for(google.url, timeout=0.5).synthesize("Is anyone listening?")
    assert google.answered == 0  # the read timeout, not the server, ended the request
    message = str(caught.value)
    assert message.startswith("gtts:") and "\n" not in message
    assert "--engine piper" in message


def test_offline_fails_with_one_line_suggesting_piper() -> None:
    url = f"http://127.0.0.1:{_closed_port()}{PATH}"
    with pytest.raises(EngineError) as caught:
        engine_for(url).synthesize("Anyone there?")
    message = str(caught.value)
    assert "no network" in message and "--engine piper" in message and "\n" not in message


def test_reader_speak_offline_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    article = tmp_path / "offline.md"
    article.write_text("---\ntitle: Offline\ndate: 2024-01-02\n---\n\nA sentence.\n", "utf-8")
    env = {
        "READER_GTTS_ENDPOINT": f"http://127.0.0.1:{_closed_port()}{PATH}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
    }
    result = run_reader(
        "speak", article, "--engine", "gtts", "-o", tmp_path / "out.mp3", env=env, cwd=tmp_path
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no network" in errors[0] and "--engine piper" in errors[0]
    assert "Traceback" not in result.stderr


def test_a_whole_episode_can_be_spoken_by_gtts(
    google: FakeGoogle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.builder.speak import make_episode
    from reader.config import AudioSettings
    from reader.models import ArticleMeta, Script, SpokenSection
    from reader.script import spoken_opening

    meta = ArticleMeta("Listening Well", "lw", dt.date(2024, 5, 1), Path("lw.md"), "Ada Lovelace")
    script = Script(meta, (
        SpokenSection(None, None, (("Most people think they listen well.",),)),
        SpokenSection("Why", "Why", (("Attention is rare.", "So is patience."),)),
    ), spoken_opening(meta))  # fmt: skip

    monkeypatch.setenv("READER_GTTS_ENDPOINT", google.url)
    episode = make_episode(
        script, tmp_path / "g.mp3", AudioSettings(engine="gtts"),
        cache_dir=tmp_path / "cache",
    )  # fmt: skip
    assert episode.synthesized == len(google.texts) == len(episode.cues)
    assert google.texts[:2] == ["Listening Well.", "By Ada Lovelace."]
    assert len(episode.cues) == 6 and [c.title for c in episode.chapters] == ["Introduction", "Why"]
    assert episode.duration_ms > 0.5 * len(episode.cues) * 1000


def test_a_build_cut_off_by_google_keeps_what_was_fetched(
    google: FakeGoogle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Google refusing mid-article fails that article with one line; the rebuild asks Google
    only for the pieces it never answered."""
    from reader.builder import build_site

    from .conftest import write_article, write_config

    config = write_config(tmp_path, engine="gtts")
    articles = tmp_path / "articles"
    write_article(
        articles, "quiet.md",
        "First sentence here. Second sentence here. Third one now. Fourth and last.\n",
        title="Quiet Rooms", date="2024-05-01",
    )  # fmt: skip
    monkeypatch.setenv("READER_GTTS_ENDPOINT", google.url)
    google.statuses = [200, 200, 403]  # a client error: not retried, the article fails
    lines: list[str] = []

    first = build_site(articles, tmp_path / "out", config, show_progress=False,
                       report=lines.append)  # fmt: skip

    assert first.failed and not first.built
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "quiet.md" in errors[0] and "403" in errors[0]
    assert first.synthesized == 2  # counted, and cached
    fetched = list(google.texts[:2])
    google.texts.clear()

    second = build_site(articles, tmp_path / "out", config, show_progress=False)

    assert second.built == ["quiet.md"] and not second.failed
    pieces = 1 + 4  # the opening line and four sentences
    assert second.synthesized == len(google.texts) == pieces - 2
    assert not set(fetched) & set(google.texts)  # nothing fetched twice
