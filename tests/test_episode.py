"""The episode stage on real audio: Piper speaks, ffmpeg encodes, mutagen tags.

One small episode is built once per module and inspected from every side; rebuilds then
show what the clip cache saves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import wave
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image

from reader.audio.ffmpeg import run_ffmpeg
from reader.audio.loudness import measure
from reader.builder.speak import make_episode
from reader.config import AudioSettings
from reader.models import (
    ArticleMeta,
    Episode,
    Script,
    SpokenSection,
)
from reader.script import spoken_opening
from tests.conftest import READER, run_reader

META = ArticleMeta(
    title="Listening Well",
    slug="listening-well",
    date=dt.date(2024, 5, 1),
    source=Path("listening-well.md"),
    author="Ada Lovelace",
    lang="en",
)
SECTIONS = (
    SpokenSection(None, None, (
        ("Most people think they listen well.", "They are often wrong."),
        ("This article is about that.",),
    )),
    SpokenSection("Why it matters", "Why it matters", (
        ("Attention is rare.", "Nginx serves these pages."),
    )),
    SpokenSection("What to do?", "What to do?", (
        ("Put the phone away.", "Look at the person."),
        ("Ask one more question.",),
    )),
)  # fmt: skip
SETTINGS = AudioSettings(engine="piper")  # the fast real voice: this module makes many


def make_script(sections: tuple[SpokenSection, ...] = SECTIONS, **meta: object) -> Script:
    full_meta = dataclasses.replace(META, **meta)  # type: ignore[arg-type]
    return Script(full_meta, sections, spoken_opening(full_meta))


def clips_of(built: tuple[Episode, Path], folder: Path) -> Path:
    """A clip cache of the test's own holding the clips `built` spoke, and nothing it learned
    (the loudness it remembers): an episode made from it speaks nothing, as real voices are
    the suite's budget (tests/synthesis_budget.py), and learns the voice's level afresh."""
    shutil.copytree(built[1] / "clips", folder / "clips")
    return folder


def pieces_of(script: Script) -> int:
    """The opening's sentences, every spoken heading and every sentence."""
    headings_and_sentences = (bool(s.spoken_title) + len(s.sentences) for s in script.sections)
    return len(script.opening) + sum(headings_and_sentences)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Episode, Path]:
    """(episode, cache folder) for the small script, from a cold cache."""
    root = tmp_path_factory.mktemp("episode")
    cover = root / "cover.jpg"
    Image.new("RGB", (1400, 1400), (200, 80, 40)).save(cover)
    episode = make_episode(
        make_script(), root / "out" / "listening-well.mp3", SETTINGS, album="Test Podcast",
        cover=cover, cache_dir=root / "cache",
    )  # fmt: skip
    return episode, root / "cache"


def test_every_piece_is_spoken_once_on_a_cold_cache(built: tuple[Episode, Path]) -> None:
    episode, _ = built
    assert episode.synthesized == pieces_of(make_script()) == len(episode.cues)
    assert episode.cached == 0


def test_the_mp3_is_44_1_khz_mono_constant_bitrate(built: tuple[Episode, Path]) -> None:
    episode, _ = built
    info = MP3(episode.audio_path).info
    assert info is not None
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 64000)
    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)  # UNKNOWN: no VBR header
    assert episode.size_bytes == episode.audio_path.stat().st_size
    # 64 kbit/s is 8000 bytes a second, plus the tag with its cover.
    assert abs(episode.size_bytes - 8 * episode.duration_ms) < 40_000


def test_loudness_is_podcast_loudness_as_ebur128_measures_it(
    built: tuple[Episode, Path],
) -> None:
    loudness = measure(built[0].audio_path)
    assert -17.0 <= loudness.integrated_lufs <= -15.0
    assert loudness.true_peak_dbtp <= -1.0


