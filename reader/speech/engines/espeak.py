"""espeak-ng: many languages, robotic, when the `espeak-ng` program is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

import numpy as np

from ...errors import EngineError
from ..clip import Clip
from .base import Engine, EngineInfo

PROGRAM = "espeak-ng"
NOT_INSTALLED = (
    "espeak: the espeak-ng program is not installed "
    "(e.g. `apt install espeak-ng`); or use --engine piper"
)


def _program() -> str | None:
    return shutil.which(PROGRAM)


class EspeakEngine(Engine):
    name = "espeak"
    # espeak-ng's "[[ ]]" input is in its own phoneme mnemonics, not IPA: use respellings.
    speaks_ipa = False

    def __init__(self, voice: str | None = None, lang: str | None = None) -> None:
        self.voice = voice or lang or "en"

    def identity(self) -> dict[str, str]:
        return {"engine": self.name, "voice": self.voice, "version": _version()}

    def synthesize(self, text: str) -> Clip:
        program = _program()
        if program is None:
            raise EngineError(NOT_INSTALLED)
        try:
            result = subprocess.run(  # noqa: S603 - list arguments, no shell
                [program, "-v", self.voice, "--stdout", "--", text],
                capture_output=True,
                timeout=60,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise EngineError(
                f"espeak: voice {self.voice!r} failed ({message[-1] if message else exc}); "
                "see `reader voices`"
            ) from exc
        with wave.open(io.BytesIO(result.stdout), "rb") as source:
            frames = source.readframes(source.getnframes())
            return Clip(
                samples=np.frombuffer(frames, dtype="<i2").astype(np.int16),
                sample_rate=source.getframerate(),
            )

    @classmethod
    def describe(cls) -> EngineInfo:
        program = _program()
        if program is None:
            return EngineInfo(cls.name, (), (), False, "not installed (apt install espeak-ng)")
        languages = _languages(program)
        return EngineInfo(
            name=cls.name,
            voices=("one per language: --voice <language>, e.g. en, en-gb, de",),
            languages=languages,
            works_here=True,
            status=f"installed ({_version()}), works offline",
        )


def _version() -> str:
    program = _program()
    if program is None:
        return "missing"
    result = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, timeout=10, check=False
    )
    return result.stdout.strip().split(" ")[3] if result.stdout.count(" ") >= 3 else "unknown"


def _languages(program: str) -> tuple[str, ...]:
    result = subprocess.run(  # noqa: S603
        [program, "--voices"], capture_output=True, text=True, timeout=10, check=False
    )
    # Lines: "Pty Language Age/Gender VoiceName File Other Languages"
    return tuple(line.split()[1] for line in result.stdout.splitlines()[1:] if line.split())
