"""The benchmarks' article generator: same seed, same article; realistic, loadable prose."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generator import generate_article, replace_sentence, words_for_minutes
from reader.load import load_article
from reader.script import make_script


def test_same_seed_gives_the_same_bytes_and_another_seed_another_article() -> None:
    first = generate_article(42, words=800)
    assert generate_article(42, words=800).markdown == first.markdown
    assert generate_article(43, words=800).markdown != first.markdown


def test_length_follows_the_word_count_or_the_minutes() -> None:
    article = generate_article(1, words=1500)
    assert 1500 <= article.words <= 1500 + 150  # stops after the paragraph that reaches it
    assert len(article.markdown.split()) >= 1500
    timed = generate_article(1, minutes=10)
    assert timed.words >= words_for_minutes(10) > 1000


def test_no_sentence_repeats_so_the_clip_cache_cannot_flatter_the_pipeline() -> None:
    article = generate_article(7, words=26_000)
    assert len(set(article.sentences)) == len(article.sentences) > 1000


def test_it_loads_as_an_article_with_front_matter_and_sections(tmp_path: Path) -> None:
    generated = generate_article(5, words=600, slug="five")
    article = load_article(generated.write(tmp_path))
    assert article.meta.slug == "five"
    assert article.meta.title == generated.title
    assert article.meta.author
    assert article.sections[0].title is None  # the untitled opening
    assert len(article.sections) >= 2 and all(s.title for s in article.sections[1:])
    spoken = make_script(article)
    assert generated.sentences[0] in spoken.sections[0].sentences


def test_replacing_a_sentence_changes_only_that_sentence() -> None:
    article = generate_article(9, words=300)
    edited = replace_sentence(article, 4, seed=1)
    assert edited.sentences[4] != article.sentences[4]
    assert edited.sentences[4] not in article.sentences
    assert edited.sentences[:4] == article.sentences[:4]
    assert edited.sentences[5:] == article.sentences[5:]
    assert edited.markdown.replace(edited.sentences[4], article.sentences[4]) == article.markdown
