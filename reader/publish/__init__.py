"""`reader publish`: upload a built site so that no subscriber ever sees it half-done.

Reads top to bottom: scan the site (hash every file) -> read the target's manifest -> plan
(pure) -> media -> pages -> feed -> manifest -> deletions -> manifest. A publish killed at
any instant leaves the old feed with all its files, or the new feed with all of its files;
run again, it finishes the job (see `publish`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..fsutil import exclusive
from ..layout import LOCK_NAME, is_feed
from .files import Phase, SiteFile, scan_site
from .plan import DEFAULT_MAX_DELETES, Plan, make_plan
from .targets import Advance, Target, TargetOptions, open_target

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["DEFAULT_MAX_DELETES", "Plan", "PublishSummary", "describe_plan", "plan_publish",
           "publish", "publish_to"]


@dataclass(frozen=True)
class PublishSummary:
    target: str
    uploaded: tuple[str, ...]  # keys sent, in the order they were sent
    uploaded_bytes: int
    unchanged: int
    deleted: tuple[str, ...]
    dry_run: bool = False

    @property
    def feed_changed(self) -> bool:
        return bool(self.feeds_changed)

    @property
    def feeds_changed(self) -> tuple[str, ...]:
        """The feeds sent (feed.xml, feed-fr.xml ...): each is its own podcast to announce."""
        return tuple(key for key in self.uploaded if is_feed(key))

    def line(self) -> str:
        if self.dry_run:
            return (f"would publish to {self.target}: upload {len(self.uploaded)} "
                    f"({_size(self.uploaded_bytes)}), unchanged {self.unchanged}, "
                    f"delete {len(self.deleted)}")
        return (f"published to {self.target}: uploaded {len(self.uploaded)} "
                f"({_size(self.uploaded_bytes)}), unchanged {self.unchanged}, "
                f"deleted {len(self.deleted)}")


def plan_publish(site: Path, target: Target, *, max_deletes: int = DEFAULT_MAX_DELETES) -> Plan:
    return make_plan(scan_site(site), target.read_manifest(), max_deletes=max_deletes,
                     target=target.name)


def publish(
    site: Path,
    to: str,
    *,
    endpoint_url: str | None = None,
    max_deletes: int = DEFAULT_MAX_DELETES,
    dry_run: bool = False,
    show_progress: bool = True,
) -> tuple[Plan, PublishSummary]:
    """Publish the built site in `site` to `to` (s3://bucket/prefix, user@host:path or a
    folder). With `dry_run`, only plan."""
    target = open_target(to, TargetOptions(site=site, endpoint_url=endpoint_url))
    return publish_to(site, target, max_deletes=max_deletes, dry_run=dry_run,
                      show_progress=show_progress)


def publish_to(
    site: Path,
    target: Target,
    *,
    max_deletes: int = DEFAULT_MAX_DELETES,
    dry_run: bool = False,
    show_progress: bool = True,
) -> tuple[Plan, PublishSummary]:
    with _no_build_running(site):
        plan = plan_publish(site, target, max_deletes=max_deletes)
        if dry_run:
            return plan, PublishSummary(
                target=target.name, uploaded=tuple(f.key for f in plan.uploads),
                uploaded_bytes=plan.upload_bytes, unchanged=len(plan.unchanged),
                deleted=plan.deletions, dry_run=True,
            )
        return plan, _carry_out(plan, target, show_progress)


def _carry_out(plan: Plan, target: Target, show_progress: bool) -> PublishSummary:
    sent: list[SiteFile] = []
    with _byte_progress(plan.upload_bytes, target.name, show_progress) as advance:
        for phase in Phase:  # media, then pages, then the feed: this order is the guarantee
            sent += target.upload(plan.in_phase(phase), advance)
    if plan.changes_anything:
        # Written after the feed, still listing the files about to be deleted: a publish
        # killed during the deletions deletes them when run again.
        target.write_manifest(plan.manifest(keep=plan.deletions))
    if plan.deletions:
        target.delete(plan.deletions)
        target.write_manifest(plan.manifest())
    return PublishSummary(
        target=target.name,
        uploaded=tuple(file.key for file in sent),
        uploaded_bytes=sum(file.size for file in sent),
        unchanged=len(plan.files) - len(sent),
        deleted=plan.deletions,
    )


def describe_plan(plan: Plan) -> list[str]:
    """The plan, one line per action, in the order it will happen (for --dry-run)."""
    lines = [f"upload {file.key} ({file.content_type}; {file.cache_control}; "
             f"{_size(file.size)})" for file in plan.uploads]
    lines += [f"delete {key}" for key in plan.deletions]
    if plan.remote is None:
        lines.append("no publish manifest on the target yet: files already there with the "
                     "same content are not sent again")
    return lines


def _size(count: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000  # type: ignore[assignment]
    return f"{count} B"


@contextmanager
def _no_build_running(site: Path) -> Iterator[None]:
    """A build rewriting the site while it is uploaded would publish a mix of two builds."""
    if not (site / LOCK_NAME).exists():  # never built here by `reader build`: nothing to wait for
        yield
        return
    busy = "a `reader build` is writing this folder; publish when it is done"
    with exclusive(site / LOCK_NAME, busy, where=site):
        yield


def _byte_progress(total: int, name: str, enabled: bool) -> AbstractContextManager[Advance]:
    return _Bar(total, name, enabled)


class _Bar:
    """A progress bar over bytes on stderr, drawn by rich on a terminal only."""

    def __init__(self, total: int, name: str, enabled: bool) -> None:
        self.total, self.name, self.enabled = total, name, enabled
        self.progress: Progress | None = None

    def __enter__(self) -> Callable[[int], None]:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
            TransferSpeedColumn(), TimeRemainingColumn(), console=console, transient=True,
            disable=not (self.enabled and console.is_terminal and self.total),
        )
        self.progress.__enter__()
        task = self.progress.add_task(f"publishing to {self.name}", total=self.total)
        progress = self.progress
        return lambda count: progress.advance(task, count)

    def __exit__(self, *exc: object) -> None:
        assert self.progress is not None
        self.progress.__exit__(None, None, None)
