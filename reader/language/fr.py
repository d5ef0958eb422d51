"""Written French → spoken French.

Numbers: num2words ("fr"); feminine "une" for counts of feminine nouns ("vingt et une
heures"). Decimals with a comma ("3,5" → "trois virgule cinq"), thousands grouped by a
space or a dot ("1 250"), "1er"/"1re"/"2e" ordinals, "XXe siècle", "14 h 30", "12,50 €"
("douze euros cinquante", as it is said at a till), and a count below two keeps its noun
singular ("1,5 kilomètre", the Académie's rule).
The tables of units and abbreviations are hand-written: num2words has no nouns, and
which letters after a number are a unit is a decision about French prose, not a lookup.
"""

from __future__ import annotations

import re

from num2words import num2words

from . import Language
from .common import ROMAN_RE, Currency, Noun, Rules, feminine_by_ending, make_to_spoken, roman


def cardinal(number: int, feminine: bool = False) -> str:
    words = num2words(number, lang="fr")
    # "un" agrees with a feminine noun: "une tonne", "vingt et une heures", "trente et une".
    return re.sub(r"\bun$", "une", words) if feminine else words


def ordinal(number: int, feminine: bool = False) -> str:
    if number == 1:
        return "première" if feminine else "premier"
    return str(num2words(number, lang="fr", to="ordinal"))


def time(hours: int, minutes: int) -> str:
    spoken = f"{cardinal(hours, True)} {'heure' if hours <= 1 else 'heures'}"
    return f"{spoken} {cardinal(minutes)}" if minutes else spoken


def _count_noun(count: str, noun: str) -> str:
    """ "un million d'euros", "deux milliards de litres": a big number takes "de"."""
    if not re.search(r"\b(?:millions?|milliards?)$", count):
        return f"{count} {noun}"
    return f"{count} d'{noun}" if noun[:1] in "aeiouéèhy" else f"{count} de {noun}"


_UNITS = {
    "km": Noun("kilomètre", "kilomètres"),
    "m": Noun("mètre", "mètres"),
    "cm": Noun("centimètre", "centimètres"),
    "mm": Noun("millimètre", "millimètres"),
    "km²": Noun("kilomètre carré", "kilomètres carrés"),
    "m²": Noun("mètre carré", "mètres carrés"),
    "cm²": Noun("centimètre carré", "centimètres carrés"),
    "m³": Noun("mètre cube", "mètres cubes"),
    "ha": Noun("hectare", "hectares"),
    "kg": Noun("kilo", "kilos"),  # what is said; "kilogramme" only in a lab
    "g": Noun("gramme", "grammes"),
    "mg": Noun("milligramme", "milligrammes"),
    "t": Noun("tonne", "tonnes", feminine=True),
    "l": Noun("litre", "litres"),
    "L": Noun("litre", "litres"),
    "cl": Noun("centilitre", "centilitres"),
    "ml": Noun("millilitre", "millilitres"),
    "mL": Noun("millilitre", "millilitres"),
    "h": Noun("heure", "heures", feminine=True),
    "min": Noun("minute", "minutes", feminine=True),
    "s": Noun("seconde", "secondes", feminine=True),
    "ms": Noun("milliseconde", "millisecondes", feminine=True),
    "km/h": Noun("kilomètre heure", "kilomètres heure"),
    "°C": Noun("degré Celsius", "degrés Celsius"),
    "°": Noun("degré", "degrés"),
    "W": Noun("watt", "watts"),
    "kW": Noun("kilowatt", "kilowatts"),
    "MW": Noun("mégawatt", "mégawatts"),
    "kWh": Noun("kilowattheure", "kilowattheures"),
    "V": Noun("volt", "volts"),
    "Ko": Noun("kilooctet", "kilooctets"),
    "Mo": Noun("mégaoctet", "mégaoctets"),
    "Go": Noun("gigaoctet", "gigaoctets"),
    "To": Noun("téraoctet", "téraoctets"),
    "kcal": Noun("kilocalorie", "kilocalories", feminine=True),
    # Screens and style sheets ("600px", "2em", "100vh") and computer sizes written the
    # English way ("4 KB": said in octets, as in French).
    "px": Noun("pixel", "pixels"),
    "pt": Noun("point", "points"),
    "em": Noun("em", "em"),
    "rem": Noun("rem", "rem"),
    "vh": Noun("pour cent de la hauteur de la fenêtre", "pour cent de la hauteur de la fenêtre"),
    "vw": Noun("pour cent de la largeur de la fenêtre", "pour cent de la largeur de la fenêtre"),
    "fps": Noun("image par seconde", "images par seconde", feminine=True),
    "dpi": Noun("point par pouce", "points par pouce"),
    "KB": Noun("kilooctet", "kilooctets"),
    "kB": Noun("kilooctet", "kilooctets"),
    "MB": Noun("mégaoctet", "mégaoctets"),
    "GB": Noun("gigaoctet", "gigaoctets"),
}
_CURRENCIES = {
    "€": Currency(Noun("euro", "euros"), Noun("centime", "centimes")),
    "EUR": Currency(Noun("euro", "euros"), Noun("centime", "centimes")),
    "$": Currency(Noun("dollar", "dollars"), Noun("cent", "cents")),
    "US$": Currency(Noun("dollar", "dollars"), Noun("cent", "cents")),
    "£": Currency(Noun("livre", "livres", True), Noun("penny", "pence")),
    "CHF": Currency(Noun("franc", "francs"), Noun("centime", "centimes")),
}
_MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre "
           "décembre").split()  # fmt: skip
