"""Atomic file writes and path confinement, shared by every stage that writes files."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import signal
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from .errors import UserError

# mkstemp makes 0600 files; a site is uploaded and served, so finished files get the
# permissions a plain open() would give them (0666 less the umask, usually 0644).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_path(target: Path, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` only on success.

    A process killed at any instant leaves either the old file or the new one, never half.
    `durable` also survives a power cut (fsync before the rename, about 1.5 ms a file);
    without it, a crash of the whole machine may leave a damaged file, which only a cache
    that checks what it reads can accept.
    """
    tmp = _new_temporary(target)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        _crash_point(target)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _new_temporary(target: Path) -> Path:
    """An empty temporary file beside `target` (same file system, so the rename is atomic),
    named `.<name>.*.tmp` so a killed build's leftovers can be found and removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _open_temporary(target)
    os.close(fd)
    return tmp


def _open_temporary(target: Path) -> tuple[int, Path]:
    """The temporary of _new_temporary, still open for writing; its folder must exist."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.fchmod(fd, FILE_MODE)
    return fd, Path(tmp_name)


def holds(path: Path, data: bytes) -> bool:
    """True when `path` already contains exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_files_atomic(files: Mapping[Path, bytes]) -> list[Path]:
    """Write many files atomically, fast; returns the paths written.

    atomic_path fsyncs each file: right for one file, but about 3 ms per file, so a site
    of 5,000 pages would take 15 s. Here every changed file goes to a temporary, one
    os.sync() flushes them all, then each is renamed into place: each target still ends up
    old or new, never half-written. Unchanged files (and their mtimes, which upload tools
    compare) are left alone.
    """
    changed = {path: data for path, data in files.items() if not holds(path, data)}
    # Creating files is most of the cost on a large site (measured: 5,000 pages and their
    # read-along data, 10,000 files): each folder is made once, and each temporary is
    # written through the descriptor that created it instead of being opened again.
    for folder in {path.parent for path in changed}:
        folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in changed.items():
            fd, tmp = _open_temporary(path)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        if staged:
            os.sync()
        for tmp, path in staged:
            _crash_point(path)
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return [path for _, path in staged]


def _crash_point(target: Path) -> None:
    """Fault injection for the crash tests: READER_CRASH_BEFORE=<file name or glob pattern,
    such as alpha-*.mp3> makes the process SIGKILL itself with the new file complete but
    not yet renamed into place -- the worst instant to die. Unset (always, outside tests)
    it costs one environment lookup."""
    pattern = os.environ.get("READER_CRASH_BEFORE")
    if pattern and fnmatch.fnmatchcase(target.name, pattern):
        os.kill(os.getpid(), signal.SIGKILL)


def crash_point(target: Path) -> None:
    """The same fault injection for a rename done without atomic_path (a staged file)."""
    _crash_point(target)


def write_bytes_atomic(target: Path, data: bytes, *, durable: bool = True) -> None:
    with atomic_path(target, durable=durable) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def safe_join(root: Path, *parts: str) -> Path:
    """Join `parts` under `root`, refusing anything that would leave it ('..', '/', symlinks)."""
    base = root.resolve()
    candidate = base.joinpath(*parts).resolve()
    if candidate != base and base not in candidate.parents:
        raise UserError(f"path {'/'.join(parts)!r} would leave {root}", path=root)
    return candidate


def sha256_file(path: Path) -> str:
    """The file's SHA-256 in hex, read in blocks (an episode's MP3 or a voice model need not
    be held in memory to be hashed)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fingerprint(value: object) -> str:
    """16 hex digits of the SHA-256 of `value` as JSON (keys sorted; what JSON cannot say, as
    its str): what a build compares to know whether anything that shapes an output changed."""
    encoded = json.dumps(value, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


@contextlib.contextmanager
def exclusive(lock: Path, busy: str, *, where: Path) -> Iterator[None]:
    """Hold the lock file `lock` for the block; when another process holds it, stop at once
    with UserError(`busy`) naming `where`. The operating system releases the lock of a
    process that is killed, so a crashed build never blocks the next one."""
    from filelock import FileLock, Timeout  # lazily: only build and publish take a lock

    held = FileLock(str(lock), timeout=0)
    try:
        held.acquire()
    except Timeout as exc:
        raise UserError(busy, path=where) from exc
    try:
        yield
    finally:
        held.release()
