"""Build the site and serve it on localhost: shared by the tests and the benchmarks."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("docs", "overrides", "styles", "mkdocs.yml", "published-urls.txt", "redirects.yml")  # what a build reads
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def languages() -> tuple[str, ...]:
    """The guide's languages, as mkdocs.yml's plugins.guide.languages lists them."""
    from mkdocs.config import load_config

    return tuple(load_config(str(ROOT / "mkdocs.yml")).plugins["guide"].config.languages)


def copy_project(target: Path, share_cache: bool = True) -> Path:
    """The sources a build reads (not .venv, site or node_modules), copied to target. The copy
    shares the disk cache, whose entries are named by their inputs, so its build is warm too
    (share_cache=False: a cache of its own, empty)."""
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
        else:
            shutil.copy(ROOT / name, target / name)
    if share_cache:
        (ROOT / ".cache").mkdir(exist_ok=True)
        (target / ".cache").symlink_to(ROOT / ".cache")
    return target


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


@functools.lru_cache(maxsize=4096)
def gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file compressed once, not on every request: the tests load the same stylesheets and
    scripts hundreds of times (mtime and size tell a changed file)."""
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as a reader meets it: text gzip-compressed, files cached for an hour,
    /<lang>/... that does not exist answered by /<lang>/404.html, anything else by /404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def send_head(self):  # noqa: ANN201 (the standard library's own signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the path with a slash
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        stat = path.stat()
        body = gzipped(str(path), stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        first = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / first / "404.html"
        if not first or not page.is_file():
            page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def free_port(preferred: int = 0) -> int:
    """A free port of 127.0.0.1: preferred, if it is free, else any."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(site_dir: Path, port: int) -> Iterator[str]:
    """Serve site_dir at http://127.0.0.1:port/ until the block ends."""
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def built_and_served() -> Iterator[tuple[Path, str]]:
    """The site built into a temporary directory and served: (its folder, its URL)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp)
        result = mkdocs_build(ROOT, site_dir, f"http://127.0.0.1:{port}/")
        if result.returncode:
            raise SystemExit(f"mkdocs build failed:\n{result.stdout}{result.stderr}")
        with serve(site_dir, port) as base:
            yield site_dir, base
