"""Deterministic articles for the benchmarks: realistic prose with headings, any length.

Same seed, same bytes. Sentences are built from hand-written English parts (subject, what
they do, a closing clause) plus whole sentences with numbers, quotes and questions, and no
sentence repeats inside one article: a repeated sentence would be a clip-cache hit for the
pipeline but not for the raw engine, and the comparison would flatter the pipeline.

Length is given in words, or in minutes of audio (WORDS_PER_MINUTE, measured on the
default Piper voice with the pipeline's pauses).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

# Words per minute of finished episode (speech plus the pipeline's sentence, paragraph and
# section pauses) for en_US-joe-medium; measured on the 1,500-word benchmark article.
WORDS_PER_MINUTE = 165.0

SUBJECTS = (
    "The small library on our street",
    "My neighbour across the hall",
    "A friend of mine who teaches history",
    "The woman who runs the corner bakery",
    "Our youngest reader",
    "The night librarian",
    "Every new volunteer",
    "The reading group that meets on Tuesdays",
    "A retired engineer from the next village",
    "The city council",
    "One of the regular visitors",
    "The head of the local school",
    "A student working on her thesis",
    "The man who repairs bicycles by the station",
    "Nobody on the committee",
    "The old caretaker",
    "A visiting author",
    "The children's librarian",
    "Almost everyone in the neighbourhood",
    "The gardener who looks after the courtyard",
    "A nurse coming off the night shift",
    "The bookshop owner next door",
    "My grandmother",
    "The youngest member of staff",
    "A journalist from the regional paper",
    "The family that moved here last spring",
    "The quiet boy by the window",
    "Our most patient volunteer",
    "The translator who works upstairs",
    "A painter who rents the studio behind the hall",
)

ACTIONS = (
    "keeps a notebook of every book finished",
    "arrives ten minutes before the doors open",
    "prefers the long table under the skylight",
    "reads the newspaper from the last page to the first",
    "brings a thermos of tea and never spills a drop",
    "knows where every atlas in the building is shelved",
    "has read the same novel four times this year",
    "asks for recommendations and then ignores them",
    "writes letters by hand at the corner desk",
    "counts the visitors with a small metal clicker",
    "waters the plants on the windowsill every Friday",
    "listens to audiobooks on the walk home",
    "leaves short notes inside returned books",
    "borrows cookery books and actually cooks from them",
    "repairs torn pages with archival tape",
    "reads aloud to anyone who will sit still",
    "keeps a list of unfamiliar words",
    "walks through the park to get here",
    "sorts the returned books before anyone asks",
    "talks about the weather with genuine enthusiasm",
    "takes the stairs even on the busiest days",
    "remembers the name of every regular",
    "spends the lunch hour with a crossword",
    "brings the children in after school on Wednesdays",
    "finishes a chapter before answering any question",
    "marks the quiet hours on the calendar in green ink",
    "keeps spare reading glasses in the top drawer",
    "notices when a lamp has stopped working",
    "sets out the chairs for the evening talks",
    "carries a bag of books in each hand",
)

CLOSINGS = (
    "and nobody seems to mind",
    "because the mornings are quieter there",
    "even in the middle of winter",
    "which says a lot about the place",
    "and has done so for as long as anyone can remember",
    "although the habit started almost by accident",
    "as if it were the most natural thing in the world",
    "while the rest of the town is still asleep",
    "and the staff have come to rely on it",
    "without ever making a fuss about it",
    "so the routine feels almost like a ritual",
    "though nobody can say exactly why",
    "and it shows in the way the room feels",
    "long after the others have gone home",
    "whenever the weather turns cold",
    "and the small gesture matters more than it seems",
    "because it makes the day feel ordered",
    "which is how most good habits begin",
    "and the effect on the room is remarkable",
    "even when the building is full of noise",
    "and has quietly taught the rest of us to do the same",
    "as a way of saying thank you",
    "with a patience that is hard to explain",
    "before the lights are turned down for the evening",
    "and that is reason enough",
)

YEARS = (1987, 1994, 2003, 2009, 2012, 2015, 2018, 2021, 2023)
FINDINGS = (
    "people who read for half an hour a day slept better",
    "quiet rooms kept visitors for almost twice as long",
    "children who were read to at home borrowed more books at school",
    "short walks before reading helped people concentrate",
    "libraries with natural light had more regular visitors",
    "most readers remembered where they were when they read a favourite book",
    "a small change in lighting changed how long people stayed",
    "visitors returned more often when the chairs were comfortable",
)
QUESTIONS = (
    "What makes a room feel calm enough to read in?",
    "Why do some habits last for years while others fade in a week?",
    "Is silence something a building can be designed for?",
    "How much of a place's character comes from the people who use it?",
    "Would the same idea work in a busy city centre?",
    "What would happen if every public building had a quiet hour?",
    "Do we read differently when other people are reading around us?",
    "Can a habit be borrowed from a stranger?",
)
QUOTES = (
    "\u201cI come here to think,\u201d one visitor told us, \u201cand the books help.\u201d",
    "\u201cIt is the only room in town where nobody is selling anything,\u201d a regular said.",
    "\u201cWe did not change much,\u201d the head librarian admitted, "
    "\u201cbut we changed it on purpose.\u201d",
    "\u201cMy daughter reads more here than anywhere else,\u201d a father explained.",
    "\u201cYou can hear the pages turn,\u201d a student wrote in the visitors' book.",
)

# A heading is an opener and a phrase that fit together: "Why" + a clause, "Notes on" + a noun.
HEADING_CLAUSE_OPENERS = ("Why", "How", "When")
HEADING_CLAUSES = (
    "Quiet Rooms Work", "Habits Begin", "Small Changes Last", "Readers Come Back",
    "the Lights Go Down", "a Room Feels Calm", "Silence Spreads", "Strangers Share a Table",
    "Children Read Aloud", "the Doors Open Early", "the Regulars Stay", "a Town Slows Down",
)
HEADING_NOUN_OPENERS = (
    "Notes on", "In Praise of", "Learning from", "Beyond", "Finding", "Keeping", "On",
    "Remembering",
)
HEADING_NOUNS = (
    "the Morning Shift", "the Long Table", "Small Changes", "Reading Aloud", "the Regulars",
    "Silence", "the Courtyard Garden", "Borrowed Time", "the Evening Talks", "Good Light",
    "the Visitors' Book", "Patience", "the Last Chapter", "the Reading Group", "Shared Spaces",
    "Slow Afternoons", "Winter Evenings", "Old Maps", "Handwritten Notes", "Open Doors",
)

TITLES = (
    "Quiet Hours at the Library", "What the Regulars Taught Us", "Notes from the Long Table",
    "A Year of Reading in Public", "The Room Where Nobody Talks", "Small Habits, Long Books",
    "Why We Kept the Lights Low", "Letters from the Corner Desk",
)
AUTHORS = ("Maya Lindqvist", "Tom Okafor", "Priya Raman", "Jonas Weber", "Ana Souza")


@dataclass(frozen=True)
class GeneratedArticle:
    """A generated Markdown article and what it contains."""

    slug: str
    title: str
    markdown: str
    words: int
    sentences: tuple[str, ...]  # every body sentence, in order

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.slug}.md"
        path.write_text(self.markdown, encoding="utf-8")
        return path


class _SentenceSource:
    """Hands out sentences that never repeat inside one article."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def sentence(self) -> str:
        for _ in range(1000):
            candidate = self._candidate()
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("sentence space exhausted; add parts to benchmarks/generator.py")

    def _candidate(self) -> str:
        rng = self.rng
        roll = rng.random()
        subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
        if roll < 0.06:
            return rng.choice(QUESTIONS)
        if roll < 0.10:
            return rng.choice(QUOTES)
        if roll < 0.18:
            year, finding = rng.choice(YEARS), rng.choice(FINDINGS)
            return f"A study published in {year} found that {finding}."
        if roll < 0.30:
            return f"{subject} {action}."
        return f"{subject} {action}, {rng.choice(CLOSINGS)}."


