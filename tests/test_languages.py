"""Articles in French, Spanish, Italian, Brazilian Portuguese and Hindi, spoken in their own
language. Every expected phrase is how a native speaker reads the written form aloud
(written from each language's rules, not taken from the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.language import known_codes, language_for, primary
from reader.language.normalize import to_spoken
from reader.load import load_article
from reader.models import ArticleMeta
from reader.script import make_script, opening_line, spoken_opening

# Nothing a voice would read as a digit, a currency or a unit symbol.
_UNSPOKEN = re.compile(r"[0-9०-९€$£₹%°²³]")

CASES = {
    "fr": [
        ("En 2019, la pétition a été signée.", "deux mille dix-neuf"),
        ("1 250 habitants", "mille deux cent cinquante habitants"),
        ("le 14 juillet 2021", "le quatorze juillet deux mille vingt et un"),
        ("le 1er mai", "le premier mai"),
        ("Il faut compter 12 € par an.", "douze euros"),
        ("un ticket à 12,50 €", "douze euros cinquante"),
        ("à 3,5 km du quartier", "à trois virgule cinq kilomètres du quartier"),
        ("un trajet de 1,5 km", "un virgule cinq kilomètre"),
        ("21 t de terre", "vingt et une tonnes de terre"),
        ("1 h de route", "une heure de route"),
        ("à 14 h 30", "à quatorze heures trente"),
        ("à 9:15", "à neuf heures quinze"),
        ("M. Dupont et Mme Durand", "Monsieur Dupont et Madame Durand"),
        ("le Dr Martin", "le Docteur Martin"),
        ("à St-Étienne", "à Saint-Étienne"),
        ("le 1er été", "le premier été"),
        ("la 1re fois, le 2e étage", "la première fois, le deuxième étage"),
        ("au XIXe siècle", "au dix-neuvième siècle"),
        ("31 % des voix", "trente et un pour cent des voix"),
        ("il fait -5 °C", "il fait moins cinq degrés Celsius"),
        ("de 2019-2021", "de deux mille dix-neuf à deux mille vingt et un"),
        ("un budget de 1 000 000 €", "un million d'euros"),
        ("le 14/07/2021", "le quatorze juillet deux mille vingt et un"),
        ("n° 5", "numéro cinq"),
        ("1 fois, 21 personnes, 1 musée", "une fois, vingt et une personnes, un musée"),
    ],
    "es": [
        ("En 2019 firmaron.", "dos mil diecinueve"),
        ("1.250 vecinos", "mil doscientos cincuenta vecinos"),
        ("el 14 de julio de 2021", "el catorce de julio de dos mil veintiuno"),
        ("el 3 de mayo de 2024", "el tres de mayo de dos mil veinticuatro"),
        ("cuesta 12 €", "cuesta doce euros"),
        ("12,50 €", "doce euros con cincuenta céntimos"),
        ("a 3,5 km", "a tres coma cinco kilómetros"),
        ("21 años", "veintiún años"),
        ("200 personas", "doscientas personas"),
        ("21 t", "veintiuna toneladas"),
        ("tengo 21.", "tengo veintiuno."),
        ("a la 1", "a la una"),
        ("a las 4", "a las cuatro"),
        ("a las 16:30", "a las dieciséis y treinta"),
        ("el 1.º y la 2.ª", "el primero y la segunda"),
        ("el 1.er premio", "el primer premio"),
        ("el Sr. García y la Dra. López", "el señor García y la doctora López"),
        ("D. Pedro y Dña. Ana", "don Pedro y doña Ana"),
        ("el siglo XXI", "el siglo veintiuno"),
        ("un 31 %", "un treinta y uno por ciento"),
        ("1.000.000 €", "un millón de euros"),
    ],
    "it": [
        ("Nel 2019 hanno firmato.", "duemiladiciannove"),
        ("1.250 abitanti", "milleduecentocinquanta abitanti"),
        ("il 14 luglio 2021", "il quattordici luglio duemilaventuno"),
        ("il 1 maggio", "il primo maggio"),
        ("costa 12 €", "costa dodici euro"),
        ("12,50 €", "dodici euro e cinquanta centesimi"),
        ("a 3,5 km", "a tre virgola cinque chilometri"),
        ("1 t", "una tonnellata"),
        ("1 persona", "una persona"),
        ("alle 16:30", "alle sedici e trenta"),
        ("il 1º e la 2ª", "il primo e la seconda"),
        ("il Sig. Rossi e la Dott.ssa Bianchi", "il signor Rossi e la dottoressa Bianchi"),
        ("il XX secolo", "il ventesimo secolo"),
        ("il 31 %", "il trentuno per cento"),
        ("1.000.000 €", "un milione di euro"),
    ],
    "pt-BR": [
        ("Em 2019 assinaram.", "dois mil e dezenove"),
        ("1.250 moradores", "mil duzentos e cinquenta moradores"),
        ("em 14 de julho de 2021", "em catorze de julho de dois mil e vinte e um"),
        ("o 1º de maio", "o primeiro de maio"),
        ("R$ 12,50", "doze reais e cinquenta centavos"),
        ("custa 12 €", "custa doze euros"),
        ("a 3,5 km", "a três vírgula cinco quilômetros"),
        ("2 horas e 200 pessoas", "duas horas e duzentas pessoas"),
        ("2 t e 2 anos", "duas toneladas e dois anos"),
        ("às 16h30", "às dezesseis horas e trinta minutos"),
        ("o 1º e a 2ª", "o primeiro e a segunda"),
        ("o Sr. Silva e a Dra. Souza", "o senhor Silva e a doutora Souza"),
        ("o século XXI", "o século vinte e um"),
        ("R$ 1.000.000", "um milhão de reais"),
    ],
    "hi": [
        ("2019 में", "दो हज़ार उन्नीस में"),
        ("1998 में", "उन्नीस सौ अट्ठानवे में"),
        ("1,250 लोग", "एक हज़ार दो सौ पचास लोग"),
        ("1,25,000 लोग", "एक लाख पच्चीस हज़ार लोग"),
        ("१२ किताबें", "बारह किताबें"),
        ("14 जुलाई 2021 को", "चौदह जुलाई दो हज़ार इक्कीस को"),
        ("₹12.50", "बारह रुपये पचास पैसे"),
        ("3.5 km", "तीन दशमलव पाँच किलोमीटर"),
        ("4:30 बजे", "चार बजकर तीस मिनट"),
        ("25% लोग", "पच्चीस प्रतिशत लोग"),
        ("डॉ. शर्मा", "डॉक्टर शर्मा"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "written", "spoken"),
    [(lang, written, spoken) for lang, cases in CASES.items() for written, spoken in cases],
)
def test_each_language_reads_numbers_dates_money_units_and_titles_as_its_speakers_do(
    lang: str, written: str, spoken: str
) -> None:
    assert spoken in to_spoken(written, lang)


@pytest.mark.parametrize("lang", list(CASES))
def test_no_digit_or_symbol_reaches_the_voice(lang: str) -> None:
    text = " ".join(written for written, _ in CASES[lang])
    text += " ~30 × 2, 2 x 4 m, 1/2, 3/7, 1.2.3, v2, MP3, a@b.fr, 10-12, 007, 3.5, 24/7"
    text += " #4 & +5 = 9"
    spoken = to_spoken(text, lang)
    assert not _UNSPOKEN.search(spoken), spoken


# Screens, style sheets and computer sizes, written the way a web page writes them (found in
# WordPress's theme unit test data: "1px", "600px", "16pt", "2em", "300ms").
STYLE_SHEET_UNITS = ("px", "pt", "em", "rem", "vh", "vw", "ms", "KB", "MB", "GB", "fps", "dpi")
UNIT_CASES = {
    "en": [
        ("a 1px border", "a one pixel border"),
        ("600px wide", "six hundred pixels wide"),
        ("set in 16pt", "set in sixteen points"),
        ("a margin of 2em", "a margin of two ems"),
        ("100vh tall", "one hundred percent of the viewport height tall"),
        ("after 300ms", "after three hundred milliseconds"),
        ("a 4 KB page", "a four kilobyte page"),
        ("2MB of images", "two megabytes of images"),
        ("at 60fps", "at sixty frames per second"),
        ("scanned at 300 dpi", "scanned at three hundred dots per inch"),
    ],
    "fr": [
        ("une bordure de 1px", "une bordure de un pixel"),
        ("600px de large", "six cents pixels de large"),
        ("en 16pt", "en seize points"),
        ("50vw", "cinquante pour cent de la largeur de la fenêtre"),
        ("après 300ms", "après trois cents millisecondes"),
        ("1 ms", "une milliseconde"),
        ("4 KB", "quatre kilooctets"),
        ("1 GB", "un gigaoctet"),
        ("à 25fps", "à vingt-cinq images par seconde"),
        ("à 300 dpi", "à trois cents points par pouce"),
    ],
    "es": [
        ("un borde de 1px", "un borde de un píxel"),
        ("600px de ancho", "seiscientos píxeles de ancho"),
        ("en 16pt", "en dieciséis puntos"),
        ("50vw", "cincuenta por ciento del ancho de la ventana"),
        ("tras 300ms", "tras trescientos milisegundos"),
        ("4 KB", "cuatro kilobytes"),
        ("a 60fps", "a sesenta fotogramas por segundo"),
        ("a 300 dpi", "a trescientos puntos por pulgada"),
    ],
    "it": [
        ("un bordo di 1px", "un bordo di un pixel"),
        ("600px di larghezza", "seicento pixel di larghezza"),
        ("in 16pt", "in sedici punti"),
        ("100vh", "cento per cento dell'altezza della finestra"),
        ("dopo 300ms", "dopo trecento millisecondi"),
        ("1 KB", "un kilobyte"),
        ("a 25fps", "a venticinque fotogrammi al secondo"),
        ("a 300 dpi", "a trecento punti per pollice"),
    ],
    "pt-BR": [
        ("uma borda de 1px", "uma borda de um pixel"),
        ("600px de largura", "seiscentos pixels de largura"),
        ("em 16pt", "em dezesseis pontos"),
        ("100vh", "cem por cento da altura da janela"),
        ("após 300ms", "após trezentos milissegundos"),
        ("2 GB", "dois gigabytes"),
        ("a 30fps", "a trinta quadros por segundo"),
        ("a 300 dpi", "a trezentos pontos por polegada"),
        # "em" after a space is the preposition, not the unit.
        ("de 2 em 2 dias", "de dois em dois dias"),
    ],
    "hi": [
        ("16px चौड़ा", "सोलह पिक्सेल चौड़ा"),
        ("300ms बाद", "तीन सौ मिलीसेकंड बाद"),
        ("60fps पर", "साठ फ़्रेम प्रति सेकंड पर"),
        ("2 GB", "दो जीबी"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "written", "spoken"),
    [(lang, written, spoken) for lang, cases in UNIT_CASES.items() for written, spoken in cases],
)
def test_a_number_with_a_style_sheet_or_computing_unit_is_read_with_the_units_name(
    lang: str, written: str, spoken: str
) -> None:
    assert spoken in to_spoken(written, lang)


@pytest.mark.parametrize("lang", list(UNIT_CASES))
def test_no_number_stays_glued_to_a_unit(lang: str) -> None:
    seven, twelve = to_spoken("7", lang), to_spoken("12", lang)
    for unit in STYLE_SHEET_UNITS:
        spoken = to_spoken(f"7{unit} / 12{unit}", lang)
        assert not _UNSPOKEN.search(spoken), spoken
        assert f"{seven}{unit}" not in spoken and f"{twelve}{unit}" not in spoken, spoken
        assert len(spoken.split()) >= 4, spoken  # each count with its unit's name


def test_a_tags_language_is_its_primary_subtag_as_bcp_47_standardises_it() -> None:
    """Articles', voices' and engines' tags are compared by one rule: a region, a script or
    the case never matter, and a deprecated code is its current one (Hebrew was "iw")."""
    assert [primary(t) for t in ("pt-BR", "fr_CA", "EN", "en-us", "zh-Hans-CN", "iw")] == [
        "pt", "fr", "en", "en", "zh", "he"
    ]
    assert primary(None) == primary("") == primary("  ") == ""


def test_english_stays_english_and_a_region_finds_its_language() -> None:
    spoken = to_spoken("In 2019, the 2nd day, people paid $12.")
    assert spoken == "In twenty nineteen, the second day, people paid twelve dollars."
    assert language_for("pt-BR").code == "pt" and language_for("fr_CA").code == "fr"
    assert set(known_codes()) >= {"en", "fr", "es", "it", "pt", "hi"}


def test_a_language_without_rules_leaves_numbers_to_its_engine() -> None:
    """German has no module: never English number words; its (online) engine reads digits."""
    spoken = to_spoken("Im Jahr 2019 kamen 1.250 Menschen.", "de")
    assert "2019" in spoken and "twenty" not in spoken and "thousand" not in spoken


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Les jardins suspendus. Par Claire Dubois."),
        ("es", "Los jardines. Por Lucía Ferrer."),
        ("it", "I giardini. Di Marco Rossi."),
        ("pt-BR", "Os jardins. Por Ana Souza."),
        ("hi", "बगीचे। लेखक: प्रिया शर्मा।"),
    ],
)
def test_the_opening_is_said_in_the_articles_language(lang: str, expected: str) -> None:
    title, author = expected.split(". " if lang != "hi" else "। ")[0], {
        "fr": "Claire Dubois", "es": "Lucía Ferrer", "it": "Marco Rossi", "pt-BR": "Ana Souza",
        "hi": "प्रिया शर्मा",
    }[lang]  # fmt: skip
    assert opening_line(title, author, lang) == expected


FRENCH = """---
title: Les jardins suspendus de la Croix-Rousse
author: Claire Dubois
date: 2024-05-03
lang: fr
---

