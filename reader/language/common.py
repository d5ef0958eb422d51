"""The machinery the non-English languages share: a table of a language's words in, a
`to_spoken` out.

French, Spanish, Italian, Portuguese and Hindi write numbers, dates, money and units with
the same shapes (a decimal separator, groups of thousands, a symbol before or after an
amount, a unit after its count) and differ in words, genders and word order. A language
module fills `Rules` with its words and a few functions (its cardinals with gender, its
ordinals, how it tells the time) and gets its normaliser from `make_to_spoken`; what is
peculiar to one language stays in that module as `extra` rules, applied first.

Counting words come from num2words (indic-numtowords for Hindi); the tables here are what
no library holds: which letters after a number are a unit in prose, and each unit's and
currency's gender, which decides "une tonne" / "un kilomètre".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

Replacement = str | Callable[[re.Match[str]], str]
Rule = tuple[re.Pattern[str], Replacement]


@dataclass(frozen=True)
class Noun:
    """A unit or a currency as the language names it after a count."""

    one: str
    many: str
    feminine: bool = False


@dataclass(frozen=True)
class Currency:
    unit: Noun
    cent: Noun


@dataclass(frozen=True)
class Rules:
    # Words for numbers: (value, feminine) -> the form said before a noun of that gender.
    cardinal: Callable[[int, bool], str]
    ordinal: Callable[[int, bool], str]
    year: Callable[[int], str]
    time: Callable[[int, int], str]  # (hours, minutes) -> "quatorze heures trente"
    decimal_word: str  # said for the decimal separator: "virgule"
    point_word: str  # said for a dot between digits written the English way ("3.5", "1.2.3")
    percent: str
    minus: str
    range_word: str  # "10-12" -> "10 à 12"
    and_word: str
    or_word: str
    plus_word: str
    equals_word: str
    by_word: str  # "2 x 4": dimensions
    about_word: str  # "~30"
    at_word: str  # e-mail addresses: "claire arobase exemple point fr"
    dot_word: str
    months: Sequence[str]  # January first, lower case
    date: str  # an all-digit date "14/07/2021" as said: "{day} {month} {year}"
    first_day: str | None  # day 1 of a month when it is an ordinal ("premier"), else None
    currencies: Mapping[str, Currency]  # symbol -> names; "R$" and "US$" too
    money: str  # whole and cents: "{units} {cents}", "{units} con {cents} {cent}"
    units: Mapping[str, Noun]
    ordinal_re: re.Pattern[str]  # group 1: digits, group 2: the suffix
    ordinal_feminine: Callable[[str], bool]  # from the suffix: "re", "ª" -> True
    abbreviations: Sequence[tuple[str, str]] = ()  # (regex, spoken); whole words
    fractions: Mapping[tuple[int, int], str] = field(default_factory=dict)
    fraction: str = "{top} / {bottom}"  # any other fraction
    # Digits that group thousands ("1 250", "1.250") and the decimal separator.
    group_separators: str = ".\u00a0\u202f\u2009"
    decimal_separator: str = ","
    # A count below two keeps its noun singular ("1,5 kilomètre" in French).
    singular_below_two: bool = False
    # "un million d'euros": how a count that ends in a big number joins its noun.
    count_noun: Callable[[str, str], str] = lambda count, noun: f"{count} {noun}"
    # Whether a word after a number is a feminine noun ("duas pessoas"): a guess from its
    # ending where the language's endings tell (see `feminine_by_ending`).
    feminine_noun: Callable[[str], bool] = lambda word: False
    # A number said on its own ("tengo veintiuno"), where that differs from before a noun
    # ("veintiún años"); None: the masculine form before a noun.
    standalone: Callable[[int], str] | None = None
    extra: Sequence[Rule] = ()  # the language's own rules, applied before the shared ones
    characters: Mapping[str, str] = field(default_factory=dict)  # more characters to map


# Style-sheet units that are also words ("em" in Portuguese, "rem", "vh"): a unit only when
# written straight after the number, as a style sheet writes them ("2em", not "de 2 em 2").
GLUED_ONLY = frozenset({"em", "rem", "vh", "vw"})

_CHARACTERS = {
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
    "\u00ad": "", "\u2011": "-", "…": "...", "−": "-",
}  # fmt: skip
_SPACES = "\u00a0\u202f\u2009"


def make_to_spoken(rules: Rules) -> Callable[[str], str]:
    """The normaliser of one language: written paragraph -> spoken words, no digit left."""
    characters = str.maketrans({**_CHARACTERS, **rules.characters})
    numeric = _numeric_rules(rules)
    abbreviations = [
        # Whole words: "Dr" never matches inside "Drôle"; "St-" is followed by its name.
        (re.compile(rf"(?<![\w.])(?:{pattern})" + (r"(?![\w])" if _ends_word(pattern) else "")),
         spoken)
        for pattern, spoken in rules.abbreviations
    ]  # fmt: skip
    symbols = _symbol_rules(rules)

    def to_spoken(text: str) -> str:
        text = text.translate(characters)
        for pattern, spoken in abbreviations:
            text = pattern.sub(spoken, text)
        for pattern, replace in [*rules.extra, *numeric]:
            text = pattern.sub(replace, text)
        text = re.sub(f"[{_SPACES}]", " ", text)
        for pattern, replacement in symbols:
            text = pattern.sub(replacement, text)
        return text.strip()

    return to_spoken


def _ends_word(pattern: str) -> bool:
    """Whether an abbreviation's pattern ends in its last letter or full stop (then it must
    end a word), not in a lookahead or a hyphen ("St-" is followed by its name)."""
    return pattern[-1].isalnum() or pattern.endswith((r"\.", "?"))


# --- numbers -----------------------------------------------------------------------------


def number_pattern(rules: Rules) -> str:
    """A written number: "1 250", "1.250", "3,5", "3.5", "12"."""
    groups = re.escape(rules.group_separators)
    decimal = re.escape(rules.decimal_separator)
    point = "" if rules.decimal_separator == "." else r"|\d+\.\d+(?!\.?\d)"
    return (
        rf"(?:\d{{1,3}}(?:[{groups}]\d{{3}})+(?![\d])(?:{decimal}\d+)?|\d+{decimal}\d+{point}|\d+)"
    )


def split_number(text: str, rules: Rules) -> tuple[int, str, str]:
    """ "1 250,5" -> (1250, "5", decimal word); "3.5" in a comma language -> (3, "5", point)."""
    separator, word = rules.decimal_separator, rules.decimal_word
    if separator not in text and "." in text and "." not in rules.group_separators:
        separator, word = ".", rules.point_word
    elif (
        separator not in text
        and re.fullmatch(r"\d+\.\d+", text)
        and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text)
    ):
        separator, word = ".", rules.point_word
    whole, _, fraction = text.partition(separator)
    digits = "".join(ch for ch in whole if ch.isdigit())
    return int(digits or "0"), fraction, word


def fraction_words(fraction: str, rules: Rules) -> str:
    """The digits after the separator as people read them: "5" -> "cinq", "05" -> "zéro
    cinq", "14" -> "quatorze"; a long tail is read digit by digit."""
    zeros = len(fraction) - len(fraction.lstrip("0"))
    rest = fraction[zeros:]
    spoken = [rules.cardinal(0, False)] * zeros
    if rest and len(rest) <= 3:
        spoken.append(rules.cardinal(int(rest), False))
    else:
        spoken += [rules.cardinal(int(d), False) for d in rest]
    return " ".join(spoken)