def _heading(rng: random.Random, used: set[str]) -> str:
    for _ in range(1000):
        if rng.random() < 0.3:
            heading = f"{rng.choice(HEADING_CLAUSE_OPENERS)} {rng.choice(HEADING_CLAUSES)}"
        else:
            heading = f"{rng.choice(HEADING_NOUN_OPENERS)} {rng.choice(HEADING_NOUNS)}"
        if heading not in used:
            used.add(heading)
            return heading
    raise RuntimeError("heading space exhausted; add parts to benchmarks/generator.py")


def words_for_minutes(minutes: float) -> int:
    return round(minutes * WORDS_PER_MINUTE)


def generate_article(
    seed: int,
    *,
    words: int | None = None,
    minutes: float | None = None,
    slug: str | None = None,
    paragraphs_per_section: tuple[int, int] = (2, 4),
    sentences_per_paragraph: tuple[int, int] = (3, 6),
) -> GeneratedArticle:
    """A Markdown article of about `words` words (or `minutes` of audio), with front matter,
    an untitled opening and `##` sections. Deterministic in its arguments."""
    if (words is None) == (minutes is None):
        raise ValueError("give exactly one of words= or minutes=")
    target = words if words is not None else words_for_minutes(minutes or 0.0)
    rng = random.Random(seed)
    source = _SentenceSource(rng)
    title = f"{rng.choice(TITLES)}, Part {seed}"
    slug = slug or f"bench-{seed}"
    date = dt.date(2025, 1, 1) + dt.timedelta(days=seed % 365)
    author = rng.choice(AUTHORS)
    body: list[str] = []
    sentences: list[str] = []
    headings: set[str] = set()
    count = 0
    first_section = True
    while count < target:
        if not first_section:
            body.append(f"## {_heading(rng, headings)}")
        for _ in range(rng.randint(*paragraphs_per_section)):
            paragraph = [source.sentence() for _ in range(rng.randint(*sentences_per_paragraph))]
            sentences.extend(paragraph)
            body.append(" ".join(paragraph))
            count += sum(len(s.split()) for s in paragraph)
            if count >= target:
                break
        first_section = False
    front = "\n".join(
        [
            "---",
            f'title: "{title}"',
            f"date: {date.isoformat()}",
            f"author: {author}",
            'description: "A generated article for the read-or-listen benchmarks."',
            f"slug: {slug}",
            "---",
        ]
    )
    markdown = front + "\n\n" + "\n\n".join(body) + "\n"
    return GeneratedArticle(slug, title, markdown, count, tuple(sentences))


def replace_sentence(article: GeneratedArticle, index: int, seed: int) -> GeneratedArticle:
    """The same article with body sentence `index` replaced by a new, unused sentence."""
    old = article.sentences[index]
    source = _SentenceSource(random.Random(seed))
    source.used.update(article.sentences)
    new = source.sentence()
    if article.markdown.count(old) != 1:
        raise ValueError(f"sentence {index} is not unique in the article")
    sentences = list(article.sentences)
    sentences[index] = new
    return GeneratedArticle(
        article.slug,
        article.title,
        article.markdown.replace(old, new),
        article.words - len(old.split()) + len(new.split()),
        tuple(sentences),
    )


def write_articles(
    folder: Path, count: int, *, words: int, first_seed: int = 1
) -> list[GeneratedArticle]:
    """`count` different articles of about `words` words each, written into `folder`."""
    articles = [
        generate_article(first_seed + i, words=words, slug=f"article-{first_seed + i:04d}")
        for i in range(count)
    ]
    for article in articles:
        article.write(folder)
    return articles