En 2019, 1 250 habitants ont signé la pétition. Le premier toit a ouvert le 14 juillet 2021.

Il faut compter 12 € par mètre carré et par an. La ligne de tramway passe à 3,5 km du
quartier. M. Dupont dit que le 1er été fut le plus difficile.

Ce qu'il faut apporter :

- une échelle
- deux seaux
- un après-midi libre

```python
print("bonjour")
```
"""


def test_a_french_article_is_scripted_in_french(tmp_path: Path) -> None:
    path = tmp_path / "jardins.md"
    path.write_text(FRENCH, encoding="utf-8")
    article = load_article(path)
    assert article.meta.lang == "fr"
    script = make_script(article)
    assert script.opening == ("Les jardins suspendus de la Croix-Rousse.", "Par Claire Dubois.")
    said = " ".join(p for s in script.sections for para in s.paragraphs for p in para)
    for phrase in (
        "En deux mille dix-neuf, mille deux cent cinquante habitants",
        "le quatorze juillet deux mille vingt et un",
        "douze euros par mètre carré",
        "trois virgule cinq kilomètres",
        "Monsieur Dupont dit que le premier été",
        "et un après-midi libre.",
        "Un extrait de code est omis ici.",
    ):
        assert phrase in said, phrase
    assert not _UNSPOKEN.search(said)
    # "M. Dupont" is not the end of a sentence: the splitter knows French abbreviations.
    sentences = [p for s in script.sections for para in s.paragraphs for p in para]
    assert "Monsieur Dupont dit que le premier été fut le plus difficile." in sentences


def test_code_and_tables_are_announced_in_the_articles_language_and_nothing_else_is(
    tmp_path: Path,
) -> None:
    """The note for code and tables is the article's language's own; a sentence that
    happens to read like the English note is the author's and stays as written."""
    markdown = tmp_path / "notes.md"
    markdown.write_text(
        "---\ntitle: Notes\nlang: fr\n---\n\nVoici le programme.\n\n```\nprint(1)\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "Le logiciel anglais affiche ce message.\n\n> A code sample is omitted here.\n",
        encoding="utf-8",
    )
    page = tmp_path / "tabla.html"
    page.write_text(
        "<!doctype html><html lang='es'><head><title>Tabla</title></head><body><article>"
        "<h1>Tabla</h1><p>Los datos están abajo.</p><table><tr><td>1</td></tr></table>"
        "<pre><code>x = 1</code></pre></article></body></html>",
        encoding="utf-8",
    )
    said = {
        path.name: [p for s in make_script(load_article(path)).sections for para in s.paragraphs
                    for p in para]
        for path in (markdown, page)
    }  # fmt: skip
    assert said["notes.md"] == [
        "Voici le programme.", "Un extrait de code est omis ici.", "Un tableau est omis ici.",
        "Le logiciel anglais affiche ce message.", "A code sample is omitted here.",
    ]
    assert said["tabla.html"] == [
        "Los datos están abajo.", "Aquí se omite una tabla.",
        "Aquí se omite un fragmento de código.",
    ]


