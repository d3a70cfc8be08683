"""Build time: the guide's build against stock Material + static-i18n on the same docs/.

    .venv/bin/python scripts/bench_build.py [--rounds 5] [--peer /path/to/another/checkout]

In one interleaved run (each round builds every contender once, in a rotating order,
so that a noisy machine slows them alike) it prints the median of each:

- stock: scripts/stock-mkdocs.yml, Material and static-i18n alone on the same docs/;
- cold: the guide's build in a copy with an empty cache (.cache/guide);
- warm: the same copy, built again with the cache of the previous round;
- peer (with --peer): another checkout of the project, e.g. an older commit, built as it builds.

and the ratios to stock (targets: warm <= 1.3, cold <= 2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from local_site import ROOT, copy_project

SITE_URL = "http://127.0.0.1:8000/"


def build_seconds(project: Path, config: str = "mkdocs.yml") -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    env.pop("GUIDE_LANGUAGE", None)
    if (project / "src" / "guide").is_dir():  # a peer's own plugin, not the one installed from this checkout
        env["PYTHONPATH"] = str(project / "src")
    with tempfile.TemporaryDirectory() as site_dir:
        # The disk first writes what the last round deleted (a site, a cache): no build pays for another's.
        os.sync()
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "--site-dir", site_dir],
            cwd=project, env=env, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"the build in {project} ({config}) failed:\n{result.stdout}{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="builds per contender (the median is printed)")
    parser.add_argument("--peer", type=Path, help="another checkout of the project to build as well")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cold = copy_project(Path(tmp) / "cold", share_cache=False)
        warm = copy_project(Path(tmp) / "warm", share_cache=False)
        build_seconds(warm)  # fills the warm copy's cache

        def cold_build() -> float:
            shutil.rmtree(cold / ".cache", ignore_errors=True)
            return build_seconds(cold)

        contenders: dict[str, Callable[[], float]] = {
            "stock": lambda: build_seconds(ROOT, "scripts/stock-mkdocs.yml"),
            "cold": cold_build,
            "warm": lambda: build_seconds(warm),
        }
        if args.peer:
            contenders["peer"] = lambda: build_seconds(args.peer.resolve())
        times: dict[str, list[float]] = {name: [] for name in contenders}
        names = list(contenders)
        for round_ in range(args.rounds):
            for name in names[round_ % len(names):] + names[: round_ % len(names)]:
                times[name].append(contenders[name]())
    stock = statistics.median(times["stock"])
    print(f"{'build':<8}{'median s':>10}{'min s':>8}{'max s':>8}{'/ stock':>9}   ({args.rounds} interleaved rounds)")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"{name:<8}{median:>10.2f}{min(seconds):>8.2f}{max(seconds):>8.2f}{median / stock:>9.2f}")
    print("targets: warm / stock <= 1.3, cold / stock <= 2")


if __name__ == "__main__":
    main()
