"""Written Italian → spoken Italian.

Numbers: num2words ("it"); "un"/"una" before a noun ("una tonnellata"), "uno" alone.
Decimals with a comma ("3,5" → "tre virgola cinque"), thousands with a dot, "1º"/"2ª"
ordinals, "1 maggio" said "primo maggio", "alle 16:30" ("sedici e trenta"), "12,50 €"
("dodici euro e cinquanta centesimi"), "XX secolo".
Units, currencies and abbreviations are hand-written tables (num2words has no nouns); each
noun's gender decides "un chilometro" / "una tonnellata".
"""

from __future__ import annotations

import re

from num2words import num2words

from . import Language
from .common import ROMAN_RE, Currency, Noun, Rules, feminine_by_ending, make_to_spoken, roman


def standalone(number: int) -> str:
    return str(num2words(number, lang="it"))


def cardinal(number: int, feminine: bool = False) -> str:
    if number == 1:
        return "una" if feminine else "un"
    return standalone(number)


def ordinal(number: int, feminine: bool = False) -> str:
    words = str(num2words(number, lang="it", to="ordinal"))
    return re.sub(r"o\b", "a", words) if feminine else words


def time(hours: int, minutes: int) -> str:
    spoken = "una" if hours == 1 else standalone(hours)
    return f"{spoken} e {standalone(minutes)}" if minutes else spoken


def _count_noun(count: str, noun: str) -> str:
    """ "un milione di euro": a count ending in milione or miliardo takes "di"."""
    big = re.search(r"\b(?:milion[ei]|miliard[oi])$", count)
    return f"{count} di {noun}" if big else f"{count} {noun}"


_UNITS = {
    "km": Noun("chilometro", "chilometri"),
    "m": Noun("metro", "metri"),
    "cm": Noun("centimetro", "centimetri"),
    "mm": Noun("millimetro", "millimetri"),
    "km²": Noun("chilometro quadrato", "chilometri quadrati"),
    "m²": Noun("metro quadrato", "metri quadrati"),
    "m³": Noun("metro cubo", "metri cubi"),
    "ha": Noun("ettaro", "ettari"),
    "kg": Noun("chilo", "chili"),  # what is said; "chilogrammo" in a lab
    "g": Noun("grammo", "grammi"),
    "mg": Noun("milligrammo", "milligrammi"),
    "t": Noun("tonnellata", "tonnellate", feminine=True),
    "l": Noun("litro", "litri"),
    "L": Noun("litro", "litri"),
    "ml": Noun("millilitro", "millilitri"),
    "mL": Noun("millilitro", "millilitri"),
    "h": Noun("ora", "ore", feminine=True),
    "min": Noun("minuto", "minuti"),
    "s": Noun("secondo", "secondi"),
    "km/h": Noun("chilometro orario", "chilometri orari"),
    "°C": Noun("grado centigrado", "gradi centigradi"),
    "°": Noun("grado", "gradi"),
    "W": Noun("watt", "watt"),
    "kW": Noun("kilowatt", "kilowatt"),
    "kWh": Noun("kilowattora", "kilowattora"),
    "V": Noun("volt", "volt"),
    "MB": Noun("megabyte", "megabyte"),
    "GB": Noun("gigabyte", "gigabyte"),
    "kcal": Noun("chilocaloria", "chilocalorie", feminine=True),
    "ms": Noun("millisecondo", "millisecondi"),
    "KB": Noun("kilobyte", "kilobyte"),
    "kB": Noun("kilobyte", "kilobyte"),
    # Screens and style sheets: "600px", "2em", "100vh" ("pixel" does not change).
    "px": Noun("pixel", "pixel"),
    "pt": Noun("punto", "punti"),
    "em": Noun("em", "em"),
    "rem": Noun("rem", "rem"),
    "vh": Noun("per cento dell'altezza della finestra", "per cento dell'altezza della finestra"),
    "vw": Noun("per cento della larghezza della finestra",
               "per cento della larghezza della finestra"),
    "fps": Noun("fotogramma al secondo", "fotogrammi al secondo"),
    "dpi": Noun("punto per pollice", "punti per pollice"),
}
_CURRENCIES = {
    "€": Currency(Noun("euro", "euro"), Noun("centesimo", "centesimi")),
    "EUR": Currency(Noun("euro", "euro"), Noun("centesimo", "centesimi")),
    "$": Currency(Noun("dollaro", "dollari"), Noun("centesimo", "centesimi")),
    "US$": Currency(Noun("dollaro", "dollari"), Noun("centesimo", "centesimi")),
    "£": Currency(Noun("sterlina", "sterline", True), Noun("penny", "pence")),
}
_MONTHS = ("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
           "novembre dicembre").split()  # fmt: skip
