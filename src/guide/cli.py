"""The guide's maintenance commands, one per job (./scripts/guide COMMAND --help):

  new-language CODE NAME   add a language: its config blocks with every string to translate
  translations [--check F] which pages each language lacks or may be behind in; mark F checked
  register-urls            add the URLs of a fresh build to published-urls.txt
  snippet TIP… --lang L    tips as a ready block for a client newsletter
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from . import scaffold, snippets, translations, urls
from .cache import DiskCache
from .project import Project, load_project

ROOT = Path.cwd()


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line on stderr and exit code 2, without argparse's usage block."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def guide_config(root: Path) -> tuple[Any, Any]:
    """mkdocs.yml's config and the guide plugin's, checked as the build checks them."""
    try:
        config = load_config(str(root / "mkdocs.yml"))
    except ConfigurationError as error:
        raise SystemExit(f"mkdocs.yml: {error}") from None
    return config, config.plugins["guide"].config


def project(root: Path) -> tuple[Any, Any, Project]:
    """The content, checked: the commands never work from content the build would refuse."""
    config, guide = guide_config(root)
    loaded = load_project(guide, config.docs_dir, DiskCache(root / guide.cache_dir))
    if loaded.problems:
        raise SystemExit(f"The content has {len(loaded.problems)} problem(s):\n  " + "\n  ".join(loaded.problems))
    return config, guide, loaded


def new_language(args: argparse.Namespace) -> None:
    _, guide = guide_config(ROOT)
    if args.code in guide.languages:
        raise SystemExit(f"'{args.code}' is a language of the guide already")
    scaffold.add_language(ROOT / "mkdocs.yml", args.code, args.name, guide.languages[guide.root_language]["ui"])
    pages = sorted({p.relative_to(ROOT / "docs").as_posix().rsplit(".", 2)[0]
                    for p in (ROOT / "docs").rglob(f"*.{guide.root_language}.md")})
    print(f"Added {args.name} ({args.code}) to mkdocs.yml: translate every string marked ~ there, and the site\n"
          f"name and navigation titles of its plugins.i18n entry. Then write styles/{args.code}.yml (copy styles/"
          f"{guide.root_language}.yml) and these {len(pages)} pages, as docs/<page>.{args.code}.md:\n  "
          + "\n  ".join(pages)
          + "\n./scripts/build lists whatever is still missing.")


def show_translations(args: argparse.Namespace) -> None:
    if args.check:
        translations.mark_checked(ROOT, args.check)
        print(f"Marked {len(args.check)} file(s) checked.")
        return
    _, _, loaded = project(ROOT)
    found = translations.status(loaded.site, ROOT)
    for lang in loaded.site.languages:
        missing, behind = found.missing[lang], found.behind[lang]
        print(f"{lang}: {len(missing)} missing, {len(behind)} may be behind")
        print("".join(f"  missing  docs/{key[:-3]}.{lang}.md\n" for key in missing), end="")
        print("".join(f"  behind   {path}  (changed since: {newer})\n" for path, newer in behind), end="")
    if any(found.behind.values()):
        print("After comparing a file with the newer one and updating it, commit it; if it needed no change, "
              "mark it: ./scripts/translations --check FILE")


def register_urls(args: argparse.Namespace) -> None:
    config, guide = guide_config(ROOT)
    registry = Path(guide.published_urls)
    with tempfile.TemporaryDirectory(prefix="register-urls-") as temp:
        site_dir = args.site_dir or Path(temp)
        if args.site_dir is None:
            from mkdocs.commands.build import build

            config.site_dir = str(site_dir)
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        listed = set(urls.read_registry(registry)) if registry.exists() else set()
        new = urls.published(site_dir) - listed
        urls.write_registry(registry, listed | new)
    print(f"Added {len(new)} URL(s) to {registry.name}" + "".join(f"\n  {url}" for url in sorted(new)))


def snippet(args: argparse.Namespace) -> None:
    config, _, loaded = project(ROOT)
    site = loaded.site
    if args.lang not in site.languages:
        raise SystemExit(f"language '{args.lang}' is not in the guide; use one of {', '.join(site.languages)}")
    if args.utm is not None and not args.utm.strip():
        raise SystemExit("--utm needs a campaign name")
    if not config.site_url:
        raise SystemExit("SITE_URL is not set: a newsletter's links need the site's address, "
                         "e.g. SITE_URL=https://guide.example.com/ ./scripts/guide snippet …")
    chosen: list[snippets.Tip] = []
    for arg in args.tips:
        number = int(arg) if arg.isdecimal() else None
        page = site.tip(number, args.lang) if number else None
        if number is None or page is None:
            raise SystemExit(f"'{arg}' is not a tip; tips are numbered 1 to {site.tip_count}")
        if any(tip.number == number for tip in chosen):
            raise SystemExit(f"tip {number} is listed twice; list each tip once")
        url = snippets.tip_url(config.site_url, args.lang, number, args.utm)
        chosen.append(snippets.Tip(number, page.title, page.meta["description"], url))
    ui = loaded.ui[args.lang]
    headings = ui["tips_this_month"]
    heading = headings.get(len(chosen), headings["other"]) if len(chosen) > 1 else None
    block = snippets.Snippet(chosen, heading, ui["read_tip"], args.lang)
    if args.format == "all":
        formats = snippets.FORMATS.items()
        print("\n\n".join(f"--- {label} ---\n{snippets.RENDER[name](block)}" for name, label in formats))
    else:
        print(snippets.RENDER[args.format](block))


def main(argv: list[str] | None = None) -> None:
    parser = Parser(prog="guide", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=Parser)
    new = commands.add_parser("new-language", help="add a language")
    new.add_argument("code", help="its code, e.g. de")
    new.add_argument("name", help="its name in itself, e.g. Deutsch")
    new.set_defaults(run=new_language)
    status = commands.add_parser("translations", help="missing and possibly outdated translations")
    status.add_argument("--check", nargs="+", metavar="FILE", help="mark these files checked (an empty commit)")
    status.set_defaults(run=show_translations)
    register = commands.add_parser("register-urls", help="add new URLs to the registry")
    register.add_argument("--site-dir", type=Path, help="a site built already (default: build one now)")
    register.set_defaults(run=register_urls)
    tips = commands.add_parser("snippet", help="tips for a newsletter")
    tips.add_argument("tips", nargs="+", metavar="TIP", help="tip numbers")
    tips.add_argument("--lang", required=True)
    tips.add_argument("--format", choices=[*snippets.FORMATS, "all"], default="all", help="default: all")
    tips.add_argument("--utm", metavar="CAMPAIGN", help="utm_source=newsletter, utm_medium=email, utm_campaign=…")
    tips.set_defaults(run=snippet)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
