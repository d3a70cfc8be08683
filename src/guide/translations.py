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


def last_changes(root: Path) -> tuple[dict[str, int], dict[str, int]]:
    """How recent the last commit that changed each file is, and the last that changed or checked it:
    a higher number is newer. A check brings its file up to date; it is no change the others must follow."""
    log = subprocess.run(
        ["git", "log", f"--format=%x00%(trailers:key={TRAILER},valueonly,separator=%x1f)%x1e", "--name-only"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout
    commits = log.split("\0")[1:]
    changed: dict[str, int] = {}
    seen: dict[str, int] = {}
    for age, entry in enumerate(commits):
        checked, _, names = entry.partition("\x1e")
        for path in (line.strip() for line in names.splitlines()):
            if path.startswith("docs/"):
                changed.setdefault(path, len(commits) - age)  # newest first: keep the first seen
                seen.setdefault(path, len(commits) - age)
        for path in (item.strip() for item in checked.split("\x1f")):
            if path.startswith("docs/"):
                seen.setdefault(path, len(commits) - age)
    return changed, seen


def status(site: Site, root: Path) -> Status:
    changed, seen = last_changes(root)
    missing: dict[str, list[str]] = {lang: [] for lang in site.languages}
    behind: dict[str, list[tuple[str, str]]] = {lang: [] for lang in site.languages}
    for key in sorted({page.key for page in site.pages if page.lang}):
        present = site.languages_of(key)
        if not key.startswith("blog/posts/"):
            for lang in site.languages:
                if lang not in present:
                    missing[lang].append(key)
        files = {lang: f"docs/{key[:-3]}.{lang}.md" for lang in present}
        newest = max(present, key=lambda lang: changed.get(files[lang], 0))
        for lang in present:
            if seen.get(files[lang], 0) < changed.get(files[newest], 0):
                behind[lang].append((files[lang], files[newest]))
    return Status(missing, behind)


def mark_checked(root: Path, paths: list[str]) -> None:
    message = f"Check {', '.join(paths)} against the other languages\n\n" + "".join(
        f"{TRAILER}: {path}\n" for path in paths
    )
    subprocess.run(["git", "commit", "--allow-empty", "--quiet", "--only", "-m", message], cwd=root, check=True)
