"""Written Spanish → spoken Spanish.

Numbers: num2words ("es"), with the forms a noun asks for: "un"/"veintiún" before a
masculine noun ("veintiún años"), "una"/"doscientas" before a feminine one ("doscientas
toneladas"), "uno"/"veintiuno" said alone. Decimals with a comma ("3,5" → "tres coma
cinco"), thousands with a dot or a space, "1.º"/"1.ª"/"1.er" ordinals, "3 de mayo de
2024", "a las 4", "12,50 €" ("doce euros con cincuenta céntimos"), "siglo XX".
Units, currencies and abbreviations are hand-written tables (num2words has no nouns; which
letters after a number are a unit is a decision about prose): each noun's gender is what
makes "una tonelada" and "un kilómetro".
"""

from __future__ import annotations

import re

from num2words import num2words

from . import Language
from .common import (
    MASCULINE_IN_A,
    ROMAN_RE,
    Currency,
    Noun,
    Rules,
    feminine_by_ending,
    make_to_spoken,
    roman,
)


def standalone(number: int) -> str:
    return str(num2words(number, lang="es"))


def cardinal(number: int, feminine: bool = False) -> str:
    """The form before a noun: "un", "veintiún", "ciento un" (masculine), "una",
    "veintiuna", "doscientas" (feminine)."""
    words = standalone(number)
    if feminine:
        words = re.sub(r"ientos\b(?! mill)", "ientas", words)
        return re.sub(r"(?:\b|(?<=veinti))uno$", "una", words)
    words = re.sub(r"veintiuno$", "veintiún", words)
    return re.sub(r"\buno$", "un", words)


def ordinal(number: int, feminine: bool = False) -> str:
    words = str(num2words(number, lang="es", to="ordinal"))
    return re.sub(r"o\b", "a", words) if feminine else words


def time(hours: int, minutes: int) -> str:
    spoken = cardinal(hours, True)  # "la una", "las veintiuna": la hora is feminine
    return f"{spoken} y {standalone(minutes)}" if minutes else f"{spoken} en punto"


def _count_noun(count: str, noun: str) -> str:
    """ "un millón de euros": a count ending in millón takes "de"."""
    return f"{count} de {noun}" if re.search(r"\bmill(?:ón|ones)$", count) else f"{count} {noun}"


_UNITS = {
    "km": Noun("kilómetro", "kilómetros"),
    "m": Noun("metro", "metros"),
    "cm": Noun("centímetro", "centímetros"),
    "mm": Noun("milímetro", "milímetros"),
    "km²": Noun("kilómetro cuadrado", "kilómetros cuadrados"),
    "m²": Noun("metro cuadrado", "metros cuadrados"),
    "m³": Noun("metro cúbico", "metros cúbicos"),
    "ha": Noun("hectárea", "hectáreas", feminine=True),
    "kg": Noun("kilo", "kilos"),  # what is said; "kilogramo" in a lab
    "g": Noun("gramo", "gramos"),
    "mg": Noun("miligramo", "miligramos"),
    "t": Noun("tonelada", "toneladas", feminine=True),
    "l": Noun("litro", "litros"),
    "L": Noun("litro", "litros"),
    "ml": Noun("mililitro", "mililitros"),
    "mL": Noun("mililitro", "mililitros"),
    "h": Noun("hora", "horas", feminine=True),
    "min": Noun("minuto", "minutos"),
    "s": Noun("segundo", "segundos"),
    "km/h": Noun("kilómetro por hora", "kilómetros por hora"),
    "°C": Noun("grado centígrado", "grados centígrados"),
    "°": Noun("grado", "grados"),
    "W": Noun("vatio", "vatios"),
    "kW": Noun("kilovatio", "kilovatios"),
    "kWh": Noun("kilovatio hora", "kilovatios hora"),
    "V": Noun("voltio", "voltios"),
    "MB": Noun("megabyte", "megabytes"),
    "GB": Noun("gigabyte", "gigabytes"),
    "kcal": Noun("kilocaloría", "kilocalorías", feminine=True),
    "ms": Noun("milisegundo", "milisegundos"),
    "KB": Noun("kilobyte", "kilobytes"),
    "kB": Noun("kilobyte", "kilobytes"),
    # Screens and style sheets: "600px", "2em", "100vh".
    "px": Noun("píxel", "píxeles"),
    "pt": Noun("punto", "puntos"),
    "em": Noun("em", "em"),
    "rem": Noun("rem", "rem"),
    "vh": Noun("por ciento del alto de la ventana", "por ciento del alto de la ventana"),
    "vw": Noun("por ciento del ancho de la ventana", "por ciento del ancho de la ventana"),
    "fps": Noun("fotograma por segundo", "fotogramas por segundo"),
    "dpi": Noun("punto por pulgada", "puntos por pulgada"),
}
_CURRENCIES = {
    "€": Currency(Noun("euro", "euros"), Noun("céntimo", "céntimos")),
    "EUR": Currency(Noun("euro", "euros"), Noun("céntimo", "céntimos")),
    "$": Currency(Noun("dólar", "dólares"), Noun("centavo", "centavos")),
    "US$": Currency(Noun("dólar", "dólares"), Noun("centavo", "centavos")),
    "£": Currency(Noun("libra", "libras", True), Noun("penique", "peniques")),
}
_MONTHS = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
           "diciembre").split()  # fmt: skip
