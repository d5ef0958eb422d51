"""Written Hindi → spoken Hindi.

Numbers: indic-numtowords (AI4Bharat; num2words has no Hindi), in the Indian system
("एक लाख", "एक करोड़"); Devanagari digits (०-९) are read like Latin ones, and Indian digit
grouping ("1,25,000") is understood. Years before 2000 are said in hundreds ("उन्नीस सौ
अट्ठानवे"), times as "चार बजकर तीस मिनट", money in rupees and paise ("₹12.50" → "बारह
रुपये पचास पैसे"). Hindi number words do not change with gender; ordinals do ("पहला",
"पहली"). Units, currencies and abbreviations are hand-written tables.
"""

from __future__ import annotations

import re

from . import Language
from .common import Currency, Noun, Rules, make_to_spoken

_DIGITS = {chr(0x0966 + d): str(d) for d in range(10)}  # ० .. ९
_ORDINALS = {1: "पहला", 2: "दूसरा", 3: "तीसरा", 4: "चौथा", 6: "छठा"}


def cardinal(number: int, feminine: bool = False) -> str:
    from indic_numtowords import num2words

    return str(num2words(number, lang="hi"))


def year(number: int) -> str:
    """1998 → "उन्नीस सौ अट्ठानवे" (as years are said), 2019 → "दो हज़ार उन्नीस"."""
    if 1100 <= number < 2000:
        hundreds, rest = divmod(number, 100)
        spoken = f"{cardinal(hundreds)} सौ"
        return f"{spoken} {cardinal(rest)}" if rest else spoken
    return cardinal(number)


def ordinal(number: int, feminine: bool = False) -> str:
    words = _ORDINALS.get(number) or f"{cardinal(number)}वाँ"
    return re.sub(r"(?:ा|ाँ)$", lambda m: "ी" if m[0] == "ा" else "ीं", words) if feminine else words


def time(hours: int, minutes: int) -> str:
    if not minutes:
        return f"{cardinal(hours)} बजे"
    return f"{cardinal(hours)} बजकर {cardinal(minutes)} मिनट"


