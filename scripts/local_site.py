"""Build the site and serve it on localhost: shared by the tests and the benchmarks."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("docs", "overrides", "styles", "mkdocs.yml", "published-urls.txt", "redirects.yml")  # what a build reads
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@functools.cache
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


def free_port(preferred: int = 0) -> int:
    """A free port of 127.0.0.1: preferred, if it is free, else any."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A static host with no rules of the site's own (GitHub Pages; Cloudflare Pages without _redirects), as the
# tests and benchmarks meet it: text gzip-compressed, files cached for an hour, a missing /<lang>/... answered
# by /<lang>/404.html and anything else by /404.html. No redirect by language and no CSP: the site's own
# JavaScript does what such a host does not (test_hosting.py serves the site with the rules the build writes).
STATIC_HOST = """index index.html;
gzip on;
gzip_types text/css text/plain text/xml application/xml application/javascript application/json image/svg+xml;
add_header Cache-Control "public, max-age=3600";
error_page 403 404 =404 /404.html;
location ~ ^/(?<language>%s)/ {
    error_page 403 404 =404 /$language/404.html;
}
"""


@contextlib.contextmanager
def serve(site_dir: Path, port: int, server_file: Path | None = None) -> Iterator[str]:
    """Serve site_dir at http://127.0.0.1:port/ with nginx, by server_file's rules or else a static host's
    (STATIC_HOST), until the block ends; nginx is stopped by its process id."""
    from guide.hosting import nginx_conf, nginx_executable

    executable = nginx_executable()
    if not Path(executable).exists():
        raise RuntimeError(f"{executable} is missing: run ./scripts/setup test")
    with tempfile.TemporaryDirectory(prefix="nginx-") as tmp:
        run_dir = Path(tmp)
        if server_file is None:
            server_file = run_dir / "static-host.conf"
            server_file.write_text(STATIC_HOST % "|".join(languages()), encoding="utf-8")
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_conf(site_dir, server_file, port, run_dir), encoding="utf-8")
        with (run_dir / "stderr").open("w") as log:
            process = subprocess.Popen([executable, "-p", str(run_dir), "-c", str(conf), "-e", "stderr"], stderr=log)
            try:
                _wait_for(port, process, run_dir / "stderr")
                yield f"http://127.0.0.1:{port}/"
            finally:
                process.send_signal(signal.SIGQUIT)  # the master, by its pid: finish the requests, then stop
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"nginx did not start:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


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
