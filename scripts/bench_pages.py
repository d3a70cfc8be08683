"""Page figures: what a first visit to a tip transfers, and Lighthouse's scores.

    .venv/bin/python scripts/bench_pages.py [--no-lighthouse]

Builds the site into a temporary directory and serves it on localhost as a
static host would (gzip, cache headers). Prints the first-visit transfer of a
tip page in each language by kind of file, next to the gzip-compressed HTML of
the page's own text (the article), and the ratio of the two (target: total
<= 120 KB). Then runs Lighthouse (npm `lighthouse`, mobile preset, Debian's
Chromium) on the home page, a tip, a worksheet and a blog post in each
language (targets: performance >= 98, accessibility, best practices, SEO 100).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
from collections import Counter

from playwright.sync_api import Browser, sync_playwright

from local_site import CHROMIUM, CHROMIUM_ARGS, ROOT, built_and_served, languages

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "tip": "tips/17/",
    "worksheet": "worksheets/complaint-log/",
    "blog post": "blog/posts/fail-a-little/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def first_visit(browser: Browser, url: str) -> tuple[Counter[str], int]:
    """Bytes transferred by kind of file, and the gzip size of the article's HTML."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="networkidle")
    weight: Counter[str] = Counter()
    for request in responses:
        sizes = request.sizes()
        weight[request.resource_type] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    article = page.locator("article").inner_html()
    context.close()
    return weight, len(gzip.compress(article.encode("utf-8"), 6))


def lighthouse(url: str) -> dict[str, int]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-path={CHROMIUM}",
         f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="page weight only")
    args = parser.parse_args()
    if not args.no_lighthouse and not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run ./scripts/setup test (npm ci)")
    with built_and_served() as (_, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        kinds = ("document", "stylesheet", "script", "font", "image", "fetch", "other")
        print("First visit to a tip page, KB transferred (gzip):")
        print(f"{'lang':<5}" + "".join(f"{k:>11}" for k in kinds) + f"{'total':>9}{'article':>9}{'ratio':>7}")
        for lang in languages():
            weight, article = first_visit(browser, f"{base}{lang}/tips/17/")
            weight["other"] += sum(v for k, v in weight.items() if k not in kinds)
            total = sum(weight[k] for k in kinds)
            print(f"{lang:<5}" + "".join(f"{weight[k] / 1024:>11.1f}" for k in kinds)
                  + f"{total / 1024:>9.1f}{article / 1024:>9.1f}{total / article:>7.1f}")
        browser.close()
        if args.no_lighthouse:
            return
        print("\nLighthouse, mobile:")
        print(f"{'page':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for lang in languages():
            for name, path in PAGES.items():
                scores = lighthouse(f"{base}{lang}/{path}")
                print(f"{lang + ' ' + name:<16}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
