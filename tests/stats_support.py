"""A built site served by Debian's nginx for the stats tests: its own config on a free
127.0.0.1 port, two access logs (the plain combined format, and the same with the Range
header appended), started and stopped by the test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """\
{user}
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
  types {{ audio/mpeg mp3; text/html html; application/rss+xml xml;
          text/javascript js; application/json json; text/vtt vtt; }}
  default_type application/octet-stream;
  log_format with_range '$remote_addr - $remote_user [$time_local] "$request" $status '
                        '$body_bytes_sent "$http_referer" "$http_user_agent" "$http_range"';
  access_log {root}/access.log combined;
  access_log {root}/ranges.log with_range;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  server {{
    listen 127.0.0.1:{port};
    location {prefix} {{ alias {site}/; }}
  }}
}}
"""


@dataclass(frozen=True)
class Nginx:
    root: Path
    port: int
    prefix: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    @property
    def access_log(self) -> Path:
        return self.root / "access.log"

    @property
    def ranges_log(self) -> Path:
        return self.root / "ranges.log"


def nginx_missing() -> str | None:
    """Why nginx cannot run here, or None (scripts/ensure-test-tools installs it)."""
    if not Path(NGINX).is_file():
        return "nginx is not installed: run 'sudo apt-get install nginx-light'"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def nginx_serving(site: Path, root: Path, port: int, prefix: str = "/listen/") -> Iterator[Nginx]:
    """nginx serving `site` at http://127.0.0.1:<port><prefix> until the block ends; the
    logs are complete when it returns (nginx is stopped gracefully)."""
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    # As root, nginx's worker would drop to "nobody", who cannot read pytest's private
    # folders: keep it as this user.
    user = "user root;" if os.geteuid() == 0 else ""
    config = root / "nginx.conf"
    config.write_text(CONFIG.format(user=user, root=root, port=port, prefix=prefix,
                                    site=site.resolve()), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(config), "-e",
                                str(root / "error.log"), "-g", "daemon off;"])
    try:
        _wait_for(port, process, root)
        yield Nginx(root, port, prefix)
    finally:
        process.terminate()  # SIGTERM: nginx finishes writing its logs and exits
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("nginx did not start: "
                               + (root / "error.log").read_text("utf-8", "replace"))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("nginx did not answer on its port")