_ABBREVIATIONS = [
    (r"Sig\.ra", "signora"),
    (r"Sig\.na", "signorina"),
    (r"Sigg\.", "signori"),
    (r"Sig\.", "signor"),
    (r"Dott\.ssa", "dottoressa"),
    (r"Dott\.", "dottor"),
    (r"Prof\.ssa", "professoressa"),
    (r"Prof\.", "professor"),
    (r"Ing\.", "ingegner"),
    (r"Avv\.", "avvocato"),
    (r"Arch\.", "architetto"),
    (r"On\.", "onorevole"),
    (r"a\. ?C\.", "avanti Cristo"),
    (r"d\. ?C\.", "dopo Cristo"),
    (r"p\. ?es\.", "per esempio"),
    (r"[Pp]ag\.(?=\s?\d)", "pagina"),
    (r"(?:[Nn]r?\.|[Nn]º)\s?(?=\d)", "numero "),
    (r"ca\.(?=\s?\d)", "circa"),
    (r"S\.(?=\s+[A-Z])", "San"),
    (r"ecc\.(?=\s+[A-Z]|\s*$)", "eccetera."),
    (r"ecc\.", "eccetera"),
]
_RULES = Rules(
    cardinal=cardinal,
    standalone=standalone,
    ordinal=ordinal,
    year=standalone,  # "duemiladiciannove", "millenovecentonovantotto"
    time=time,
    decimal_word="virgola",
    point_word="punto",
    percent="per cento",
    minus="meno",
    range_word="a",
    and_word="e",
    or_word="o",
    plus_word="più",
    equals_word="uguale a",
    by_word="per",
    about_word="circa",
    at_word="chiocciola",
    dot_word="punto",
    months=_MONTHS,
    date="{day} {month} {year}",
    first_day="primo",  # "il primo maggio"
    currencies=_CURRENCIES,
    money="{units} e {cents} {cent}",
    units=_UNITS,
    ordinal_re=re.compile(r"(?<![\w.])(\d+)([ºª])(?![\w])"),
    ordinal_feminine=lambda suffix: suffix == "ª",
    abbreviations=_ABBREVIATIONS,
    fractions={(1, 2): "un mezzo", (1, 3): "un terzo", (2, 3): "due terzi",
               (1, 4): "un quarto", (3, 4): "tre quarti"},
    fraction="{top} su {bottom}",
    count_noun=_count_noun,
    # Only "un"/"una" agree in Italian: nouns in -a, -zione, -tà are feminine ("una
    # persona"), but for the usual masculine ones in -a.
    feminine_noun=feminine_by_ending(
        ("a", "zione", "tà"),
        frozenset({"problema", "sistema", "tema", "programma", "clima", "poeta", "pianeta",
                   "giorno"}),
    ),
    extra=[
        # "il XX secolo", "XIX sec.": a century in Roman numerals is an ordinal.
        (re.compile(rf"(?<![\w])({ROMAN_RE})(?= sec(?:olo|\.))"),
         lambda m: ordinal(roman(m[1]))),
        (re.compile(r"(?<=\w) sec\."), " secolo"),
    ],
)  # fmt: skip

LANGUAGE = Language(
    code="it",
    name="italiano",
    to_spoken=make_to_spoken(_RULES),
    code_note="Qui è omesso un frammento di codice.",
    table_note="Qui è omessa una tabella.",
    and_word=_RULES.and_word,  # one spelling: the normaliser's "&" and "/" say them too
    or_word=_RULES.or_word,
    segmenter="it",
    clause_words=("e", "ma", "o", "perché", "che", "mentre", "anche se", "quando", "dove"),
    cut_words=("e", "ma", "o", "perché", "mentre", "anche se"),
    voice=("kokoro", "if_sara"),
)  # fmt: skip
