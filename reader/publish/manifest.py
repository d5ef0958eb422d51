"""The remote manifest: key -> SHA-256 of every file a publish put on the target.

It lives beside the site as `.publish-manifest.json`, is written only after the feed is in
place, and is the only thing compared: never modification times or ETags (an ETag is not a
content hash for multipart uploads, and differs between S3-compatible stores).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..errors import UserError

MANIFEST_KEY = ".publish-manifest.json"
FORMAT = "read-or-listen publish manifest 1"


def encode_manifest(files: Mapping[str, str]) -> bytes:
    body = {"format": FORMAT, "files": dict(sorted(files.items()))}
    return (json.dumps(body, indent=1) + "\n").encode("utf-8")


def decode_manifest(data: bytes, where: str) -> dict[str, str]:
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(where) from exc
    files = body.get("files") if isinstance(body, dict) else None
    if body.get("format") != FORMAT or not isinstance(files, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in files.items()
    ):
        raise _unreadable(where)
    return files


def _unreadable(where: str) -> UserError:
    return UserError(
        f"{MANIFEST_KEY} there is not a publish manifest this version can read; remove it "
        "and publish again (every file is then compared by its hash)",
        path=where,
    )
