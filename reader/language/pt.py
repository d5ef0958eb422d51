"""Written Brazilian Portuguese → spoken Portuguese.

Numbers: num2words ("pt_BR"), with the feminine forms a noun asks for ("uma hora", "duas
toneladas", "duzentas pessoas"). Decimals with a comma ("3,5" → "três vírgula cinco"),
thousands with a dot, "1º"/"2ª" ordinals, "1º de maio" ("primeiro de maio"), "16h30"
("dezesseis horas e trinta minutos"), "R$ 12,50" ("doze reais e cinquenta centavos"),
"século XX" ("século vinte"); a count below two keeps its noun singular ("1,5 quilômetro").
Units, currencies and abbreviations are hand-written tables (num2words has no nouns).
European Portuguese ("pt-PT") is read with the same rules: its numbers are the same words.
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

_FEMININE = [(r"\bum$", "uma"), (r"\bdois$", "duas"), (r"entos\b(?! mil[hb])", "entas")]


def cardinal(number: int, feminine: bool = False) -> str:
    # num2words writes "mil, duzentos e cinquenta": Portuguese says it without the pause.
    words = str(num2words(number, lang="pt_BR")).replace(",", "")
    if feminine:
        for pattern, replacement in _FEMININE:
            words = re.sub(pattern, replacement, words)
    return words


def ordinal(number: int, feminine: bool = False) -> str:
    words = str(num2words(number, lang="pt_BR", to="ordinal")).replace(",", "")
    return re.sub(r"o\b", "a", words) if feminine else words


def time(hours: int, minutes: int) -> str:
    spoken = f"{cardinal(hours, True)} {'hora' if hours == 1 else 'horas'}"
    if not minutes:
        return spoken
    return f"{spoken} e {cardinal(minutes)} {'minuto' if minutes == 1 else 'minutos'}"


def _count_noun(count: str, noun: str) -> str:
    """ "um milhão de reais": a count ending in milhão or bilhão takes "de"."""
    big = re.search(r"\b(?:milh|bilh|trilh)(?:ão|ões)$", count)
    return f"{count} de {noun}" if big else f"{count} {noun}"


_UNITS = {
    "km": Noun("quilômetro", "quilômetros"),
    "m": Noun("metro", "metros"),
    "cm": Noun("centímetro", "centímetros"),
    "mm": Noun("milímetro", "milímetros"),
    "km²": Noun("quilômetro quadrado", "quilômetros quadrados"),
    "m²": Noun("metro quadrado", "metros quadrados"),
    "m³": Noun("metro cúbico", "metros cúbicos"),
    "ha": Noun("hectare", "hectares"),
    "kg": Noun("quilo", "quilos"),  # what is said; "quilograma" in a lab
    "g": Noun("grama", "gramas"),  # masculine: "duzentos gramas"
    "mg": Noun("miligrama", "miligramas"),
    "t": Noun("tonelada", "toneladas", feminine=True),
    "l": Noun("litro", "litros"),
    "L": Noun("litro", "litros"),
    "ml": Noun("mililitro", "mililitros"),
    "mL": Noun("mililitro", "mililitros"),
    "h": Noun("hora", "horas", feminine=True),
    "min": Noun("minuto", "minutos"),
    "s": Noun("segundo", "segundos"),
    "km/h": Noun("quilômetro por hora", "quilômetros por hora"),
    "°C": Noun("grau Celsius", "graus Celsius"),
    "°": Noun("grau", "graus"),
    "W": Noun("watt", "watts"),
    "kW": Noun("quilowatt", "quilowatts"),
    "kWh": Noun("quilowatt-hora", "quilowatts-hora"),
    "V": Noun("volt", "volts"),
    "MB": Noun("megabyte", "megabytes"),
    "GB": Noun("gigabyte", "gigabytes"),
    "kcal": Noun("quilocaloria", "quilocalorias", feminine=True),
    "ms": Noun("milissegundo", "milissegundos"),
    "KB": Noun("kilobyte", "kilobytes"),
    "kB": Noun("kilobyte", "kilobytes"),
    # Screens and style sheets: "600px", "2em", "100vh".
    "px": Noun("pixel", "pixels"),
    "pt": Noun("ponto", "pontos"),
    "em": Noun("em", "em"),
    "rem": Noun("rem", "rem"),
    "vh": Noun("por cento da altura da janela", "por cento da altura da janela"),
    "vw": Noun("por cento da largura da janela", "por cento da largura da janela"),
    "fps": Noun("quadro por segundo", "quadros por segundo"),
    "dpi": Noun("ponto por polegada", "pontos por polegada"),
}
_CENTAVO = Noun("centavo", "centavos")
_CURRENCIES = {
    "R$": Currency(Noun("real", "reais"), _CENTAVO),
    "€": Currency(Noun("euro", "euros"), _CENTAVO),
    "EUR": Currency(Noun("euro", "euros"), _CENTAVO),
    "US$": Currency(Noun("dólar", "dólares"), _CENTAVO),
    "$": Currency(Noun("dólar", "dólares"), _CENTAVO),
    "£": Currency(Noun("libra", "libras", True), Noun("pêni", "pence")),
}
_MONTHS = ("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
           "dezembro").split()  # fmt: skip
_ABBREVIATIONS = [
    (r"Srta\.", "senhorita"),
    (r"Sra\.", "senhora"),
    (r"Sr\.", "senhor"),
    (r"Dra\.", "doutora"),
    (r"Dr\.", "doutor"),
    (r"Profa\.", "professora"),
    (r"Prof\.", "professor"),
    (r"Sto\.", "Santo"),
    (r"Sta\.", "Santa"),
    (r"S\.(?=\s+[A-Z])", "São"),
    (r"Av\.(?=\s+[A-Z])", "Avenida"),
    (r"R\.(?=\s+[A-Z])", "Rua"),
    (r"a\. ?C\.", "antes de Cristo"),
    (r"d\. ?C\.", "depois de Cristo"),
    (r"p\. ?ex\.", "por exemplo"),
    (r"[Aa]prox\.", "aproximadamente"),
    (r"[Pp]ágs?\.(?=\s?\d)", "página"),
    (r"[Nn]\.?[º°]\s?(?=\d)", "número "),
    (r"Ltda\.", "limitada"),
    (r"etc\.(?=\s+[A-ZÁÉÍÓÚ]|\s*$)", "etcétera."),
    (r"etc\.", "etcétera"),
]
# Nouns in -a, -ção, -dade, -agem and "vez" are feminine ("duas pessoas", "duzentas
# vezes"), but for the exceptions in common.MASCULINE_IN_A.
_RULES = Rules(
    cardinal=cardinal,
    ordinal=ordinal,
    year=cardinal,  # "dois mil e dezenove", "mil novecentos e noventa e oito"
    time=time,
    decimal_word="vírgula",
    point_word="ponto",
    percent="por cento",
    minus="menos",
    range_word="a",
    and_word="e",
    or_word="ou",
    plus_word="mais",
    equals_word="igual a",
    by_word="por",
    about_word="cerca de",
    at_word="arroba",
    dot_word="ponto",
    months=_MONTHS,
    date="{day} de {month} de {year}",
    first_day="primeiro",  # "primeiro de maio"
    currencies=_CURRENCIES,
    money="{units} e {cents} {cent}",
    units=_UNITS,
    ordinal_re=re.compile(r"(?<![\w.])(\d+)\.?([ºª])(?![\w])"),
    ordinal_feminine=lambda suffix: suffix == "ª",
    abbreviations=_ABBREVIATIONS,
    fractions={(1, 2): "meio", (1, 3): "um terço", (2, 3): "dois terços",
               (1, 4): "um quarto", (3, 4): "três quartos"},
    fraction="{top} sobre {bottom}",
    singular_below_two=True,
    count_noun=_count_noun,
    feminine_noun=feminine_by_ending(
        ("a", "as", "ção", "ções", "dade", "dades", "agem", "agens", "vez", "vezes"),
        MASCULINE_IN_A,
    ),
    extra=[
        # "16h30", "às 9h05": the time of day.
        (re.compile(r"(?<![\w.])(\d{1,2})h(\d{2})(?![\w])"),
         lambda m: time(int(m[1]), int(m[2])) if int(m[1]) <= 24 else m[0]),
        # "século XXI", "Pedro II": centuries and kings above ten are said as cardinals.
        (re.compile(rf"(?<=\bséculo )({ROMAN_RE})(?![\w])", re.IGNORECASE),
         lambda m: cardinal(roman(m[1].upper()))),
    ],
)  # fmt: skip

LANGUAGE = Language(
    code="pt",
    name="português",
    to_spoken=make_to_spoken(_RULES),
    code_note="Aqui foi omitido um trecho de código.",
    table_note="Aqui foi omitida uma tabela.",
    and_word=_RULES.and_word,  # one spelling: the normaliser's "&" and "/" say them too
    or_word=_RULES.or_word,
    # pysbd has no Portuguese; its Spanish rules end sentences (and know "Sr.", "Dra.")
    # as Portuguese writes them.
    segmenter="es",
    clause_words=("e", "mas", "ou", "porque", "que", "enquanto", "embora", "quando", "onde"),
    cut_words=("e", "mas", "ou", "porque", "enquanto", "embora"),
    voice=("kokoro", "pf_dora"),
)  # fmt: skip
