"""Written English → spoken English: what a TTS engine would misread, spelled out.

Numbers are turned into words with num2words (years, ordinals, cardinals). The rules
that decide *which* reading a number gets (year, money, range, unit...) are regexes
applied in a fixed order, most specific first, because no maintained library does
context-dependent English number reading. Every rule works on whole tokens only, so
words that merely contain an abbreviation ("drôle", "first.") are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from num2words import num2words

from ..models import MONTH_NAMES
from . import Language
from .common import GLUED_ONLY
from .en_units import SPACED_ONLY, UNITS

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

_CHARACTERS = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "′": "'", "″": '"',
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2011": "-", "\u00ad": "",
        "…": "...", "÷": " divided by ", "±": " plus or minus ",
        "≈": " about ", "→": " to ", "½": " one half", "¼": " one quarter",
        "¾": " three quarters",
    }
)  # fmt: skip


def words(number: int) -> str:
    """Cardinal words without the commas num2words puts between groups."""
    return num2words(number).replace(",", "")


def year_words(number: int) -> str:
    """2009 → "two thousand nine", 2018 → "twenty eighteen", 1905 → "nineteen oh-five"."""
    return num2words(number, to="year").replace(" and ", " ").replace(",", "")


def ordinal_words(number: int) -> str:
    return num2words(number, to="ordinal").replace(",", "")


def decimal_words(text: str) -> str:
    """ "3.5" → "three point five"; digits after the point are read one by one."""
    whole, _, fraction = text.replace(",", "").partition(".")
    spoken = words(int(whole or "0"))
    if fraction:
        spoken += " point " + " ".join(words(int(d)) for d in fraction)
    return spoken


def number_words(text: str) -> str:
    """Any plain written number: "1,250", "3.5", "2018" (as a year), "007"."""
    plain = text.replace(",", "")
    if "." in plain:
        return decimal_words(plain)
    if len(plain) > 1 and plain.startswith("0"):
        return " ".join(words(int(d)) for d in plain)
    value = int(plain)
    if "," not in text and len(plain) == 4 and 1100 <= value <= 2099:
        return year_words(value)
    return words(value)


def _plural(count_text: str, singular: str, plural: str) -> str:
    try:
        one = Decimal(count_text.replace(",", "")) == 1
    except InvalidOperation:
        one = False
    return singular if one else plural


# --- abbreviations -----------------------------------------------------------------
# A table, because no maintained library expands English abbreviations for speech: pysbd
# only knows where they are (and still breaks after "approx.", "ca." and "Vol."), and text
# normalisers that do expand them (NeMo's, Festival's) bring grammar compilers and models.
# Each entry is (pattern, spoken, may end a sentence). Lookbehind (?<![\w.]) makes each a
# whole word: "Dr." never matches inside "drôle". Expanding them before the sentence
# splitter runs is what keeps it from breaking after them.
_SENTENCE_STARTERS = (
    "(?:A|An|And|As|At|But|He|Her|His|I|If|In|It|Its|My|On|Our|She|So|That|The|Their|Then"
    "|There|These|They|This|Those|We|When|You|Your)"
)
_ABBREVIATIONS: list[tuple[str, str, bool]] = [
    (r"e\.\s?g\.", "for example", False),
    (r"i\.\s?e\.", "that is", False),
    (r"vs\.?", "versus", False),
    (r"cf\.", "compare", False),
    (r"approx\.", "approximately", False),
    (r"(?:ca|c)\.(?=\s?\d)", "circa", False),
    (r"Dr\.", "Doctor", False),
    (r"Mr\.", "Mister", False),
    (r"Mrs\.", "Missus", False),
    (r"Ms\.", "Miz", False),
    (r"Prof\.", "Professor", False),
    (r"Jr\.", "Junior", True),
    (r"Sr\.", "Senior", True),
    # "St." before a name is Saint ("St. Andrews", "in St Ives"); otherwise, after a
    # word, Street ("Baker St., then", "on Baker St. Then we"): a capitalised word that
    # starts sentences, not names, tells the two apart.
    (rf"St\.?(?=\s+(?!{_SENTENCE_STARTERS}\b)[A-Z])", "Saint", False),
    (rf"Mt\.?(?=\s+(?!{_SENTENCE_STARTERS}\b)[A-Z])", "Mount", False),
    (r"(?<=[a-z]\s)St\.?(?=[\s,;:!?]|$)", "Street", True),
    (r"Mts\.?(?=\s+[A-Z])", "Mountains", False),
    (r"Ave\.", "Avenue", True),
    (r"Rd\.", "Road", True),
    (r"[Ff]igs\.?(?=\s?\d)", "figures", False),
    (r"[Ff]ig\.?(?=\s?\d)", "figure", False),
    (r"Vols?\.(?=\s?\d)", "volume", False),
    (r"vol\.(?=\s?\d)", "volume", False),
    (r"Nos\.(?=\s?\d)", "numbers", False),
    (r"[Nn]o\.(?=\s?\d)", "number", False),
    (r"pp\.(?=\s?\d)", "pages", False),
    (r"p\.(?=\s?\d)", "page", False),
    (r"[Cc]h\.(?=\s?\d)", "chapter", False),
    (r"[Ee]q\.(?=\s?\d)", "equation", False),
    (r"[Ss]ec\.(?=\s?\d)", "section", False),
]
_ABBREVIATION_RULES = [
    (re.compile(rf"(?<![\w.])(?:{pattern})(?!\w)(?P<end>(?=\s+[A-Z]|\s*$))?"), spoken, ends)
    for pattern, spoken, ends in _ABBREVIATIONS
]
# "etc." keeps its full stop only where it also ended the sentence.
_ETC_RE = re.compile(r"(?<![\w.])etc\.(?=(\s+[A-Z]|\s*$))|(?<![\w.])etc\.")


def _abbreviation(spoken: str, may_end_sentence: bool) -> Callable[[re.Match[str]], str]:
    """The expansion, keeping the full stop where the abbreviation also ended a sentence
    ("on Baker St. Then we" -> "on Baker Street. Then we")."""

    def expand(match: re.Match[str]) -> str:
        ended = may_end_sentence and match.group("end") is not None and match.group(0)[-1:] == "."
        # "Fig. 2 shows" starts a sentence: "Figure two shows".
        words = spoken[0].upper() + spoken[1:] if match.group(0)[0].isupper() else spoken
        return words + "." if ended else words

    return expand


def _etc(match: re.Match[str]) -> str:
    return "et cetera." if match.group(1) is not None else "et cetera"


# --- units (the table is en_units.py) ---------------------------------------------
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_UNIT_RE = re.compile(
    rf"(?<![\w.])(?P<a>\b[Aa]n? (?:{_NUMBER} by )?)?({_NUMBER})(?P<sep>[ -]?|\u00a0)"
    rf"({_UNIT_ALTERNATIVES})(?![\w/²³])"
)


def _unit(match: re.Match[str]) -> str:
    count, separator, unit = match.group(2), match.group("sep"), match.group(4)
    if (unit in SPACED_ONLY and not separator) or (unit in GLUED_ONLY and separator):
        return match.group(0)
    # "a 400 m cable", "a 2.5-t truck": a measure used as an adjective is singular.
    adjective = match.group("a") is not None or separator == "-"
    one, many = UNITS[unit]
    return f"{match.group('a') or ''}{count} {one if adjective else _plural(count, one, many)}"


# --- money -------------------------------------------------------------------------
_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
}
_MONEY_RE = re.compile(
    r"([$£€])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s?(thousand|million|billion|trillion|bn|[kKmM])\b)?"
)
_SCALE = {"k": "thousand", "m": "million", "bn": "billion"}


def _money(match: re.Match[str]) -> str:
    symbol, whole, cents, scale = match.groups()
    one, many, sub_one, sub_many = _CURRENCIES[symbol]
    if scale:
        amount = f"{whole}.{cents}" if cents else whole
        scale_word = _SCALE.get(scale.lower(), scale.lower())
        return f"{decimal_words(amount)} {scale_word} {many}"
    value = int(whole.replace(",", ""))
    hundredths = int(cents.ljust(2, "0")) if cents else 0
    spoken_cents = f"{words(hundredths)} {sub_one if hundredths == 1 else sub_many}"
    if value == 0 and hundredths:
        return spoken_cents  # "$0.25" is "twenty-five cents"
    spoken = f"{words(value)} {one if value == 1 else many}"
    return f"{spoken} and {spoken_cents}" if hundredths else spoken


# --- everything else numeric ---------------------------------------------------------
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RANGE_RE = re.compile(rf"(?<![\w.,])({_NUMBER})\s?[–—-]\s?(?=[$£€]?\d)")
_PERCENT_RE = re.compile(rf"({_NUMBER})\s?%")
_DECADE_RE = re.compile(r"(?<![\w'’])(\d{2})?(\d)0s\b|['’](\d)0s\b")
_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_TIME_RE = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_RATIO_RE = re.compile(r"\b(\d+):(\d+)\b")
_AM_PM_RE = re.compile(r"(?<=\d)\s?([ap])\.?m\.?(?![\w])", re.IGNORECASE)
_FRACTION_RE = re.compile(r"\b(\d+)/(\d+)\b")
_TIMES_RE = re.compile(r"\b(\d+(?:\.\d+)?)x\b")
_HASH_NUMBER_RE = re.compile(r"#(\d)")
_NUMBER_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+")
_DENOMINATORS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return match.group(0)
    return f"{MONTH_NAMES[month - 1]} {ordinal_words(day)}, {year_words(year)}"


def _decade(match: re.Match[str]) -> str:
    if match.group(3) is not None:  # '90s
        tens = words(int(match.group(3)) * 10)
        return tens[:-1] + "ies"
    century = match.group(1) or ""
    spoken = (
        year_words(int(f"{century}{match.group(2)}0"))
        if century
        else words(int(match.group(2)) * 10)
    )
    return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"


def _time(match: re.Match[str]) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 24 or minutes > 59:
        return match.group(0)
    if minutes == 0:
        return f"{words(hours)} o'clock"
    if minutes < 10:
        return f"{words(hours)} oh {words(minutes)}"
    return f"{words(hours)} {words(minutes)}"


def _fraction(match: re.Match[str]) -> str:
    top, bottom = int(match.group(1)), int(match.group(2))
    if (top, bottom) == (24, 7):
        return "twenty-four seven"
    if 2 <= bottom <= 10 and 0 < top < bottom:
        one, many = _DENOMINATORS.get(bottom, (ordinal_words(bottom), ordinal_words(bottom) + "s"))
        return f"{words(top)} {one if top == 1 else many}"
    return f"{words(top)} out of {words(bottom)}"


_VERSION_RE = re.compile(r"\b\d+(?:\.\d+){2,}\b")
_MINUS_RE = re.compile(r"(?<![\w.,])[-−](?=\d)")
_NUMBER_SIGN_RE = re.compile(r"(?<![\w.])No\.\s?(?=\d)")


def _version(match: re.Match[str]) -> str:
    return " point ".join(words(int(part)) for part in match.group(0).split("."))


_NUMERIC_RULES: list[Rule] = [
    (_ISO_DATE_RE, _iso_date),
    (_VERSION_RE, _version),
    (_RANGE_RE, lambda m: f"{m.group(1)} to "),
    (_MINUS_RE, lambda m: "minus "),
    (_NUMBER_SIGN_RE, lambda m: "number "),
    (_MONEY_RE, _money),
    (_PERCENT_RE, lambda m: f"{number_words(m.group(1))} percent"),
    (_UNIT_RE, _unit),
    (_DECADE_RE, _decade),
    (_ORDINAL_RE, lambda m: ordinal_words(int(m.group(1)))),
    (_AM_PM_RE, lambda m: f" {m.group(1).upper()} M"),
    (_TIME_RE, _time),
    (_RATIO_RE, lambda m: f"{words(int(m.group(1)))} to {words(int(m.group(2)))}"),
    (_FRACTION_RE, _fraction),
    (_TIMES_RE, lambda m: f"{number_words(m.group(1))} times"),
    (_HASH_NUMBER_RE, lambda m: f"number {m.group(1)}"),
    (_NUMBER_RE, lambda m: number_words(m.group(0))),
]

# --- symbols and leftover punctuation ----------------------------------------------------
_SYMBOL_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s*&\s*"), " and "),
    (re.compile(r"(?<=\s)@(?=\s)"), "at"),
    (re.compile(r"\s+\+\s+"), " plus "),
    (re.compile(r"\s+=\s+"), " equals "),
    (re.compile(r"%"), " percent"),
    (re.compile(r"\band/or\b"), "and or"),
    (re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])"), " or "),
    (re.compile(r"\s*/\s*"), " "),
    (re.compile(r"\s*[–—]\s*|\s+-\s+|\s*--\s*"), ", "),
    (re.compile(r"[*_`~^|#\\<>{}\[\]]"), " "),
    (re.compile(r"\.{4,}"), "..."),
    (re.compile(r"([,;:])(\s*[,;:])+"), r"\1"),
    (re.compile(r"^[,;:\s]+"), ""),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
]
_INITIALS_RE = re.compile(r"\b([A-Z])\.(?=[A-Z]\.)|(?<=\b[A-Z])\.(?=\s+[a-z])")


# --- symbols that read as words -------------------------------------------------------
# Applied before the numbers, since most of them sit next to one ("~30", "x2", "#1").
_PROSE_SYMBOL_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # An e-mail address is read out ("jane at example dot com"); URLs were removed earlier.
    (re.compile(r"(?<![\w.])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b"),
     lambda m: f"{m.group(1)} at {m.group(2)}".replace(".", " dot ")),
    (re.compile(r"(?<![\w@])@(?=\w)"), "at "),  # "@name", "meet @noon"
    (re.compile(r"(?<![\w~])~\s?(?=[$£€]?\d)"), "about "),
    # "2 x 4", "a 2 × 3 m net": dimensions; "2 × 3" alone is a product, read as "times".
    (re.compile(r"(?<=\d)\s?x\s?(?=\d)"), " by "),
    (re.compile(rf"(?<=\d)\s?×\s?(?={_NUMBER}\s?(?:{_UNIT_ALTERNATIVES})(?![\w/²³]))"), " by "),
    (re.compile(r"(?<![\w.])[x×](?=\d{1,3}\b)(?!86\b)"), "times "),  # "x2" (not "x86")
    (re.compile(r"\s*×\s*"), " times "),
    (re.compile(r"\b([A-G])#(?![\w#])"), r"\1 sharp"),  # "C#", "F#"
    (re.compile(r"(?<!\S)#(?=\s)"), "hash"),  # "press # to confirm"
    (re.compile(r"(?<=[A-Za-z])(?=\d)"), " "),  # "MP3", "x86", "H2O": the number on its own
]


def to_spoken(text: str) -> str:
    """Spoken English for one paragraph or heading. The result contains no digits."""
    text = text.translate(_CHARACTERS)
    for pattern, spoken, ends in _ABBREVIATION_RULES:
        text = pattern.sub(_abbreviation(spoken, ends), text)
    text = _ETC_RE.sub(_etc, text)
    text = _INITIALS_RE.sub(lambda m: f"{m.group(1)} " if m.group(1) else "", text)
    for pattern, replacement in _PROSE_SYMBOL_RULES:
        text = pattern.sub(replacement, text)
    for pattern, replace in _NUMERIC_RULES:
        text = pattern.sub(replace, text)
    for pattern, replacement in _SYMBOL_RULES:
        text = pattern.sub(replacement, text)
    return text.strip()


LANGUAGE = Language(
    code="en",
    name="English",
    to_spoken=to_spoken,
    segmenter="en",
    clause_words=("and", "but", "or", "so", "yet", "because", "which", "while", "although",
                  "though", "whereas", "where", "when"),
    cut_words=("and", "but", "or", "because", "which", "while", "although", "though",
               "whereas", "so that"),
)  # fmt: skip