def number_words(
    text: str, rules: Rules, *, feminine: bool = False, year: bool = True, alone: bool = False
) -> str:
    """Any written number in words: grouped, decimal, a year, digits with leading zeros.
    `alone`: said on its own, not before a noun."""
    whole, fraction, word = split_number(text, rules)
    if fraction:
        return f"{rules.cardinal(whole, feminine)} {word} {fraction_words(fraction, rules)}"
    if len(text) > 1 and text.startswith("0") and text.isdigit():
        return " ".join(rules.cardinal(int(d), False) for d in text)
    if year and text.isdigit() and len(text) == 4 and 1100 <= whole <= 2099:
        return rules.year(whole)
    if alone and rules.standalone is not None:
        return rules.standalone(whole)
    return rules.cardinal(whole, feminine)


def _count(text: str, noun: Noun, rules: Rules) -> str:
    """A count and its noun, agreeing: "une tonne", "deux virgule cinq kilomètres"."""
    whole, fraction, _ = split_number(text, rules)
    if fraction:
        value = float(f"{whole}.{fraction}")
        one = value < 2 if rules.singular_below_two else value == 1
    else:
        one = whole == 1
    words = number_words(text, rules, feminine=noun.feminine, year=False)
    return rules.count_noun(words, noun.one if one else noun.many)