def test_tags_are_id3v2_3_with_cover_art(built: tuple[Episode, Path]) -> None:
    episode, _ = built
    tags = ID3(episode.audio_path, translate=False)
    assert tags.version == (2, 3, 0)
    assert str(tags["TIT2"]) == "Listening Well"
    assert str(tags["TPE1"]) == "Ada Lovelace"
    assert str(tags["TALB"]) == "Test Podcast"
    assert str(tags["TYER"]) == "2024"
    cover = tags.getall("APIC")[0]
    assert cover.mime == "image/jpeg" and cover.type == 3 and cover.data[:2] == b"\xff\xd8"


def test_chapters_are_a_ctoc_and_one_chap_per_section(built: tuple[Episode, Path]) -> None:
    episode, _ = built
    tags = ID3(episode.audio_path)
    [toc] = tags.getall("CTOC")
    chaps = {chap.element_id: chap for chap in tags.getall("CHAP")}
    assert len(toc.child_element_ids) == len(chaps) == len(episode.chapters) == 3
    in_file = [
        (str(chaps[i].sub_frames["TIT2"]), chaps[i].start_time, chaps[i].end_time)
        for i in toc.child_element_ids
    ]
    assert in_file == [(c.title, c.start_ms, c.end_ms) for c in episode.chapters]
    assert [title for title, _, _ in in_file] == ["Introduction", "Why it matters", "What to do?"]


def test_chapters_cover_the_episode_and_start_at_their_headings(
    built: tuple[Episode, Path],
) -> None:
    episode, _ = built
    chapters, cues = episode.chapters, episode.cues
    assert chapters[0].start_ms == 0
    assert all(a.end_ms == b.start_ms for a, b in zip(chapters, chapters[1:], strict=False))
    assert abs(chapters[-1].end_ms - episode.duration_ms) < 100  # the MP3 adds a frame or two
    heading_starts = {cue.text: cue.start_ms for cue in cues}
    assert chapters[1].start_ms == heading_starts["Why it matters"]
    assert chapters[2].start_ms == heading_starts["What to do?"]


def test_cues_follow_the_script_with_the_configured_pauses(
    built: tuple[Episode, Path],
) -> None:
    episode, _ = built
    texts = [cue.text for cue in episode.cues]
    assert texts[:2] == ["Listening Well.", "By Ada Lovelace."]
    assert texts[2:4] == ["Most people think they listen well.", "They are often wrong."]
    assert texts[-1] == "Ask one more question."
    gaps = [b.start_ms - a.end_ms for a, b in zip(episode.cues, episode.cues[1:], strict=False)]
    assert gaps[0] == SETTINGS.sentence_pause_ms  # between the title and the byline
    assert gaps[1] == SETTINGS.section_pause_ms  # after the opening
    assert gaps[2] == SETTINGS.sentence_pause_ms  # within a paragraph
    assert gaps[3] == SETTINGS.paragraph_pause_ms  # between paragraphs
    assert gaps[4] == SETTINGS.section_pause_ms  # before a heading
    assert all(cue.end_ms - cue.start_ms > 300 for cue in episode.cues)  # real speech


def test_the_vtt_has_one_cue_per_piece_ending_with_the_audio(
    built: tuple[Episode, Path],
) -> None:
    episode, _ = built
    text = episode.vtt_path.read_text("utf-8")
    assert text.startswith("WEBVTT\n\n1\n00:00:00.0")  # the speech itself, after a short guard
    blocks = text.strip().split("\n\n")[1:]
    assert len(blocks) == len(episode.cues)
    last_time = blocks[-1].splitlines()[1].split(" --> ")[1]
    hours, minutes, seconds = last_time.split(":")
    last_ms = round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)
    assert last_ms == episode.cues[-1].end_ms
    assert abs(last_ms - episode.duration_ms) <= 0.02 * episode.duration_ms


