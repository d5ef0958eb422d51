"""Carry out a BuildPlan, phase by phase: retag, make episodes, write the site once, sweep.

Published episodes are immutable files named by their content (episodes/<slug>-<hash8>.mp3
and its sidecars: reader.layout), so a new or retagged episode never replaces a file the
current feed announces. The feed (and the pages that changed) are written once, at the
end; only after the new feed is renamed into place are the files of replaced or removed
episodes deleted. A build killed at any instant therefore leaves a feed whose every
enclosure exists with exactly the length it announces, and the next build finishes the
work from the clip cache.

Each phase is a function that returns what it did; only `execute` holds the new manifest,
saving it after every finished episode (still naming the site on disk), so a killed build
loses nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping

from ..layout import STAGING_DIR
from .context import BuildContext, BuildSummary
from .episodes import make_episodes
from .manifest import Entry, Manifest
from .plan import BuildPlan
from .retag import retag_episodes
from .site_writes import write_site_once
from .sweep import plan_sweep, sweep


def execute(plan: BuildPlan, old: Manifest, ctx: BuildContext) -> BuildSummary:
    """Do what `plan` says; returns what happened."""
    staging = ctx.output / STAGING_DIR
    shutil.rmtree(staging, ignore_errors=True)
    new = _carried_over(plan, old, ctx)
    failed = [ctx.fail(failure.source, failure.reason) for failure in plan.failed]

    retagged = retag_episodes(plan.retag, ctx, staging)
    new.entries.update(retagged)

    def checkpoint(made: Mapping[str, Entry]) -> None:
        Manifest({**new.entries, **made}, new.site_fingerprint, new.site_settings,
                 new.unswept).save(ctx.output)

    episodes = make_episodes(plan.rebuild, ctx, staging, checkpoint)
    new.entries.update(episodes.entries)
    shutil.rmtree(staging, ignore_errors=True)

    site = write_site_once(new, {*retagged, *(item.source for item in plan.rebuild)}, ctx)
    if site is not None:
        new.entries.update(site.entries)
        new.site_fingerprint, new.site_settings = site.site_fingerprint, site.site_settings

    # Only now, with the new feed in place, may what the old one announced go.
    removed = sweep(ctx.output, plan_sweep(plan, old, new.entries, new.unswept))
    new.unswept = []
    new.save(ctx.output)

    summary = BuildSummary(
        built=list(episodes.built),
        unchanged=[e.source for e in plan.unchanged if e.record] + list(retagged),
        failed=failed + list(episodes.failed),
        drafts=[e.source for e in plan.unchanged if not e.record]
        + [draft.source for draft in plan.drafts],
        removed=removed,
        site_written=site is not None,
        synthesized=episodes.synthesized,
        held=[waiting.slug for waiting in plan.held],
    )
    ctx.report(summary.line())
    return summary


def _carried_over(plan: BuildPlan, old: Manifest, ctx: BuildContext) -> Manifest:
    """The new manifest before any work: the entries kept as they are (unchanged, drafts,
    and failed articles' last good episodes) and the slugs to sweep at the end."""
    new = Manifest(site_fingerprint=old.site_fingerprint, site_settings=old.site_settings)
    # Slugs whose older files may outlive their entry: until the new feed is in place and
    # they are swept, a killed build's manifest says so, and the next build sweeps them.
    new.unswept = sorted(
        set(old.unswept)
        | {entry.slug for entry in plan.retag}
        | {item.article.meta.slug for item in plan.rebuild}
        | {item.replaces.slug for item in plan.rebuild if item.replaces is not None}
    )
    for entry in plan.unchanged:
        new.entries[entry.source] = entry
    for failure in plan.failed:
        if failure.keep is not None:
            new.entries[failure.source] = failure.keep  # bad input never loses work
    for waiting in plan.held:
        if waiting.keep is not None:
            new.entries[waiting.source] = waiting.keep  # the last approved episode
    for draft in plan.drafts:
        new.entries[draft.source] = Entry(
            draft.source, draft.content_sha, ctx.settings.audio_fingerprint, draft.slug, None,
            ctx.settings.tags_fingerprint, schedule=draft.schedule,
        )  # fmt: skip
    return new
