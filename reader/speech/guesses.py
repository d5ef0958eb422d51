"""`reader words`: the words a voice will have to guess, and how it will say them.

A voice reads common words from its dictionary; a rare word or a name it spells out from
letter-to-sound rules, and that is where "Klimecki" becomes "KLIME-kee". Whether espeak-ng
(the phonemiser of Kokoro and Piper) has a word in its dictionary is not something either
bridge tells, so rarity stands in for it: wordfreq's Zipf frequency (a well-kept, offline word
frequency list) below RARE_BELOW for any word, and below NAME_RARE_BELOW for a word never
written in lowercase (a name: espeak's dictionary has few names, so fairly common ones are
guessed too).

Each word comes with its phonemes as the voice receives them (after the lexicon), and
optionally a WAV of the voice saying it; `append_stubs` adds commented lines to
lexicon.toml for the author to fill in.
"""

from __future__ import annotations

import re
import wave
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import safe_join, write_text_atomic
from ..models import Script
from .engines.base import Engine
from .lexicon import Lexicon

RARE_BELOW = 3.0  # Zipf: about once per million words
NAME_RARE_BELOW = 3.5  # about three times per million words

# Letters with inner apostrophes or hyphens; digits never occur in a script.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True)
class GuessedWord:
    word: str  # as written most often (a name keeps its capital)
    count: int  # times it is spoken across the articles
    zipf: float  # wordfreq's frequency, 0 when unknown
    phonemes: str | None  # what the voice receives for it; None when the engine has no phonemes
    articles: tuple[str, ...]  # slugs of the articles that speak it
    lang: str = "en"  # the language it is spoken in (primary subtag)


def words_to_check(
    scripts: Iterable[Script],
    engine: Engine | Callable[[str], Engine],
    lexicon: Lexicon,
    *,
    rare_below: float = RARE_BELOW,
    name_rare_below: float = NAME_RARE_BELOW,
) -> list[GuessedWord]:
    """Every rare word and name in `scripts` that the lexicon does not already cover, most
    frequent first (then rarest first). Rarity is measured in each article's language
    (wordfreq has French, Spanish, Italian, Portuguese, Hindi...); `engine` is the voice,
    or a function giving the voice of a language (its primary subtag)."""
    from wordfreq import zipf_frequency

    from ..language import primary

    def speaker(lang: str) -> Engine:
        return engine if isinstance(engine, Engine) else engine(lang)

    counts: Counter[tuple[str, str]] = Counter()
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for script in scripts:
        lang = primary(script.meta.lang) or "en"
        for text in _spoken_texts(script):
            for word in _words(text):
                key = (lang, word.lower())
                counts[key] += 1
                spellings[key][word] += 1
                where[key].add(script.meta.slug)
    found = []
    for key, count in counts.items():
        lang, lower = key
        word = spellings[key].most_common(1)[0][0]
        voice = speaker(lang)
        if lexicon.apply(word, speaks_ipa=voice.speaks_ipa) != word:
            continue  # the author has already said how
        is_name = spellings[key][lower] == 0  # never written in lowercase
        forms = _forms(lower) if lang == "en" else {lower}  # English suffixes only
        zipf = max(zipf_frequency(form, lang) for form in forms)
        if zipf >= (name_rare_below if is_name else rare_below):
            continue
        phonemes = voice.phonemes(word)
        found.append(
            GuessedWord(word, count, zipf, phonemes, tuple(sorted(where[key])), lang)
        )
    return sorted(found, key=lambda w: (-w.count, w.zipf, w.word.lower()))


def _spoken_texts(script: Script) -> Iterable[str]:
    yield from script.opening
    for section in script.sections:
        if section.spoken_title:
            yield section.spoken_title
        yield from section.sentences


# An inflected form is rarer than its stem, but espeak-ng reads it from the stem's entry
# and its suffix rules: "commas", "dimmed" and "noisiest" are not guesses.
_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("iest", "y"), ("ier", "y"), ("es", ""), ("s", ""),
    ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("est", ""), ("er", ""), ("ly", ""),
)  # fmt: skip


def _forms(word: str) -> set[str]:
    """The word and the stems it may be inflected from ("dimmed" -> "dimm", "dim", ...)."""
    forms = {word}
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + replacement
            forms.add(stem)
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # a doubled consonant: "dimmed" -> "dim"
    return forms


def _words(text: str) -> list[str]:
    return [_POSSESSIVE_RE.sub("", word) for word in _WORD_RE.findall(text)]


def write_samples(words: Iterable[GuessedWord], engine: Engine | Callable[[str], Engine],
                  lexicon: Lexicon, folder: Path) -> list[Path]:  # fmt: skip
    """One WAV per word, the voice saying it as it will in the episode."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for word in words:
        voice = engine if isinstance(engine, Engine) else engine(word.lang)
        clip = voice.synthesize(lexicon.apply(word.word, speaks_ipa=voice.speaks_ipa))
        path = safe_join(folder, f"{word.word}.wav")
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(clip.sample_rate)
            out.writeframes(clip.samples.astype("<i2").tobytes())
        written.append(path)
    return written


STUB_HEADER = (
    "\n# Added by `reader words`: each word as the voice guesses it now. To fix one, write how\n"
    "# it should sound (IPA, e.g. Klimecki = \"klɪˈmɛtski\") and remove the leading #.\n"
)
_STUB_RE = re.compile(r"^\s*#?\s*\"?([^\s=\"]+)\"?\s*=", re.MULTILINE)


def append_stubs(path: Path, words: Iterable[GuessedWord]) -> list[str]:
    """Add a commented `[ipa]` line for each word not yet in `path` (as an entry or a stub);
    returns the words added. The file stays valid TOML: the lines go into its [ipa] table."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {match.group(1) for match in _STUB_RE.finditer(text)}
    new = [w for w in words if w.word not in present]
    if not new:
        return []
    lines = [
        f'# {_toml_key(w.word)} = "{w.phonemes or ""}"  # {w.count}x in {", ".join(w.articles)}'
        for w in new
    ]
    write_text_atomic(path, _into_ipa_table(text, STUB_HEADER + "\n".join(lines) + "\n"))
    return [w.word for w in new]


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else f'"{word}"'


def _into_ipa_table(text: str, block: str) -> str:
    """`block` at the end of the [ipa] table (appending the table when there is none)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*\[ipa\]\s*(#.*)?$", line)]
    if not starts:
        return text + ("" if not text or text.endswith("\n") else "\n") + "\n[ipa]" + block
    after = starts[0] + 1
    end = next(
        (i for i in range(after, len(lines)) if re.match(r"^\s*\[", lines[i])), len(lines)
    )
    head = "".join(lines[:end])
    if head and not head.endswith("\n"):
        head += "\n"
    return head + block + "".join(lines[end:])
