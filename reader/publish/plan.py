"""The publish plan (pure): the site's files and the remote manifest -> what to do, in order.

No I/O here, so every ordering and safety rule is checked by unit tests without a server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import UserError
from .files import Phase, SiteFile, is_safe_key

# Hugo's `deploy` stops at 256 deletions by default; a mass delete is almost always a
# publish from the wrong folder or of a half-built site, so the same cap applies here.
DEFAULT_MAX_DELETES = 256


@dataclass(frozen=True)
class Plan:
    """What a publish does. Uploads are ordered media -> pages -> feed; deletions come
    after the feed is in place."""

    uploads: tuple[SiteFile, ...]
    unchanged: tuple[SiteFile, ...]
    deletions: tuple[str, ...]  # keys the last publish put there that left the site
    files: tuple[SiteFile, ...]  # every local file: the remote manifest after the publish
    # The remote manifest as read (None: first publish to this target, or it was lost).
    remote: Mapping[str, str] | None

    def in_phase(self, phase: Phase) -> list[SiteFile]:
        return [file for file in self.uploads if file.phase == phase]

    @property
    def upload_bytes(self) -> int:
        return sum(file.size for file in self.uploads)

    @property
    def changes_anything(self) -> bool:
        return bool(self.uploads or self.deletions) or self.remote != self.manifest()

    def manifest(self, *, keep: Sequence[str] = ()) -> dict[str, str]:
        """key -> SHA-256 of what is on the target once the uploads are done; `keep`: keys
        not yet deleted, which must stay listed so an interrupted publish deletes them."""
        listed = {file.key: file.sha256 for file in self.files}
        for key in keep:
            if self.remote is not None and key in self.remote:
                listed[key] = self.remote[key]
        return dict(sorted(listed.items()))


def make_plan(
    files: Sequence[SiteFile],
    remote: Mapping[str, str] | None,
    *,
    max_deletes: int = DEFAULT_MAX_DELETES,
    target: str = "target",
) -> Plan:
    """Compare by SHA-256 only (never times or ETags). Deletes only keys that an earlier
    publish recorded, so files that others put beside the site are never touched.
    `max_deletes` < 0: no cap."""
    known = remote or {}
    ordered = sorted(files, key=lambda file: (file.phase, file.key))
    uploads = tuple(file for file in ordered if known.get(file.key) != file.sha256)
    unchanged = tuple(file for file in ordered if known.get(file.key) == file.sha256)
    local = {file.key for file in files}
    # Keys from the remote manifest are remote data: a hostile or broken one is skipped,
    # never deleted (it could name something outside the target).
    deletions = tuple(sorted(key for key in known if key not in local and is_safe_key(key)))
    if 0 <= max_deletes < len(deletions):
        raise UserError(
            f"would delete {len(deletions)} files, more than --max-deletes {max_deletes}; "
            "nothing was published. Check the site folder, or pass "
            f"--max-deletes {len(deletions)} if that is intended",
            path=target,
        )
    return Plan(uploads=uploads, unchanged=unchanged, deletions=deletions,
                files=tuple(ordered), remote=remote)