def _alternatives(names: Sequence[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _numeric_rules(rules: Rules) -> list[Rule]:
    number = number_pattern(rules)
    months = "|".join(rules.months)
    units = _alternatives(list(rules.units))
    symbols = _alternatives(list(rules.currencies))

    def day_words(day: int) -> str:
        return rules.first_day if day == 1 and rules.first_day else rules.cardinal(day, False)

    def all_digit_date(day: int, month: int, year: int) -> str | None:
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return rules.date.format(
            day=day_words(day), month=rules.months[month - 1], year=rules.year(year)
        )

    def iso_date(m: re.Match[str]) -> str:
        return all_digit_date(int(m[3]), int(m[2]), int(m[1])) or m[0]

    def slash_date(m: re.Match[str]) -> str:
        year = int(m[4]) if len(m[4]) == 4 else 2000 + int(m[4])
        return all_digit_date(int(m[1]), int(m[3]), year) or m[0]

    def money(m: re.Match[str]) -> str:
        symbol = m["before"] or m["after"]
        amount = m["amount"]
        currency = rules.currencies[symbol]
        whole, fraction, _ = split_number(amount, rules)
        if not fraction or len(fraction) > 2:
            return _count(amount, currency.unit, rules)
        cents = int(fraction.ljust(2, "0"))
        if whole == 0:
            return _count(str(cents), currency.cent, rules)
        units = _count(str(whole), currency.unit, rules)
        cent_name = currency.cent.one if cents == 1 else currency.cent.many
        return rules.money.format(
            units=units, cents=rules.cardinal(cents, currency.cent.feminine), cent=cent_name
        )

    def unit(m: re.Match[str]) -> str:
        if m["unit"] in GLUED_ONLY and m["space"]:
            return m[0]
        return _count(m["count"], rules.units[m["unit"]], rules)

    def time(m: re.Match[str]) -> str:
        hours, minutes = int(m[1]), int(m[2])
        return rules.time(hours, minutes) if hours <= 24 and minutes <= 59 else m[0]

    def fraction(m: re.Match[str]) -> str:
        top, bottom = int(m[1]), int(m[2])
        if (top, bottom) in rules.fractions:
            return rules.fractions[top, bottom]
        return rules.fraction.format(
            top=rules.cardinal(top, False), bottom=rules.cardinal(bottom, False)
        )

    def version(m: re.Match[str]) -> str:
        return f" {rules.point_word} ".join(rules.cardinal(int(p), False) for p in m[0].split("."))

    def ordinal(m: re.Match[str]) -> str:
        return rules.ordinal(int(m[1]), rules.ordinal_feminine(m[2]))

    def day(m: re.Match[str]) -> str:
        return rules.ordinal(int(m[1]), False) if m[2] else day_words(int(m[1]))

    amount = rf"(?P<amount>{number})"
    return [
        *_prose_symbols(rules),
        (re.compile(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w/-]|\.\d)"), iso_date),
        (re.compile(r"(?<![\w/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w/]|\.\d)"),
         slash_date),
        (re.compile(r"(?<![\w.])(?!\d{1,3}(?:\.\d{3})+(?![\w.]|\.\d))\d+(?:\.\d+){2,}(?![\w.])"),
         version),
        # "10-12", "1939–1945": a range, the dash said as the language says "to".
        (re.compile(rf"(?<![\w.,])({number})\s?[–—-]\s?(?=\d)"),
         lambda m: f"{m[1]} {rules.range_word} "),
        (re.compile(r"(?<![\w.,])-(?=\d)"), f"{rules.minus} "),
        (re.compile(rf"(?<![\w])(?P<before>{symbols})\s?{amount}(?P<after>)(?![\d])"), money),
        (re.compile(rf"(?P<before>){amount}\s?(?P<after>{symbols})(?![\w])"), money),
        (re.compile(rf"({number})\s?%"),
         lambda m: f"{number_words(m[1], rules, year=False, alone=True)} {rules.percent}"),
        (re.compile(rf"(?<![\w.])(\d{{1,2}})({_ORDINAL_SUFFIX})?(?=\s+(?:de\s+)?(?:{months})\b)",
                    re.IGNORECASE), day),
        (rules.ordinal_re, ordinal),
        (re.compile(r"(?<![\w.])(\d{1,2}):(\d{2})(?![\d])"), time),
        (re.compile(rf"(?<![\w.])(?P<count>{number})(?P<space>[ \u00a0\u202f]?)"
                    rf"(?P<unit>{units})(?![\w/²³'])"), unit),
        (re.compile(r"(?<![\w/])(\d+)/(\d+)(?![\w/])"), fraction),
        # Before a word ("21 años", "200 mil pessoas") the form its noun takes, else the
        # number said alone ("tengo veintiuno").
        (re.compile(rf"(?<![\w]){number}(?=(?:\s+mil)?\s+(?P<noun>[^\W\d_]{{3,}}))?"),
         lambda m: number_words(
             m[0], rules, alone=m["noun"] is None,
             feminine=m["noun"] is not None and rules.feminine_noun(m["noun"]),
         )),
        (re.compile(r"\d+"), lambda m: number_words(m[0], rules)),  # inside a word: "_3"
    ]  # fmt: skip


# "1er juillet", "1.º de mayo", "1º de maio": the first of a month, written as an ordinal.
_ORDINAL_SUFFIX = r"er|re|º|ª|\.º|\.ª|°"


# --- symbols --------------------------------------------------------------------------------


def _symbol_rules(rules: Rules) -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(r"\s*&\s*"), f" {rules.and_word} "),
        (re.compile(r"\s+\+\s+"), f" {rules.plus_word} "),
        (re.compile(r"\s+=\s+"), f" {rules.equals_word} "),
        (re.compile(r"%"), f" {rules.percent}"),
        (re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])"), f" {rules.or_word} "),
        (re.compile(r"\s*/\s*"), " "),
        (re.compile(r"\s*[–—]\s*|\s+-\s+|\s*--\s*"), ", "),
        (re.compile(r"[*_`~^|#\\<>{}\[\]€$£¥₹²³°]"), " "),
        (re.compile(r"\.{4,}"), "..."),
        (re.compile(r"([,;:])(\s*[,;:])+"), r"\1"),
        (re.compile(r"^[,;:\s]+"), ""),
        (re.compile(r"\s+([,.;:!?।])"), r"\1"),
        (re.compile(r"\s{2,}"), " "),
    ]


