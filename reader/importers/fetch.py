"""HTTP for importers: http(s) only, a timeout, and failures as one line naming the URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import UserError

USER_AGENT = "read-or-listen-import/1 (+https://github.com/read-or-listen)"
MAX_BYTES = 50 * 1024 * 1024  # a feed, a page or an image; anything larger is not one


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def fetch(url: str, *, timeout: float) -> bytes:
    """The body of `url`. UserError naming the URL when it cannot be fetched."""
    import requests

    if not is_url(url):
        raise UserError("only http and https addresses can be fetched", path=url)
    try:
        with requests.get(
            url, timeout=timeout, stream=True, headers={"User-Agent": USER_AGENT}
        ) as response:
            if response.status_code >= 400:
                raise UserError(f"the server answered {response.status_code}", path=url)
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        reason = type(exc).__name__.replace("Error", " error").strip().lower()
        raise UserError(
            f"cannot fetch ({reason}); check the address and the network", path=url
        ) from None
    if len(body) > MAX_BYTES:
        raise UserError(f"larger than {MAX_BYTES // 1024 // 1024} MB", path=url)
    return body