_ABBREVIATIONS = [
    (r"M\.(?=\s+[A-ZÉÈ])", "Monsieur"),
    (r"MM\.(?=\s+[A-ZÉÈ])", "Messieurs"),
    (r"Mmes\.?", "Mesdames"),
    (r"Mme\.?", "Madame"),
    (r"Mlles\.?", "Mesdemoiselles"),
    (r"Mlle\.?", "Mademoiselle"),
    (r"Drs?\.?(?=\s+[A-ZÉÈ])", "Docteur"),
    (r"Pr\.?(?=\s+[A-ZÉÈ])", "Professeur"),
    (r"Me(?=\s+[A-ZÉÈ])", "Maître"),
    (r"Mgr\.?", "Monseigneur"),
    (r"Ste-", "Sainte-"),
    (r"St-", "Saint-"),
    (r"Ste(?=\s+[A-ZÉÈ])", "Sainte"),
    (r"St(?=\s+[A-ZÉÈ])", "Saint"),
    (r"av\. J\.-C\.", "avant Jésus-Christ"),
    (r"apr\. J\.-C\.", "après Jésus-Christ"),
    (r"J\.-C\.", "Jésus-Christ"),
    (r"av\.(?=\s)", "avenue"),
    (r"bd(?=\s)", "boulevard"),
    (r"[Nn]°\s?(?=\d)", "numéro "),
    (r"[Nn]os?\s?(?=\d)", "numéro "),
    (r"p\. ?ex\.", "par exemple"),
    (r"c\.-à-d\.", "c'est-à-dire"),
    (r"env\.(?=\s?\d)", "environ"),
    (r"cf\.", "voir"),
    (r"vol\.(?=\s?\d)", "volume"),
    (r"chap\.(?=\s?\d)", "chapitre"),
    (r"p\.(?=\s?\d)", "page"),
    (r"etc\.(?=\s+[A-ZÉÈ]|\s*$)", "et cetera."),
    (r"etc\.", "et cetera"),
]
# After "1", "21", "31"... a feminine noun takes "une": "une fois", "vingt et une
# personnes". French gender is a property of each word: these endings and words are right
# for the nouns most often counted in prose; any other noun keeps "un".
_FEMININE_ENDINGS = ("tion", "tions", "sion", "sions", "ée", "ées", "ette", "ettes", "ance",
                     "ances", "ence", "ences", "ière", "ières", "ure", "ures", "té", "tés")
