"""Which translations are missing, and which may be behind, from the git history of docs/.

A page's version in one language may be behind when another language's version changed
in a later commit. A translator who has compared them, and changed nothing or only what
was needed, marks the page checked: an empty commit with the trailer
`Translation-checked: docs/<page>.<lang>.md`, which counts as a change of that file.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .content import Site

TRAILER = "Translation-checked"


@dataclass
class Status:
    missing: dict[str, list[str]]  # language -> page keys it lacks
    behind: dict[str, list[tuple[str, str]]]  # language -> (its file, the newer file it may be behind)


def last_changes(root: Path) -> dict[str, int]:
    """How recent the last commit that changed or checked each file is: a higher number is newer."""
    log = subprocess.run(
        ["git", "log", f"--format=%x00%(trailers:key={TRAILER},valueonly)", "--name-only"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout
    commits = log.split("\0")[1:]
    changed: dict[str, int] = {}
    for age, entry in enumerate(commits):
        for path in (line.strip() for line in entry.splitlines()):
            if path.startswith("docs/"):
                changed.setdefault(path, len(commits) - age)  # newest first: keep the first seen
    return changed


def status(site: Site, root: Path) -> Status:
    changed = last_changes(root)
    missing: dict[str, list[str]] = {lang: [] for lang in site.languages}
    behind: dict[str, list[tuple[str, str]]] = {lang: [] for lang in site.languages}
    for key in sorted({page.key for page in site.pages if page.lang}):
        present = site.languages_of(key)
        if not key.startswith("blog/posts/"):
            for lang in site.languages:
                if lang not in present:
                    missing[lang].append(key)
        files = {lang: f"docs/{key[:-3]}.{lang}.md" for lang in present}
        times = {lang: changed.get(path, 0) for lang, path in files.items()}
        newest = max(times, key=lambda lang: times[lang])
        for lang in present:
            if times[lang] < times[newest]:
                behind[lang].append((files[lang], files[newest]))
    return Status(missing, behind)


def mark_checked(root: Path, paths: list[str]) -> None:
    message = f"Check {', '.join(paths)} against the other languages\n\n" + "".join(
        f"{TRAILER}: {path}\n" for path in paths
    )
    subprocess.run(["git", "commit", "--allow-empty", "--quiet", "--only", "-m", message], cwd=root, check=True)