def test_json_chapters_and_transcript_sit_beside_the_mp3(
    built: tuple[Episode, Path],
) -> None:
    episode, _ = built
    stem = episode.audio_path.with_suffix("")
    assert episode.chapters_path == stem.with_name("listening-well.chapters.json")
    data = json.loads(episode.chapters_path.read_text("utf-8"))
    assert data["version"] == "1.2.0"
    assert [(c["title"], c["startTime"]) for c in data["chapters"]] == [
        (c.title, c.start_ms / 1000) for c in episode.chapters
    ]
    transcript = episode.transcript_path.read_text("utf-8")
    assert transcript.startswith("Listening Well. By Ada Lovelace.\n\nMost people think")
    assert "\nWhat to do?\n\nPut the phone away. Look at the person.\n" in transcript
    leftovers = [p.name for p in episode.audio_path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_warm_cache_speaks_nothing_again(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    # How much faster that is lives in benchmarks/ (wall time is no test's business).
    first, cache = built
    again = make_episode(make_script(), tmp_path / "again.mp3", SETTINGS, cache_dir=cache)
    assert again.synthesized == 0 and again.cached == len(first.cues)
    assert again.cues == first.cues and again.chapters == first.chapters


def test_editing_one_paragraph_respeaks_only_its_pieces(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    _, cache = built
    edited = list(SECTIONS)
    edited[1] = SpokenSection("Why it matters", "Why it matters", (
        ("Attention is rare.", "Nginx serves these pages quickly."),
    ))  # fmt: skip
    calls: list[tuple[int, int, int]] = []
    episode = make_episode(
        make_script(tuple(edited)), tmp_path / "edited.mp3", SETTINGS, cache_dir=cache,
        progress=lambda done, cached, total: calls.append((done, cached, total)),
    )  # fmt: skip
    assert episode.synthesized == 1
    assert "Nginx serves these pages quickly." in [cue.text for cue in episode.cues]
    total = len(episode.cues)
    assert calls[-1] == (total, total - 1, total)
    assert [done for done, _, _ in calls] == list(range(1, total + 1))


def test_a_killed_build_resumes_from_the_clips_it_has(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    _, cache = built
    resumed_cache = tmp_path / "cache"
    (resumed_cache / "clips").mkdir(parents=True)
    clips = sorted((cache / "clips").rglob("*.wav"))
    for clip in clips[:-2]:  # as if the process died before the last two clips were written
        target = resumed_cache / "clips" / clip.parent.name / clip.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(clip.read_bytes())
    episode = make_episode(make_script(), tmp_path / "r.mp3", SETTINGS, cache_dir=resumed_cache)
    assert episode.synthesized == 2


def test_a_lexicon_entry_respeaks_just_the_pieces_with_that_word(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    _, cache = built
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[words]\nnginx = "engine x"\n', "utf-8")
    episode = make_episode(
        make_script(), tmp_path / "lex.mp3", SETTINGS, cache_dir=cache, lexicon_path=lexicon
    )
    assert episode.synthesized == 1
    assert "Nginx serves these pages." in [cue.text for cue in episode.cues]  # as written


def _tone(path: Path, seconds: float) -> None:
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-ac", "2", path])


def test_intro_and_outro_frame_the_speech(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    first, cache = built
    _tone(tmp_path / "intro.wav", 2.0)
    _tone(tmp_path / "outro.mp3", 1.5)
    settings = dataclasses.replace(
        SETTINGS, intro=tmp_path / "intro.wav", outro=tmp_path / "outro.mp3"
    )
    episode = make_episode(make_script(), tmp_path / "framed.mp3", settings, cache_dir=cache)
    shift = 2000 + SETTINGS.section_pause_ms
    assert [c.start_ms - shift for c in episode.cues] == [c.start_ms for c in first.cues]
    assert episode.chapters[0].start_ms == 0  # the intro belongs to the first chapter
    end_of_speech = episode.cues[-1].end_ms
    assert episode.chapters[-1].end_ms == end_of_speech + SETTINGS.section_pause_ms + 1500


def test_an_opening_without_author_and_a_titled_first_section(tmp_path: Path) -> None:
    from reader.script import opening_line

    assert opening_line("Why listen?", None) == "Why listen?"
    assert opening_line("Listening Well", "Ada") == "Listening Well. By Ada."
    assert opening_line("Done.", "  ") == "Done."


def test_the_assembled_pcm_never_exists_as_one_array_of_clips(tmp_path: Path) -> None:
    """Assembly streams clips into a WAV: memory use does not grow with the episode."""
    import numpy as np

    from reader.episode.assemble import _WavWriter

    writer = _WavWriter(tmp_path / "x.wav", 22050)
    for _ in range(100):
        writer.write(np.full(22050, 100, dtype=np.int16))
        writer.silence(300)
    writer.close()
    with wave.open(str(tmp_path / "x.wav")) as wav:
        assert wav.getnframes() == 100 * (22050 + 6615)
    assert writer.ms() == 100 * 1300


def test_reader_speak_turns_an_article_file_into_an_episode(tmp_path: Path) -> None:
    article = tmp_path / "tiny.md"
    article.write_text(
        "---\ntitle: A Tiny Article\nauthor: Grace Hopper\ndate: 2024-02-03\n---\n\n"
        "It starts here.\n\n## The middle\n\nThen it goes on.\n",
        "utf-8",
    )
    # The command is the point, not the voice (Kokoro's `reader speak`: test_engines_kokoro).
    result = run_reader("speak", article, "-o", "out/tiny.mp3", "--engine", "tones",
                        cwd=tmp_path, check=True)
    said = result.stdout + result.stderr
    assert "wrote out/tiny.mp3" in said and "2 chapters" in said
    tags = ID3(tmp_path / "out" / "tiny.mp3")
    chapters = sorted(tags.getall("CHAP"), key=lambda chap: chap.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == ["Introduction", "The middle"]
    vtt = (tmp_path / "out" / "tiny.vtt").read_text("utf-8")
    assert "A Tiny Article.\n\n" in vtt and "By Grace Hopper." in vtt and "Then it goes on." in vtt


def test_reader_verbose_says_how_the_loudness_was_set(tmp_path: Path) -> None:
    import subprocess

    article = tmp_path / "short.md"
    article.write_text("---\ntitle: Short\n---\n\nOne sentence is enough.\n", "utf-8")
    result = subprocess.run(  # noqa: S603 - our own interpreter, list arguments
        [*READER, "--verbose", "speak", str(article), "-o", "s.mp3",
         "--engine", "tones"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "reader.episode:" in result.stderr and "LUFS" in result.stderr
    assert any(method in result.stderr for method in ("streamed", "linear", "gain+limiter"))
    assert "LUFS" in result.stdout and "dBTP" in result.stdout  # the result line, always


def test_an_episode_is_encoded_while_spoken_at_the_voices_usual_gain(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    episode = make_episode(
        make_script(), tmp_path / "streamed.mp3", SETTINGS,
        cache_dir=clips_of(built, tmp_path / "cache"),
    )  # fmt: skip
    # Encoded as it was spoken; an 8-second episode may land far enough from the voice's
    # usual level to need the one quick second encode.
    assert episode.loudness_method in ("streamed", "streamed again")
    measured = measure(episode.audio_path)
    assert -17.0 <= measured.integrated_lufs <= -15.0
    assert measured.true_peak_dbtp <= -1.0
    # The same MP3, measured as it was made (decoded raw, without its Info header).
    assert episode.loudness_lufs == pytest.approx(measured.integrated_lufs, abs=0.3)
    remembered = json.loads((tmp_path / "cache" / "loudness.json").read_text())
    [entry] = remembered.values()
    assert 8.0 < entry["gain_db"] < 18.0
    assert 1.5 <= entry["peak_margin_db"] <= 4.0


def _remember(cache: Path, **entry: float) -> None:
    """Overwrite what the cache remembers about the voice (after one episode made it)."""
    memory = cache / "loudness.json"
    memory.write_text(json.dumps({key: entry for key in json.loads(memory.read_text())}))


def _on_target(episode: Episode) -> None:
    measured = measure(episode.audio_path)
    assert -16.8 <= measured.integrated_lufs <= -15.2  # accepted at ±0.5 as it was made
    assert measured.true_peak_dbtp <= -1.0


def test_a_wrong_remembered_gain_is_caught_by_measurement_and_redone(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    cache = clips_of(built, tmp_path / "cache")
    make_episode(make_script(), tmp_path / "first.mp3", SETTINGS, cache_dir=cache)
    _remember(cache, gain_db=0.0)

    episode = make_episode(make_script(), tmp_path / "second.mp3", SETTINGS, cache_dir=cache)

    assert episode.loudness_method in ("gain+limiter", "linear")  # measured in two passes
    _on_target(episode)
    memory = json.loads((cache / "loudness.json").read_text())
    assert next(iter(memory.values()))["gain_db"] > 8.0  # learned again


def test_a_small_miss_is_encoded_once_more_from_the_wav_not_in_two_passes(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    cache = clips_of(built, tmp_path / "cache")
    first = make_episode(make_script(), tmp_path / "first.mp3", SETTINGS, cache_dir=cache)
    gain = json.loads((cache / "loudness.json").read_text())
    [learned] = gain.values()
    _remember(cache, gain_db=learned["gain_db"] - 4.0, peak_margin_db=learned["peak_margin_db"])

    episode = make_episode(make_script(), tmp_path / "second.mp3", SETTINGS, cache_dir=cache)

    assert episode.loudness_method == "streamed again"
    _on_target(episode)
    assert episode.duration_ms == first.duration_ms


def test_a_miss_with_the_limiter_idle_is_corrected_by_the_miss_itself(tmp_path: Path) -> None:
    """Tones peak far under the ceiling, so the limiter has nothing to do and a dB of gain is
    a dB of loudness: an episode streamed 1.5 dB too quiet is put right by the one quick
    second encode, not sent on to the two passes (the limiter's own slope, 0.4 LU a dB,
    would ask for 3.75 dB and overshoot)."""
    tones = AudioSettings(engine="tones")
    cache = tmp_path / "cache"
    make_episode(make_script(), tmp_path / "first.mp3", tones, cache_dir=cache)
    [learned] = json.loads((cache / "loudness.json").read_text()).values()
    _remember(cache, gain_db=learned["gain_db"] - 1.5, peak_margin_db=learned["peak_margin_db"])

    episode = make_episode(make_script(), tmp_path / "second.mp3", tones, cache_dir=cache)

    assert episode.loudness_method == "streamed again"
    _on_target(episode)
    [relearned] = json.loads((cache / "loudness.json").read_text()).values()
    assert relearned["gain_db"] == pytest.approx(learned["gain_db"], abs=0.5)


def test_an_mp3_peak_over_the_ceiling_teaches_a_wider_margin(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    cache = clips_of(built, tmp_path / "cache")
    make_episode(make_script(), tmp_path / "first.mp3", SETTINGS, cache_dir=cache)
    [learned] = json.loads((cache / "loudness.json").read_text()).values()
    # A limiter at 0 dBTP: the MP3's peaks land over the -1 dBTP target.
    _remember(cache, gain_db=learned["gain_db"], peak_margin_db=-1.0)

    episode = make_episode(make_script(), tmp_path / "second.mp3", SETTINGS, cache_dir=cache)

    assert episode.loudness_method in ("streamed again", "gain+limiter")
    _on_target(episode)
    [relearned] = json.loads((cache / "loudness.json").read_text()).values()
    assert relearned["peak_margin_db"] >= 1.5


def test_a_gain_remembered_in_the_first_format_still_predicts(
    built: tuple[Episode, Path], tmp_path: Path
) -> None:
    cache = clips_of(built, tmp_path / "cache")
    make_episode(make_script(), tmp_path / "first.mp3", SETTINGS, cache_dir=cache)
    memory = cache / "loudness.json"
    [learned] = json.loads(memory.read_text()).values()
    keys = json.loads(memory.read_text())
    memory.write_text(json.dumps({key: learned["gain_db"] for key in keys}))

    episode = make_episode(make_script(), tmp_path / "second.mp3", SETTINGS, cache_dir=cache)

    assert episode.loudness_method == "streamed"
