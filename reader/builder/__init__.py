"""`reader build`: the whole articles folder -> episodes, feed and pages, incrementally.

Read top to bottom, a build is: survey the sources (hash each file; load and script only
the ones whose manifest entry is not current), plan (a pure function: unchanged, retag,
rebuild, draft, remove, failed), then execute the plan (speech and episodes through the
clip cache, the site written once, replaced files removed after the new feed is in place).

Per article the manifest keeps the source's content hash and a fingerprint of every
setting that shapes its audio, so an unchanged article is not even parsed, and a changed
one reaches the engine only with its changed sentences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..config import Config, RunChoice, load_config
from ..errors import ConfigError, UserError
from ..fsutil import exclusive, fingerprint, sha256_file
from ..layout import EPISODES_DIR, LOCK_NAME
from ..progress import Report, stderr_line
from .approvals import load_approvals
from .context import BuildContext, BuildSummary
from .execute import execute
from .manifest import Manifest
from .plan import BuildSettings, plan_build
from .sources import survey


def build_site(
    articles: Path | None,
    output: Path,
    config_path: Path,
    *,
    engine: str | None = None,
    voice: str | None = None,
    show_progress: bool = True,
    report: Report | None = None,
    jobs: int | None = None,
    cluster: str | None = None,
) -> BuildSummary:
    """Build every article under `articles` into `output`. Returns what happened.

    `articles` None: the config's `[articles] folder`, else ./articles.

    Config errors stop the build before any synthesis; a bad article is reported through
    `report` (one line each, default: stderr) and the others are still built. `jobs` and
    `cluster` say where the speech and encoding run (reader.run), over [build] in the config.
    """
    config, articles = configured(articles, config_path, jobs=jobs, cluster=cluster)
    assert config.podcast is not None
    try:
        _make_output(output)
        with exclusive(output / LOCK_NAME, _BUSY, where=output):
            _remove_stale_temporaries(output)
            settings = build_settings(config, engine, voice)
            old = Manifest.load(output)
            plan = plan_build(old, survey(articles, output, old, settings), settings)
            context = BuildContext(
                config, config.podcast, articles, output, settings, engine, voice,
                show_progress, report or stderr_line,
            )  # fmt: skip
            return execute(plan, old, context)
    except OSError as exc:
        # A full disk or a read-only folder: one line naming what could not be written.
        # Every file is renamed into place only once complete, so the old site is intact.
        where = exc.filename or output
        raise UserError(f"cannot write: {exc.strerror or exc}", path=where) from exc


def configured(
    articles: Path | None, config_path: Path, *, jobs: int | None, cluster: str | None
) -> tuple[Config, Path]:
    """The build's configuration with --jobs / --cluster applied, and its articles folder;
    UserError (one line) for what a build cannot start with."""
    if jobs is not None and cluster is not None:
        raise UserError("give --jobs or --cluster, not both (a cluster has its own workers)")
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs {jobs}: give at least 1 worker process")
    config = load_config(config_path)
    if jobs is not None or cluster is not None:
        config = replace(config, run=RunChoice(jobs=jobs, cluster=cluster))
    if config.run.cluster:
        from ..run.cluster import require_dask

        require_dask()  # before any work: one line saying how to install it
    if config.podcast is None:
        raise ConfigError("[podcast] section is required for `reader build`", path=config_path)
    if articles is None:
        articles = config.articles
    if not articles.is_dir():
        raise UserError("no such folder of articles", path=articles)
    return config, articles


def build_settings(config: Config, engine: str | None, voice: str | None) -> BuildSettings:
    """The fingerprints every manifest entry is compared with, and the build's moment."""
    assert config.podcast is not None
    lexicon = config.lexicon_path
    podcast = config.podcast
    return BuildSettings(
        # Everything outside the article file that changes what its episode sounds like.
        audio_fingerprint=fingerprint((
            config.audio.fingerprint(),
            engine,
            voice,
            sha256_file(lexicon) if lexicon.is_file() else None,
            podcast.language,  # the language of every article that does not say its own
        )),
        # The ID3 album tag and the cover embedded in every episode.
        tags_fingerprint=fingerprint(
            (podcast.title, sha256_file(podcast.image) if podcast.image else None)
        ),
        now=dt.datetime.now(dt.UTC),
        language=podcast.language,
        approvals=load_approvals(config.approvals_path) if config.publish.require_approval
        else None,
    )


_BUSY = "another `reader build` is writing this folder; wait for it to finish"


def _make_output(output: Path) -> None:
    try:
        (output / EPISODES_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the output folder: {exc.strerror}", path=output) from exc


def _remove_stale_temporaries(output: Path) -> None:
    """Temporary files of a build that was killed (atomic writes never reached the rename)."""
    for pattern in (".*.tmp", "*/.*.tmp"):  # the site root, episodes/ and the page folders
        for tmp in output.glob(pattern):
            tmp.unlink(missing_ok=True)


__all__ = ["BuildSummary", "build_settings", "build_site", "configured"]