def test_the_language_comes_from_front_matter_then_the_page_then_the_podcast(
    tmp_path: Path,
) -> None:
    spanish = tmp_path / "es.md"
    spanish.write_text("---\ntitle: Hola\nlanguage: es\n---\n\nSon 21 años.\n", encoding="utf-8")
    assert load_article(spanish, "en").meta.lang == "es"
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="it"><head><title>Ciao</title></head><body><article><h1>Ciao</h1>'
        "<p>Il primo paragrafo dell'articolo, con abbastanza parole da essere trovato.</p>"
        "<p>Costa 12 euro e arriva alle 16:30 di domenica, dopo una lunga attesa.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert load_article(page).meta.lang == "it"
    plain = tmp_path / "plain.md"
    plain.write_text("---\ntitle: Olá\n---\n\nSão 2 horas.\n", encoding="utf-8")
    assert load_article(plain, "pt-BR").meta.lang == "pt-BR"
    script = make_script(load_article(plain, "pt-BR"))
    assert script.sections[0].paragraphs[0] == ("São duas horas.",)
    meta = ArticleMeta(title="Hola", slug="hola", date=load_article(plain).meta.date,
                       source=plain, author="Lucía Ferrer", lang="es")  # fmt: skip
    assert spoken_opening(meta) == ("Hola.", "Por Lucía Ferrer.")


def test_reader_words_measures_rarity_in_the_articles_language(tmp_path: Path) -> None:
    """Common French words are not guesses in a French article (they would be in English),
    a rare name is."""
    from reader.speech.engines.tones import ToneEngine
    from reader.speech.guesses import words_to_check
    from reader.speech.lexicon import Lexicon

    path = tmp_path / "quartier.md"
    path.write_text("---\ntitle: Le quartier\nlang: fr\n---\n\nLa maison du quartier est "
                    "près de la rivière, chez Vaugirardet.\n", encoding="utf-8")  # fmt: skip
    script = make_script(load_article(path))
    found = {w.word: w for w in words_to_check([script], ToneEngine(), Lexicon())}
    assert "Vaugirardet" in found and found["Vaugirardet"].lang == "fr"
    assert not {"maison", "quartier", "rivière", "chez"} & set(found)
