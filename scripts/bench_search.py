"""Search figures per language: index size, time to first result, recall.

    .venv/bin/python scripts/bench_search.py [--runs 15]

Builds the site into a temporary directory, serves it on localhost and types
into the search box in Debian's Chromium. Prints, per language: the size of
that language's Pagefind index (metadata and word index, uncompressed and
gzip-compressed as served) and the most one query fetches of it (Pagefind
splits the word index into chunks and loads only those a query's words are
in), the time from the first keystroke to the first result once the index is
loaded (median of --runs), and recall: the share of the queries in
tests/search_queries.yml whose tip is among the top three results.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from local_site import CHROMIUM, CHROMIUM_ARGS, ROOT, built_and_served, languages
from site_search import search, time_to_first_result, tip_number

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))


def index_files(site_dir: Path, lang: str) -> list[Path]:
    pagefind = site_dir / "pagefind" / lang
    return [*pagefind.glob(f"pagefind.{lang}_*.pf_meta"), *(pagefind / "index").glob(f"{lang}_*.pf_index")]


def sizes(files: list[Path]) -> tuple[int, int]:
    """Bytes uncompressed and as served (Pagefind stores its files gzip-compressed)."""
    data = [f.read_bytes() for f in files]
    packed = [d if d[:2] == b"\x1f\x8b" else gzip.compress(d, 9) for d in data]
    return sum(len(gzip.decompress(p)) for p in packed), sum(map(len, packed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed searches per language")
    args = parser.parse_args()
    with built_and_served() as (site_dir, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shared = sizes([site_dir / "pagefind/en/pagefind.js", site_dir / "pagefind/en/pagefind-worker.js"])
        wasm = sizes([site_dir / "pagefind/en/wasm.en.pagefind"])
        print(f"loaded once: pagefind.js and worker {shared[1] / 1024:.1f} KB gzip, wasm {wasm[1] / 1024:.1f} KB gzip")
        print(f"{'lang':<5}{'index KB':>10}{'gzip KB':>9}{'per query':>11}{'first result ms':>17}{'recall@3':>10}")
        for lang in languages():
            page = browser.new_page()
            page.goto(f"{base}{lang}/tips/")
            queries = QUERIES[lang]
            hits = sum(q["tip"] in [tip_number(url) for url in search(page, q["query"])[:3]] for q in queries)
            times = [time_to_first_result(page, queries[i % len(queries)]["query"]) for i in range(args.runs)]
            files = index_files(site_dir, lang)
            raw, packed = sizes(files)
            per_query = files[0].stat().st_size + max(f.stat().st_size for f in files[1:])
            print(
                f"{lang:<5}{raw / 1024:>10.1f}{packed / 1024:>9.1f}{per_query / 1024:>11.1f}"
                f"{statistics.median(times):>17.1f}{hits / len(queries):>10.0%}"
            )
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