def _prose_symbols(rules: Rules) -> list[Rule]:
    """Symbols that read as words, before the numbers: e-mail addresses, "~30", "2 x 4",
    "MP3" (the number on its own)."""
    return [
        (re.compile(r"(?<![\w.])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b"),
         lambda m: f"{m[1]} {rules.at_word} {m[2]}".replace(".", f" {rules.dot_word} ")),
        (re.compile(r"(?<![\w~])~\s?(?=\d)"), f"{rules.about_word} "),
        (re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)"), f" {rules.by_word} "),
        (re.compile(r"(?<=[^\W\d_])(?=\d)"), " "),
    ]  # fmt: skip


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Centuries and kings' numbers up to 39 (I, V and X only: "Le", "Ce", "Di" are words).
ROMAN_RE = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"


def roman(text: str) -> int:
    """ "XIX" -> 19 (a century or a king's number, written in Roman numerals)."""
    values = [_ROMAN[ch] for ch in text]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


# Spanish and Portuguese nouns in -a that are masculine nonetheless (both languages'
# spellings in one set: they share most of them, and a word of one never means a
# feminine noun in the other).
MASCULINE_IN_A = frozenset({
    "dia", "dias", "día", "días", "mapa", "mapas", "problema", "problemas", "sistema",
    "sistemas", "tema", "temas", "programa", "programas", "clima", "idioma", "idiomas",
    "planeta", "planetas", "poeta", "poetas", "cometa", "drama", "dramas", "esquema",
    "dilema", "diploma", "pijama", "telefonema", "panorama", "fantasma", "fantasmas",
    "mil", "milhões", "millones", "quilômetros", "kilómetros"
})  # fmt: skip


def feminine_by_ending(
    endings: tuple[str, ...], masculine: frozenset[str]
) -> Callable[[str], bool]:
    """A guess at a noun's gender from its ending ("-a", "-ção", "-dad"), with the common
    masculine exceptions ("dia", "problema"): right for most nouns counted in prose. A
    language's gender is a property of each word; no maintained package has the lists."""

    def feminine(word: str) -> bool:
        word = word.lower()
        return word.endswith(endings) and word not in masculine

    return feminine