_CAPITAL = "(?=\\s+[A-ZÁÉÍÓÚÑ])"
_ABBREVIATIONS = [
    (r"Sres\.", "señores"),
    (r"Srta\.", "señorita"),
    (r"Sra\.", "señora"),
    (r"Sr\.", "señor"),
    (r"Dña\.|Dª", "doña"),
    (rf"D\.{_CAPITAL}", "don"),
    (r"Dra\.", "doctora"),
    (r"Dr\.", "doctor"),
    (r"Profa\.", "profesora"),
    (r"Prof\.", "profesor"),
    (r"Uds\.", "ustedes"),
    (r"Ud\.", "usted"),
    (r"EE\. ?UU\.", "Estados Unidos"),
    (r"a\. ?C\.", "antes de Cristo"),
    (r"d\. ?C\.", "después de Cristo"),
    (r"p\. ?ej\.", "por ejemplo"),
    (r"[Aa]vda\.", "avenida"),
    (r"[Aa]prox\.", "aproximadamente"),
    (r"[Pp]ágs?\.(?=\s?\d)", "página"),
    (r"(?:[Nn]úm\.|[Nn]\.?º)\s?(?=\d)", "número "),
    (r"etc\.(?=\s+[A-ZÁÉÍÓÚÑ]|\s*$)", "etcétera."),
    (r"etc\.", "etcétera"),
]
# Nouns in -a, -ción, -dad, -tud and "vez" are feminine ("doscientas personas", "una
# vez"), but for the exceptions in common.MASCULINE_IN_A.
_RULES = Rules(
    cardinal=cardinal,
    standalone=standalone,
    ordinal=ordinal,
    year=standalone,  # "dos mil diecinueve", "mil novecientos noventa y ocho"
    time=time,
    decimal_word="coma",
    point_word="punto",
    percent="por ciento",
    minus="menos",
    range_word="a",
    and_word="y",
    or_word="o",
    plus_word="más",
    equals_word="igual a",
    by_word="por",
    about_word="unos",
    at_word="arroba",
    dot_word="punto",
    months=_MONTHS,
    date="{day} de {month} de {year}",
    first_day=None,  # "uno de mayo" in Spain ("primero" where written "1.º")
    currencies=_CURRENCIES,
    money="{units} con {cents} {cent}",
    units=_UNITS,
    ordinal_re=re.compile(r"(?<![\w.])(\d+)(\.?[ºª]|\.?er)(?![\w])"),
    ordinal_feminine=lambda suffix: suffix.endswith("ª"),
    abbreviations=_ABBREVIATIONS,
    fractions={(1, 2): "medio", (1, 3): "un tercio", (2, 3): "dos tercios",
               (1, 4): "un cuarto", (3, 4): "tres cuartos"},
    fraction="{top} sobre {bottom}",
    group_separators=".\u00a0\u202f\u2009 ",
    count_noun=_count_noun,
    feminine_noun=feminine_by_ending(
        ("a", "as", "ción", "ciones", "dad", "dades", "tud", "tudes", "vez", "veces"),
        MASCULINE_IN_A,
    ),
    extra=[
        # "1.er", "3.er": the short ordinals before a noun ("primer premio").
        (re.compile(r"(?<![\w.])([13])\.?er(?![\w])"),
         lambda m: "primer" if m[1] == "1" else "tercer"),
        # "a la 1", "las 21": hours are feminine ("la una", "las veintiuna").
        (re.compile(r"(?<=\b[Ll]a )1(?![\d:,.])"), "una"),
        (re.compile(r"(?<=\b[Ll]as )(\d{1,2})(?![\d:,.])"), lambda m: cardinal(int(m[1]), True)),
        # "siglo XXI", "Felipe VI": centuries and kings are said as cardinals.
        (re.compile(rf"(?<=\bsiglo )({ROMAN_RE})(?![\w])", re.IGNORECASE),
         lambda m: standalone(roman(m[1].upper()))),
    ],
)  # fmt: skip

LANGUAGE = Language(
    code="es",
    name="español",
    to_spoken=make_to_spoken(_RULES),
    code_note="Aquí se omite un fragmento de código.",
    table_note="Aquí se omite una tabla.",
    and_word=_RULES.and_word,  # one spelling: the normaliser's "&" and "/" say them too
    or_word=_RULES.or_word,
    segmenter="es",
    clause_words=("y", "pero", "o", "porque", "que", "mientras", "aunque", "cuando", "donde",
                  "sino"),
    cut_words=("y", "pero", "o", "porque", "mientras", "aunque", "sino"),
    voice=("kokoro", "ef_dora"),
)  # fmt: skip
