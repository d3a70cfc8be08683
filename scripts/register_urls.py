#!/usr/bin/env python3
"""Add the URLs of new pages and files to published-urls.txt, the registry of published URLs.

    .venv/bin/python scripts/register_urls.py                     # build the site, then add its new URLs
    .venv/bin/python scripts/register_urls.py --site-dir /tmp/site  # add the new URLs of a site built already

Run it when new pages or files are published. It never removes a line: the
build fails when a listed URL no longer leads anywhere (hooks/published_urls.py),
and a moved page gets a redirect in redirects.yml instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # the registry's format lives with the hook that checks it
from published_urls import HEADER, REGISTRY, published, read_registry  # noqa: E402

from local_site import mkdocs_build  # noqa: E402


def register(registry: Path, site_dir: Path) -> list[str]:
    """Add the site's URLs that the registry lacks; return them."""
    text = registry.read_text(encoding="utf-8")
    listed = read_registry(registry)
    header = [line for line in text.splitlines() if line.startswith("#")]
    new = sorted(published(site_dir) - set(listed))
    lines = header + sorted(set(listed) | set(new))
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="a site built already (default: build one now)")
    args = parser.parse_args()
    registry = ROOT / REGISTRY
    if not registry.exists():
        registry.write_text(HEADER, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="register-urls-") as temp:
        site_dir = args.site_dir
        if site_dir is None:
            site_dir = Path(temp)
            result = mkdocs_build(ROOT, site_dir)
            if result.returncode != 0:
                print(f"{result.stdout}{result.stderr}\nThe build failed; fix it, then register.", file=sys.stderr)
                return 1
        if not (site_dir / "index.html").is_file():
            print(f"{site_dir} is not a built site (it has no index.html)", file=sys.stderr)
            return 1
        new = register(registry, site_dir)
    if new:
        print(f"Added {len(new)} URL(s) to {REGISTRY}:\n  " + "\n  ".join(new))
    else:
        print(f"No new URLs: {REGISTRY} lists all {len(read_registry(registry))} of them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
