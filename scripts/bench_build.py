"""Build-time figures: the full build, one-language builds, and how time grows with pages.

    .venv/bin/python scripts/bench_build.py [--runs 3] [--scales 1 2 5 10]

Prints the median time of the full four-language build and of each
one-language build (GUIDE_LANGUAGE, as `./scripts/serve fi` uses), the ratio
of the full build to the four one-language builds together (target <= 1.2),
and the full build of synthetic copies with 2x, 5x and 10x the pages (extra
pages written from the tips' own text and listed in the navigation), with the
time per page, which should not grow (linear or better). Last, the time from
saving a page to `mkdocs serve` serving the new text (target <= 2 s), for all
languages and for one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from local_site import LANGUAGES, ROOT, copy_project, free_port


def build_seconds(project: Path, language: str | None = None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GUIDE_LANGUAGE", None)
    if language:
        env["GUIDE_LANGUAGE"] = language
    with tempfile.TemporaryDirectory() as site_dir:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", site_dir],
            cwd=project, env=env, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stdout}{result.stderr}")
    return seconds


def median_seconds(project: Path, runs: int, language: str | None = None) -> float:
    return statistics.median(build_seconds(project, language) for _ in range(runs))


def synthetic_copy(target: Path, scale: int) -> int:
    """A copy of the project with (scale - 1) extra pages per tip; returns pages per language."""
    copy_project(target)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav_end = "  - about.md\n"
    assert nav_end in config, "the navigation of mkdocs.yml no longer ends with about.md"
    extra_nav = []
    for copy in range(1, scale):
        for tip in range(1, 26):
            key = f"extra/{copy}-{tip}"
            extra_nav.append(f"      - {key}.md\n")
            for lang in LANGUAGES:
                text = (ROOT / f"docs/tips/{tip}.{lang}.md").read_text(encoding="utf-8")
                body = text.split("\n---\n", 1)[1].replace("](", "](../tips/").replace("](../tips/../", "](../")
                meta = text.split("\n---\n", 1)[0].split("\n")
                title = next(line for line in meta if line.startswith("title:"))
                description = next(line for line in meta if line.startswith("description:"))
                page = target / f"docs/{key}.{lang}.md"
                page.parent.mkdir(exist_ok=True)
                page.write_text(f"---\n{title}\n{description}\n---\n\n# {copy}-{tip}\n{body}", encoding="utf-8")
    if extra_nav:
        config = config.replace(nav_end, nav_end + "  - Extra:\n" + "".join(extra_nav))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return sum(1 for _ in (target / "docs").rglob("*.en.md"))


def serve_reload_seconds(language: str | None) -> float:
    """Seconds from saving tips/17.fi.md in a copy to `mkdocs serve` serving the change."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        synthetic_copy(project, 1)
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("GUIDE_LANGUAGE", None)
        if language:
            env["GUIDE_LANGUAGE"] = language
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/fi/tips/17/"
        try:
            wait_for(url, "")
            page = project / "docs/tips/17.fi.md"
            marker = f"bench-{time.time_ns()}"
            time.sleep(1)  # let the watcher settle after the first build
            start = time.perf_counter()
            page.write_text(page.read_text(encoding="utf-8") + f"\n<!-- {marker} -->\n", encoding="utf-8")
            wait_for(url, marker)
            return time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()


def wait_for(url: str, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per figure (the median is printed)")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 5, 10], help="page multipliers")
    args = parser.parse_args()

    full = median_seconds(ROOT, args.runs)
    single = {lang: median_seconds(ROOT, args.runs, lang) for lang in LANGUAGES}
    print(f"full build (4 languages): {full:.2f} s")
    for lang, seconds in single.items():
        print(f"one language, {lang}: {seconds:.2f} s")
    print(f"full / sum of one-language builds: {full / sum(single.values()):.2f} (target <= 1.2)")

    print(f"\n{'scale':>5}{'pages/lang':>12}{'seconds':>10}{'ms/page':>9}")
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            pages = synthetic_copy(Path(tmp), scale)
            seconds = median_seconds(Path(tmp), 1 if scale > 2 else args.runs)
        print(f"{scale:>5}{pages:>12}{seconds:>10.2f}{seconds * 1000 / (4 * pages):>9.1f}")

    print(f"\nedit to reload, ./scripts/serve: {serve_reload_seconds(None):.2f} s")
    print(f"edit to reload, ./scripts/serve fi: {serve_reload_seconds('fi'):.2f} s (target <= 2 s)")


if __name__ == "__main__":
    main()
