"""Build time: the guide's build against stock Material + static-i18n on the same docs/.

    .venv/bin/python scripts/bench_build.py [--rounds 5] [--peer /path/to/another/checkout]

In one interleaved run (each round builds every contender once, in a rotating order,
so that a noisy machine slows them alike) it prints the median of each:

- stock: scripts/stock-mkdocs.yml, Material and static-i18n alone on the same docs/;
- cold: the guide's build in a copy with an empty cache (.cache/guide);
- warm: the same copy, built again with the cache of the previous round;
- peer (with --peer): another checkout of the project, e.g. an older commit, built as it builds.

and the ratios to stock (targets: warm <= 1.3, cold <= 2).

Nothing is deleted until the last build has run: every build writes a site folder of its own, and
the cold copy's used cache is moved aside. On an ext4 file system without a journal (this machine's),
the kernel finds a new file's inode by stepping over every inode freed in the last minute (five, if
not yet on disk), so deleting the last round's sites would slow a build the more, the more files it
writes.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from local_site import ROOT, copy_project

SITE_URL = "http://127.0.0.1:8000/"


def build_seconds(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    env.pop("GUIDE_LANGUAGE", None)
    if (project / "src" / "guide").is_dir():  # a peer's own plugin, not the one installed from this checkout
        env["PYTHONPATH"] = str(project / "src")
    os.sync()  # the disk first writes what the last build wrote: no build pays for another's
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "--site-dir", str(site_dir)],
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
        sites = itertools.count()

        def site() -> Path:
            return Path(tmp) / "sites" / str(next(sites))

        build_seconds(warm, site())  # fills the warm copy's cache

        def cold_build() -> float:
            if (cold / ".cache").exists():
                (cold / ".cache").rename(Path(tmp) / f"used-cache-{next(sites)}")
            return build_seconds(cold, site())

        contenders: dict[str, Callable[[], float]] = {
            "stock": lambda: build_seconds(ROOT, site(), "scripts/stock-mkdocs.yml"),
            "cold": cold_build,
            "warm": lambda: build_seconds(warm, site()),
        }
        if args.peer:
            contenders["peer"] = lambda: build_seconds(args.peer.resolve(), site())
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
