"""`user@host:path` over SSH, through the system's rsync.

rsync decides nothing here: each phase of the plan is one rsync run with an explicit file
list (--files-from), so media arrive before pages and the feed after both, and deletions
are a last run (--delete-missing-args) naming exactly the files that left the site.
--checksum makes rsync compare contents, never times, so files sent by an interrupted
publish are not sent again. rsync writes each file to a temporary and renames it, so a
subscriber never fetches half a feed. SSH settings (keys, ports, jump hosts) come from the
user's ~/.ssh/config, as for any rsync.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from ...errors import UserError
from ...fsutil import _crash_point
from ..files import SiteFile
from ..manifest import MANIFEST_KEY, decode_manifest, encode_manifest
from . import Advance, TargetKind, TargetOptions

# [user@]host:path -- not a URL (s3://...) and not a Windows drive letter (C:\...).
_SPEC = re.compile(r"^(?:[A-Za-z0-9._%+-]+@)?[A-Za-z0-9][A-Za-z0-9.\-]+:(?!//)")
_VANISHED = 24  # "some files vanished": expected when deleting files absent from the site
_BASE = ["--checksum", "--times", "--chmod=D755,F644", "--from0", "--protect-args"]


class RsyncTarget:
    """`destination` is anything rsync accepts as one: `user@host:path`, or a local folder
    (which is how the tests run the real rsync without an SSH server)."""

    def __init__(self, destination: str, site: Path) -> None:
        program = shutil.which("rsync")
        if program is None:
            raise UserError("rsync is not installed on this machine; install it (e.g. "
                            "`sudo apt-get install rsync`) or publish to s3:// or a folder",
                            path=destination)
        if destination.startswith("-"):
            raise UserError("a target may not start with '-'", path=destination)
        self.program = program
        self.name = destination
        self.site = site

    def read_manifest(self) -> dict[str, str] | None:
        with tempfile.TemporaryDirectory(prefix="reader-publish-") as folder:
            self._run(["--ignore-missing-args", self._remote(MANIFEST_KEY), folder + "/"],
                      "cannot read the publish manifest")
            local = Path(folder) / MANIFEST_KEY
            return decode_manifest(local.read_bytes(), self.name) if local.exists() else None

    def upload(self, files: Sequence[SiteFile], advance: Advance) -> list[SiteFile]:
        if not files:
            return []
        by_key = {file.key: file for file in files}
        for key in by_key:
            _crash_point(Path(key))  # fault injection for the SIGKILL tests
        sent: list[SiteFile] = []
        with _file_list(by_key) as listing:
            command = [*_BASE, f"--files-from={listing}", "--out-format=%n", "--",
                       f"{self.site}/", self._remote("")]
            for line in self._stream(command, f"cannot upload {files[0].key}"):
                file = by_key.get(line)
                if file is not None:
                    sent.append(file)
                    advance(file.size)
        # Files rsync found identical (left by an interrupted publish) are not printed.
        advance(sum(file.size for file in files) - sum(file.size for file in sent))
        return sent

    def delete(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        # Empty folders stay behind: rsync deletes a folder before the files in it.
        with _file_list(keys) as listing:
            command = [*_BASE, f"--files-from={listing}", "--delete-missing-args", "--",
                       f"{self.site}/", self._remote("")]
            self._run(command, f"cannot delete {keys[0]}", allowed=(0, _VANISHED))

    def write_manifest(self, manifest: Mapping[str, str]) -> None:
        with tempfile.TemporaryDirectory(prefix="reader-publish-") as folder:
            local = Path(folder) / MANIFEST_KEY
            local.write_bytes(encode_manifest(manifest))
            self._run(["--checksum", "--protect-args", "--", str(local),
                       self._remote(MANIFEST_KEY)], "cannot write the publish manifest")

    def _remote(self, name: str) -> str:
        if self.name.endswith(":"):  # host: is the home folder
            return self.name + (name or "./")
        return self.name.rstrip("/") + "/" + name

    def _run(self, arguments: list[str], what: str, allowed: tuple[int, ...] = (0,)) -> None:
        done = subprocess.run([self.program, *arguments], capture_output=True, text=True)
        if done.returncode not in allowed:
            raise self._error(what, done.stderr)

    def _stream(self, arguments: list[str], what: str) -> Iterator[str]:
        """Run rsync; yield the names it sends as it sends them (for the progress bar)."""
        with tempfile.TemporaryFile(mode="w+") as errors, subprocess.Popen(
            [self.program, *arguments], stdout=subprocess.PIPE, stderr=errors, text=True
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                yield line.rstrip("\n")
            process.wait()
            if process.returncode != 0:
                errors.seek(0)
                raise self._error(what, errors.read())

    def _error(self, what: str, stderr: str) -> UserError:
        last = [line for line in stderr.splitlines() if line.strip()]
        reason = last[0].strip() if last else "rsync failed"
        return UserError(f"{what}: {reason}", path=self.name)


@contextlib.contextmanager
def _file_list(keys: Iterable[str]) -> Iterator[str]:
    """A NUL-separated list of keys for --files-from (any file name survives it)."""
    with tempfile.NamedTemporaryFile(prefix="reader-publish-", suffix=".list") as handle:
        handle.write(b"".join(key.encode("utf-8") + b"\0" for key in keys))
        handle.flush()
        yield handle.name


def _open(spec: str, options: TargetOptions) -> RsyncTarget:
    return RsyncTarget(spec, options.site)


KIND = TargetKind(
    name="rsync",
    example="user@host:path (rsync over SSH)",
    matches=lambda spec: bool(_SPEC.match(spec)),
    open=_open,
)
