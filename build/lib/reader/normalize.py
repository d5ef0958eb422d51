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

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

_CHARACTERS = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "′": "'", "″": '"',
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2011": "-", "\u00ad": "",
        "…": "...", "×": " times ", "÷": " divided by ", "±": " plus or minus ",
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
# Lookbehind (?<![\w.]) makes each a whole word: "Dr." never matches inside "drôle".
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"e\.\s?g\.", "for example"),
    (r"i\.\s?e\.", "that is"),
    (r"vs\.?", "versus"),
    (r"cf\.", "compare"),
    (r"approx\.", "approximately"),
    (r"Dr\.", "Doctor"),
    (r"Mr\.", "Mister"),
    (r"Mrs\.", "Missus"),
    (r"Ms\.", "Miz"),
    (r"Prof\.", "Professor"),
    (r"Jr\.", "Junior"),
    (r"Sr\.", "Senior"),
]
_ABBREVIATION_RULES = [
    (re.compile(rf"(?<![\w.]){pattern}(?!\w)"), spoken) for pattern, spoken in _ABBREVIATIONS
]
# "etc." keeps its full stop only where it also ended the sentence.
_ETC_RE = re.compile(r"(?<![\w.])etc\.(?=(\s+[A-Z]|\s*$))|(?<![\w.])etc\.")


def _etc(match: re.Match[str]) -> str:
    return "et cetera." if match.group(1) is not None else "et cetera"


# --- units -------------------------------------------------------------------------
_UNITS: dict[str, tuple[str, str]] = {
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "km": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "ml": ("milliliter", "milliliters"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "Hz": ("hertz", "hertz"),
    "dB": ("decibel", "decibels"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "ms": ("millisecond", "milliseconds"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT_RE = re.compile(
    rf"(?<![\w.])({_NUMBER})\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w/])"
)


def _unit(match: re.Match[str]) -> str:
    count, unit = match.group(1), match.group(2)
    return f"{count} {_plural(count, *_UNITS[unit])}"


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
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
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
    return f"{_MONTHS[month - 1]} {ordinal_words(day)}, {year_words(year)}"


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


def to_spoken(text: str) -> str:
    """Spoken English for one paragraph or heading. The result contains no digits."""
    text = text.translate(_CHARACTERS)
    for pattern, spoken in _ABBREVIATION_RULES:
        text = pattern.sub(spoken, text)
    text = _ETC_RE.sub(_etc, text)
    text = _INITIALS_RE.sub(lambda m: f"{m.group(1)} " if m.group(1) else "", text)
    for pattern, replace in _NUMERIC_RULES:
        text = pattern.sub(replace, text)
    for pattern, replacement in _SYMBOL_RULES:
        text = pattern.sub(replacement, text)
    return text.strip()
