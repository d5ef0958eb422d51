"""The build estimate's model (reader.run.estimate) and the measured speed it is fed
(reader.run.speed): pure arithmetic on given speeds, and the record kept per voice and CPU.
Expected values are worked out by hand from the model in the module's docstring."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import RunChoice
from reader.run import speed as speedmod
from reader.run.estimate import (
    Setting,
    VoiceWork,
    Workload,
    alternatives,
    duration_text,
    estimate,
    setting_for,
    with_engine,
)
from reader.run.speed import SpeedBook, VoiceSpeed, calibrate, record_build
from reader.speech.plan import EngineSpec

KOKORO = EngineSpec("kokoro", None, "en")
# About real time on two cores of a CPU without AVX-512 (issue 29), 0.4 s of audio a word.
SLOW = VoiceSpeed(rtf=1.0, per_word=0.4, load_s=2.0)


def work(words: int = 1000, episode_words: int = 1000) -> Workload:
    return Workload(("a.md",), (VoiceWork(KOKORO, words, 50),), episode_words)


def test_one_process_speaks_the_audio_at_the_voices_pace_plus_loading_and_encoding() -> None:
    found = estimate(work(), {KOKORO: SLOW}, Setting("inline"), on_cores=2)
    assert found.audio_seconds == pytest.approx(400.0)  # 1,000 words x 0.4 s
    # 2 s to load + 400 s x 1.0; start-up 1.5 s + 400 s of episode audio x 0.02 to encode.
    assert found.seconds == pytest.approx(2 + 400 + 1.5 + 8)
    assert found.engine == "kokoro"


def test_a_pool_gains_what_processes_gain_over_threads_and_pays_its_start() -> None:
    # Measured in one process of 2 threads (2^0.75 threads' worth); 2 processes: 2^0.9.
    found = estimate(work(), {KOKORO: SLOW}, Setting("pool", 2), on_cores=2)
    assert found.seconds == pytest.approx(2 + 400 / 2**0.15 + 1.5 + 8 + 1.0)
    # More processes than cores gain nothing more.
    more = estimate(work(), {KOKORO: SLOW}, Setting("pool", 8), on_cores=2)
    assert more.seconds == pytest.approx(found.seconds)


def test_a_cluster_divides_speaking_and_encoding_among_its_workers() -> None:
    found = estimate(work(), {KOKORO: SLOW}, Setting("dask", 4), on_cores=2)
    assert found.seconds == pytest.approx(2 + 400 / 4 + 1.5 + 8 / 4)


def test_what_real_builds_observed_corrects_the_speaking_time_of_that_setting_only() -> None:
    seen = VoiceSpeed(rtf=1.0, per_word=0.4, load_s=2.0, observed={"inline": 1.5})
    assert estimate(work(), {KOKORO: seen}, Setting("inline"), on_cores=2).seconds == (
        pytest.approx((2 + 400) * 1.5 + 1.5 + 8))
    pool = estimate(work(), {KOKORO: seen}, Setting("pool", 2), on_cores=2)
    assert pool.seconds == pytest.approx(2 + 400 / 2**0.15 + 1.5 + 8 + 1.0)


def test_a_voice_measured_in_the_builds_setting_is_taken_as_measured() -> None:
    pooled = VoiceSpeed(rtf=0.9, per_word=0.4, load_s=2.0, setting="pool:2")
    found = estimate(work(), {KOKORO: pooled}, Setting("pool", 2), on_cores=2)
    assert found.seconds == pytest.approx(2 + 400 * 0.9 + 1.5 + 8 + 1.0)
    alone = estimate(work(), {KOKORO: pooled}, Setting("inline"), on_cores=2)
    assert alone.seconds == pytest.approx(2 + 400 * 0.9 * 2**0.15 + 1.5 + 8)


def test_nothing_to_speak_costs_only_the_encoding_of_rebuilt_episodes() -> None:
    found = estimate(work(words=0), {KOKORO: SLOW}, Setting("pool", 2), on_cores=2)
    assert found.audio_seconds == 0
    assert found.seconds == pytest.approx(1.5 + 8)  # no voice to load, no pool to start


def test_the_alternatives_are_the_other_settings() -> None:
    others = alternatives(work(), {KOKORO: SLOW}, Setting("pool", 2), on_cores=2)
    assert [other.setting.key for other in others] == ["inline", "dask:4"]
    single_core = alternatives(work(), {KOKORO: SLOW}, Setting("inline"), on_cores=1)
    assert [other.setting.key for other in single_core] == ["dask:4"]


def test_another_engine_speaks_the_same_words_with_its_default_voice() -> None:
    quoted = EngineSpec("kokoro", "bm_george", "en")
    both = Workload(("a.md",), (VoiceWork(KOKORO, 100, 5), VoiceWork(quoted, 20, 1)), 120)
    (piper,) = with_engine(both, "piper").voices
    assert (piper.spec, piper.words, piper.clips) == (EngineSpec("piper", None, "en"), 120, 6)


def test_the_setting_follows_the_runner_a_build_would_choose() -> None:
    assert setting_for(RunChoice(jobs=1), 500) == Setting("inline")
    assert setting_for(RunChoice(jobs=3), 500) == Setting("pool", 3)
    assert setting_for(RunChoice(jobs=3), 500).label() == "--jobs 3"
    assert setting_for(RunChoice(cluster="tcp://x:8786"), 5).runner == "dask"


def test_durations_read_as_a_person_says_them() -> None:
    assert [duration_text(s) for s in (42, 720, 7500)] == ["42 s", "12 min", "2 h 05 min"]


def test_measuring_a_voice_times_it_and_takes_its_pace_from_the_clips() -> None:
    # tones: 65 ms a character; "Alpha beta gamma delta." is 23 characters, 4 words.
    found = calibrate(EngineSpec("tones", None, "en"), ["Alpha beta gamma delta."])
    assert found.per_word == pytest.approx(23 * 0.065 / 4, rel=0.01)
    assert 0 < found.rtf < 1  # a sine tone is made far faster than it plays
    assert (found.observed, found.setting) == ({}, "inline")


def test_a_pool_is_measured_as_a_pool() -> None:
    texts = ["Alpha beta gamma delta.", "Epsilon zeta eta theta."]  # 23 characters each
    found = calibrate(EngineSpec("tones", None, "en"), texts, workers=2)
    assert found.setting == "pool:2"
    assert found.per_word == pytest.approx(2 * 23 * 0.065 / 8, rel=0.01)


def test_a_voice_that_cannot_speak_here_is_one_line() -> None:
    from reader.errors import UserError

    with pytest.raises(UserError, match=r"could not measure the voice 'piper' on this "
                       r"machine: .*/no/such/voice\.onnx"):
        calibrate(EngineSpec("piper", "/no/such/voice.onnx", "en"), ["Alpha beta."])


def test_the_record_is_kept_per_voice_and_cpu(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    SpeedBook(tmp_path).put(KOKORO, SLOW)
    assert SpeedBook(tmp_path).get(KOKORO) == SLOW
    assert SpeedBook(tmp_path).get(EngineSpec("kokoro", "bm_george", "en")) is None
    monkeypatch.setattr(speedmod, "cpu_model", lambda: "Another CPU")
    assert SpeedBook(tmp_path).get(KOKORO) is None  # another machine measures again


def test_an_unreadable_record_is_measured_again(tmp_path: Path) -> None:
    (tmp_path / speedmod.SPEED_FILE).write_text("{not json", encoding="utf-8")
    assert SpeedBook(tmp_path).get(KOKORO) is None


def test_a_real_build_updates_the_pace_and_the_observed_ratio(tmp_path: Path) -> None:
    book = SpeedBook(tmp_path)
    book.put(KOKORO, SLOW)
    record_build(book, KOKORO, "pool:2", predicted_s=100.0, wall_s=120.0, audio_s=300.0,
                 words=600)
    once = SpeedBook(tmp_path).get(KOKORO)
    assert once is not None
    assert once.observed == {"pool:2": pytest.approx(1.2)}
    assert once.per_word == pytest.approx((0.4 + 0.5) / 2)  # 300 s / 600 words, blended
    record_build(book, KOKORO, "pool:2", predicted_s=100.0, wall_s=80.0, audio_s=300.0,
                 words=600)
    twice = SpeedBook(tmp_path).get(KOKORO)
    assert twice is not None and twice.observed["pool:2"] == pytest.approx((1.2 + 0.8) / 2)


def test_a_short_or_wild_build_says_little_about_the_voice(tmp_path: Path) -> None:
    book = SpeedBook(tmp_path)
    book.put(KOKORO, SLOW)
    record_build(book, KOKORO, "inline", predicted_s=2.0, wall_s=9.0, audio_s=300.0, words=600)
    record_build(book, KOKORO, "inline", predicted_s=50.0, wall_s=60.0, audio_s=5.0, words=10)
    assert SpeedBook(tmp_path).get(KOKORO) == SLOW  # too little speaking to tell
    record_build(book, KOKORO, "inline", predicted_s=10.0, wall_s=1000.0, audio_s=30.0,
                 words=75)
    wild = SpeedBook(tmp_path).get(KOKORO)
    assert wild is not None and wild.observed["inline"] == speedmod.OBSERVED_RANGE[1]


def test_a_measured_start_up_replaces_the_assumed_one() -> None:
    found = estimate(work(), {KOKORO: SLOW}, Setting("inline"), on_cores=2, startup_s=4.0)
    assert found.seconds == pytest.approx(2 + 400 + 4.0 + 8)


def test_this_process_knows_how_long_it_has_run() -> None:
    from reader.run.machine import process_age

    age = process_age()
    assert age is not None and 0 < age < 24 * 3600


def test_a_measurement_speaks_a_sample_from_across_the_texts() -> None:
    from reader.run.speed import calibration_texts

    sentence = "one two three four five six seven eight nine ten"
    texts = ["Title. By Ann.", "Why."] + [sentence] * 18  # an opening, a heading, 180 words
    # About 30 words of 9.2-word pieces: 4 pieces, one from the middle of each fifth.
    assert calibration_texts(texts, words=30) == [sentence] * 4
    assert calibration_texts(["a b", "c"], words=30) == ["a b", "c"]


def test_a_fast_voice_is_measured_on_further_samples_from_across_the_texts() -> None:
    from reader.run.speed import calibration_rounds

    texts = [f"piece {index} " + "word " * 8 for index in range(200)]  # 10 words each
    # Four samples of about 30 words (3 pieces), each from every fourth piece (from the 1st,
    # the 2nd, ...): the middles of the thirds of those 50 are their 9th, 26th and 42nd.
    pieces = [int(text.split()[1]) for text in calibration_rounds(texts)]
    assert pieces == [32, 100, 164, 33, 101, 165, 34, 102, 166, 35, 103, 167]
    assert calibration_rounds(["a b", "c"]) == ["a b", "c"]  # too few to sample again


def test_while_a_voice_speaks_only_the_last_episode_is_encoded_after_it() -> None:
    four = Workload(("a.md", "b.md", "c.md", "d.md"), (VoiceWork(KOKORO, 1000, 50),), 1000)
    found = estimate(four, {KOKORO: SLOW}, Setting("inline"), on_cores=2)
    # 400 s of episodes in four: three are encoded while the voice speaks, and the last
    # one's 100 s x 0.02 after it.
    assert found.seconds == pytest.approx(2 + 400 + 1.5 + 8 / 4)