_FEMININE_WORDS = frozenset(
    "fois personne personnes semaine semaines heure heures année années page pages place "
    "places étape étapes ville villes femme femmes fille filles voiture voitures maison "
    "maisons chose choses minute minutes seconde secondes nuit nuits langue langues pièce "
    "pièces chambre chambres rue rues école écoles famille familles raison raisons tonne "
    "tonnes photo photos vidéo vidéos lettre lettres ligne lignes table tables classe "
    "classes espèce espèces entreprise entreprises région régions".split()
)
_MASCULINE_EXCEPTIONS = frozenset(
    "musée musées lycée lycées trophée trophées été étés comité comités côté côtés traité "
    "traités pâté pâtés".split()
)


_BY_ENDING = feminine_by_ending(_FEMININE_ENDINGS, _MASCULINE_EXCEPTIONS)


def _feminine(word: str) -> bool:
    return word.lower() in _FEMININE_WORDS or _BY_ENDING(word)


_RULES = Rules(
    cardinal=cardinal,
    ordinal=ordinal,
    year=cardinal,  # "deux mille dix-neuf", "mille neuf cent quatre-vingt-dix-huit"
    time=time,
    decimal_word="virgule",
    point_word="point",
    percent="pour cent",
    minus="moins",
    range_word="à",
    and_word="et",
    or_word="ou",
    plus_word="plus",
    equals_word="égale",
    by_word="sur",
    about_word="environ",
    at_word="arobase",
    dot_word="point",
    months=_MONTHS,
    date="{day} {month} {year}",
    first_day="premier",
    currencies=_CURRENCIES,
    money="{units} {cents}",
    units=_UNITS,
    ordinal_re=re.compile(r"(?<![\w.])(\d+)(ers?|res?|ères?|es?|èmes?|nde?s?)(?![\w])"),
    ordinal_feminine=lambda suffix: suffix.startswith(("re", "ère", "nde")),
    abbreviations=_ABBREVIATIONS,
    fractions={(1, 2): "un demi", (1, 3): "un tiers", (2, 3): "deux tiers", (1, 4): "un quart",
               (3, 4): "trois quarts"},
    fraction="{top} sur {bottom}",
    group_separators=" .\u00a0\u202f\u2009",
    singular_below_two=True,
    count_noun=_count_noun,
    feminine_noun=_feminine,
    extra=[
        # "14 h 30", "14h30": the time of day.
        (re.compile(r"(?<![\w.])(\d{1,2})\s?h\s?(\d{2})(?![\w])"),
         lambda m: time(int(m[1]), int(m[2])) if int(m[1]) <= 24 else m[0]),
        # "XXe siècle", "XVIIIe": a century in Roman numerals.
        (re.compile(rf"(?<![\w])({ROMAN_RE})(e|ème|er)(?![\w])"),
         lambda m: ordinal(roman(m[1]))),
    ],
)  # fmt: skip

LANGUAGE = Language(
    code="fr",
    name="français",
    to_spoken=make_to_spoken(_RULES),
    code_note="Un extrait de code est omis ici.",
    table_note="Un tableau est omis ici.",
    and_word=_RULES.and_word,  # one spelling: the normaliser's "&" and "/" say them too
    or_word=_RULES.or_word,
    segmenter="fr",
    clause_words=("et", "mais", "ou", "donc", "car", "parce que", "qui", "tandis que",
                  "bien que", "lorsque", "quand", "alors que"),
    cut_words=("et", "mais", "ou", "car", "parce que", "tandis que", "bien que", "alors que"),
    voice=("kokoro", "ff_siwis"),
)  # fmt: skip
