"""Benchmark 7: a one-article edit's cost besides synthesis, at 20, 200 and 2,000 articles.

The site speaks with the test engine (`tones`, reader/speech/engines/tones.py: a clip costs
microseconds), so what an edit costs here is everything but synthesis: surveying and
planning the folder, assembling, encoding and tagging the one episode, publishing its
files, and writing the feed, the index and that episode's page. As in benchmark 2b, one
tiny article is built for real and cloned N times, and one real build writes the whole
site; then a usual article (600 words, about 4 minutes) is added and built, and one of its
sentences is replaced and the site rebuilt in-process, once per run. The figure is the
cost at 2,000 articles over the cost at 20: an edit must not grow with the size of the
site (limit 2).
"""

from __future__ import annotations

import os
import resource

from .common import Figure, Stopwatch, log, workspace
from .generator import generate_article, replace_sentence
from .rebuild import clone_site

SIZES = (20, 200, 2000)
EDITED_WORDS = 600  # the edited article: a usual blog post (the clones are a dozen words)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (ffmpeg): unlike wall time,
    it does not depend on what else the shared machine is doing."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _edit_seconds(size: int, runs: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of each run's one-article edit at `size` articles."""
    from reader.builder import build_site

    with workspace(f"edit-scale-{size}") as folder:
        articles, output, config, _, _ = clone_site(folder, size - 1, engine="tones")
        article = generate_article(8000, words=EDITED_WORDS, slug="edited")
        article.write(articles)
        build_site(articles, output, config, show_progress=False, report=lambda _: None)
        seconds: list[float] = []
        cpu: list[float] = []
        for run in range(runs):
            article = replace_sentence(article, 0, seed=7000 + run)
            article.write(articles)
            cpu_before = _cpu_seconds()
            with Stopwatch() as watch:
                summary = build_site(
                    articles, output, config, show_progress=False, report=lambda _: None
                )
            cpu.append(_cpu_seconds() - cpu_before)
            if summary.built != [f"{article.slug}.md"] or summary.failed:
                raise RuntimeError(f"edit benchmark at {size}: {summary.line()}")
            seconds.append(watch.seconds)
    log(
        f"  one-article edit, {size} articles: {[round(s, 3) for s in seconds]} s, "
        f"CPU {[round(s, 3) for s in cpu]} s"
    )
    return seconds, cpu


def run(runs: int = 3, *, quick: bool = False) -> list[Figure]:
    """`quick` changes nothing: the clones are cheap, and three sizes are the point."""
    # The test engine is offered only where the environment asks for it (as the tests do).
    os.environ["READER_TEST_ENGINES"] = "1"
    measured = {size: _edit_seconds(size, runs) for size in SIZES}
    wall = {size: pair[0] for size, pair in measured.items()}
    cpu = {size: pair[1] for size, pair in measured.items()}
    first, last = SIZES[0], SIZES[-1]
    detail = {f"edit_s_{size}": seconds for size, seconds in wall.items()}
    detail.update({f"edit_cpu_s_{size}": seconds for size, seconds in cpu.items()})
    # What the size of the site adds to an edit, run by run (the same edits at every size).
    detail["cpu_added_by_size_s"] = [
        round(large - small, 3) for small, large in zip(cpu[first], cpu[last], strict=True)
    ]
    return [
        Figure(
            key="edit_cost_growth_cpu",
            title=f"7. One-article edit without synthesis, CPU, {last:,} / {first} articles",
            unit="ratio",
            # Paired run by run: each run makes the same edit at every size.
            runs=[large / small for small, large in zip(cpu[first], cpu[last], strict=True)],
            limit=2.0,
            how="in-process build_site with the tones test engine; CPU seconds of the process "
            "and its ffmpeg children; each run replaces one sentence of the same article, the "
            "same edit at every size; ratio of the same run at 2,000 and at 20 articles",
            detail=detail,
        ),
        Figure(
            key="edit_cost_growth",
            title=f"7. The same, wall time, {last:,} / {first} articles",
            unit="ratio",
            runs=[large / small for small, large in zip(wall[first], wall[last], strict=True)],
            how="wall seconds of the same builds; reported, not judged: on a shared machine "
            "it measures the other work as much as ours (the CPU figure above is the one that "
            "must hold)",
        ),
    ]