_UNITS = {
    "km": Noun("किलोमीटर", "किलोमीटर"),
    "m": Noun("मीटर", "मीटर"),
    "cm": Noun("सेंटीमीटर", "सेंटीमीटर"),
    "mm": Noun("मिलीमीटर", "मिलीमीटर"),
    "km²": Noun("वर्ग किलोमीटर", "वर्ग किलोमीटर"),
    "m²": Noun("वर्ग मीटर", "वर्ग मीटर"),
    "ha": Noun("हेक्टेयर", "हेक्टेयर"),
    "kg": Noun("किलो", "किलो"),
    "g": Noun("ग्राम", "ग्राम"),
    "mg": Noun("मिलीग्राम", "मिलीग्राम"),
    "t": Noun("टन", "टन"),
    "l": Noun("लीटर", "लीटर"),
    "L": Noun("लीटर", "लीटर"),
    "ml": Noun("मिलीलीटर", "मिलीलीटर"),
    "h": Noun("घंटा", "घंटे"),
    "min": Noun("मिनट", "मिनट"),
    "s": Noun("सेकंड", "सेकंड"),
    "km/h": Noun("किलोमीटर प्रति घंटा", "किलोमीटर प्रति घंटा"),
    "°C": Noun("डिग्री सेल्सियस", "डिग्री सेल्सियस"),
    "°": Noun("डिग्री", "डिग्री"),
    "W": Noun("वाट", "वाट"),
    "kW": Noun("किलोवाट", "किलोवाट"),
    "kWh": Noun("किलोवाट घंटा", "किलोवाट घंटे"),
    "V": Noun("वोल्ट", "वोल्ट"),
    "GB": Noun("जीबी", "जीबी"),
    "MB": Noun("एमबी", "एमबी"),
    "KB": Noun("केबी", "केबी"),
    "kB": Noun("केबी", "केबी"),
    "ms": Noun("मिलीसेकंड", "मिलीसेकंड"),
    # Screens and style sheets ("600px", "2em", "100vh"), named as Hindi writing on the
    # web names them.
    "px": Noun("पिक्सेल", "पिक्सेल"),
    "pt": Noun("पॉइंट", "पॉइंट"),
    "em": Noun("एम", "एम"),
    "rem": Noun("रेम", "रेम"),
    "vh": Noun("प्रतिशत व्यूपोर्ट ऊँचाई", "प्रतिशत व्यूपोर्ट ऊँचाई"),
    "vw": Noun("प्रतिशत व्यूपोर्ट चौड़ाई", "प्रतिशत व्यूपोर्ट चौड़ाई"),
    "fps": Noun("फ़्रेम प्रति सेकंड", "फ़्रेम प्रति सेकंड"),
    "dpi": Noun("डॉट प्रति इंच", "डॉट प्रति इंच"),
    "किमी": Noun("किलोमीटर", "किलोमीटर"),
    "मी": Noun("मीटर", "मीटर"),
    "किग्रा": Noun("किलोग्राम", "किलोग्राम"),
}
_PAISA = Noun("पैसा", "पैसे")
_CURRENCIES = {
    "₹": Currency(Noun("रुपया", "रुपये"), _PAISA),
    "Rs.": Currency(Noun("रुपया", "रुपये"), _PAISA),
    "Rs": Currency(Noun("रुपया", "रुपये"), _PAISA),
    "रु.": Currency(Noun("रुपया", "रुपये"), _PAISA),
    "रुपये": Currency(Noun("रुपया", "रुपये"), _PAISA),
    "$": Currency(Noun("डॉलर", "डॉलर"), Noun("सेंट", "सेंट")),
    "€": Currency(Noun("यूरो", "यूरो"), Noun("सेंट", "सेंट")),
    "£": Currency(Noun("पाउंड", "पाउंड"), Noun("पेंस", "पेंस")),
}
_MONTHS = "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर".split()
_ABBREVIATIONS = [
    (r"डॉ\.", "डॉक्टर"),
    (r"Dr\.", "डॉक्टर"),
    (r"प्रो\.", "प्रोफ़ेसर"),
    (r"ई\.\s?पू\.", "ईसा पूर्व"),
    (r"(?<=\d )ई\.", "ईसवी"),
]
_RULES = Rules(
    cardinal=cardinal,
    ordinal=ordinal,
    year=year,
    time=time,
    decimal_word="दशमलव",
    point_word="दशमलव",
    percent="प्रतिशत",
    minus="माइनस",
    range_word="से",
    and_word="और",
    or_word="या",
    plus_word="प्लस",
    equals_word="बराबर",
    by_word="बाई",
    about_word="लगभग",
    at_word="एट",
    dot_word="डॉट",
    months=_MONTHS,
    date="{day} {month} {year}",
    first_day=None,
    currencies=_CURRENCIES,
    money="{units} {cents} {cent}",
    units=_UNITS,
    ordinal_re=re.compile(r"(?<![\w.])(\d+)\s?(वाँ|वां|वीं|वें|ला|ली|रा|री|था|थी)(?![\w])"),
    ordinal_feminine=lambda suffix: suffix.endswith(("ी", "ीं")),
    abbreviations=_ABBREVIATIONS,
    fractions={(1, 2): "आधा", (1, 3): "एक तिहाई", (1, 4): "एक चौथाई", (3, 4): "तीन चौथाई"},
    fraction="{top} बटा {bottom}",
    group_separators=",",
    decimal_separator=".",
    characters=_DIGITS,
    extra=[
        # "4:30 बजे": the clock time already says बजे.
        (re.compile(r"(?<![\w.])(\d{1,2}):(\d{2})\s?बजे"), lambda m: time(int(m[1]), int(m[2]))),
        # "1,25,000": Indian digit grouping (lakh, crore) is one number.
        (re.compile(r"(?<![\d,])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])"),
         lambda m: m[0].replace(",", "")),
    ],
)  # fmt: skip

LANGUAGE = Language(
    code="hi",
    name="हिन्दी",
    to_spoken=make_to_spoken(_RULES),
    code_note="यहाँ एक कोड नमूना छोड़ दिया गया है।",
    table_note="यहाँ एक तालिका छोड़ दी गई है।",
    and_word=_RULES.and_word,  # one spelling: the normaliser's "&" and "/" say them too
    or_word=_RULES.or_word,
    segmenter="hi",
    sentence_ends="।.!?",
    clause_words=("और", "लेकिन", "पर", "या", "क्योंकि", "जो", "जब", "जबकि", "इसलिए"),
    cut_words=("और", "लेकिन", "या", "क्योंकि", "जबकि", "इसलिए"),
    voice=("kokoro", "hf_alpha"),
)  # fmt: skip
