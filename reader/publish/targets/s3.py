"""Any S3-compatible store: AWS S3, Cloudflare R2, Backblaze B2, MinIO (`--endpoint-url`).

Credentials come the usual AWS way, through boto3's own chain (environment variables,
~/.aws/credentials and AWS_PROFILE, instance roles); this module never reads secrets itself.
Each object carries its SHA-256 as metadata (x-amz-meta-sha256), so a publish interrupted
before the manifest was written finds what it already sent with one HEAD per planned file
instead of sending it again.

CORS (podcast apps fetch transcripts and chapters from other origins) is not changed here:
it is a bucket-wide setting, a publish key should not need the right to change it, and
setting it would overwrite rules the owner made. docs/publishing.md gives the one command to run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ...errors import UserError
from ...fsutil import _crash_point
from ..files import SiteFile, is_safe_key
from ..manifest import MANIFEST_KEY, decode_manifest, encode_manifest
from . import Advance, TargetKind, TargetOptions

_SPEC = re.compile(r"^s3://(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(?:/(?P<prefix>.*))?$")
SHA_METADATA = "sha256"
_MANIFEST_TYPE = "application/json"
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys


class S3Target:
    def __init__(self, spec: str, bucket: str, prefix: str, endpoint_url: str | None) -> None:
        try:
            import boto3
            from boto3.s3.transfer import TransferConfig
        except ImportError as exc:
            raise UserError(
                "publishing to S3 needs boto3: pip install 'read-or-listen[s3]'", path=spec
            ) from exc
        self.name = spec
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        self._client: Any = boto3.session.Session().client("s3", endpoint_url=endpoint_url)
        # One PUT per episode up to 64 MB (simpler for every store); multipart above.
        self._transfer = TransferConfig(multipart_threshold=64 << 20, multipart_chunksize=16 << 20)

    def read_manifest(self) -> dict[str, str] | None:
        try:
            body = self._client.get_object(Bucket=self.bucket, Key=self._key(MANIFEST_KEY))
            data = body["Body"].read()
        except Exception as exc:
            if _code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise self._error("cannot read the publish manifest", exc) from exc
        return decode_manifest(data, self.name)

    def upload(self, files: Sequence[SiteFile], advance: Advance) -> list[SiteFile]:
        sent = []
        for file in files:
            _crash_point(Path(file.key))  # fault injection for the SIGKILL tests
            if self._holds(file):
                advance(file.size)
                continue
            extra = {
                "ContentType": file.content_type,
                "CacheControl": file.cache_control,
                "Metadata": {SHA_METADATA: file.sha256},
            }
            try:
                self._client.upload_file(
                    str(file.path), self.bucket, self._key(file.key), ExtraArgs=extra,
                    Callback=advance, Config=self._transfer,
                )
            except Exception as exc:
                raise self._error(f"cannot upload {file.key}", exc) from exc
            sent.append(file)
        return sent

    def delete(self, keys: Sequence[str]) -> None:
        for start in range(0, len(keys), _DELETE_BATCH):
            batch = keys[start:start + _DELETE_BATCH]
            try:
                answer = self._client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": self._key(key)} for key in batch],
                            "Quiet": True},
                )
            except Exception as exc:
                raise self._error(f"cannot delete {batch[0]}", exc) from exc
            for failure in answer.get("Errors", []):
                raise UserError(f"cannot delete {failure.get('Key')}: {failure.get('Code')}",
                                path=self.name)

    def write_manifest(self, manifest: Mapping[str, str]) -> None:
        try:
            self._client.put_object(
                Bucket=self.bucket, Key=self._key(MANIFEST_KEY), Body=encode_manifest(manifest),
                ContentType=_MANIFEST_TYPE, CacheControl="no-cache",
            )
        except Exception as exc:
            raise self._error("cannot write the publish manifest", exc) from exc

    def _holds(self, file: SiteFile) -> bool:
        """The object is already there with this content (sent by an interrupted publish)."""
        try:
            head = self._client.head_object(Bucket=self.bucket, Key=self._key(file.key))
        except Exception as exc:
            if _code(exc) in ("404", "NoSuchKey", "NotFound"):
                return False
            raise self._error(f"cannot check {file.key}", exc) from exc
        return bool(
            head.get("Metadata", {}).get(SHA_METADATA) == file.sha256
            and head.get("ContentType") == file.content_type
            and head.get("CacheControl") == file.cache_control
        )

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _error(self, what: str, exc: Exception) -> UserError:
        return UserError(f"{what}: {_reason(exc, self.endpoint_url)}", path=self.name)


def _code(exc: Exception) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code"))
    return None


def _reason(exc: Exception, endpoint_url: str | None) -> str:
    from botocore.exceptions import EndpointConnectionError, NoCredentialsError

    cause = exc.__cause__ or exc.__context__
    for error in (exc, cause):
        if isinstance(error, NoCredentialsError):
            return ("no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                    "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE")
        if isinstance(error, EndpointConnectionError):
            return f"cannot connect to {endpoint_url or 'the S3 endpoint'}"
    response = getattr(exc, "response", None) or getattr(cause, "response", None)
    if isinstance(response, dict) and "Error" in response:
        error = response["Error"]
        return f"{error.get('Code')}: {error.get('Message') or 'refused'}"
    return " ".join(str(exc).split())  # one line


def _open(spec: str, options: TargetOptions) -> S3Target:
    match = _SPEC.match(spec)
    if match is None:
        raise UserError("not an S3 target; write it as s3://bucket or s3://bucket/prefix",
                        path=spec)
    prefix = (match["prefix"] or "").strip("/")
    if prefix and not is_safe_key(prefix):
        raise UserError(f"prefix {prefix!r} is not a plain folder path", path=spec)
    return S3Target(spec, match["bucket"], prefix, options.endpoint_url)


KIND = TargetKind(
    name="s3",
    example="s3://bucket/prefix",
    matches=lambda spec: spec.startswith("s3://"),
    open=_open,
)
