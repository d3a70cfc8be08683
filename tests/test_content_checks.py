"""The content model and its checks, in-process: each kind of mistake in a copy of docs/ (or in the
config) gives exactly the one-line message that names the file and the fix.

guide.project.load_project reads and checks the content as the build does at config time, so these
tests need no build; tests/test_content_errors.py builds once per class of error to show that the
build stops with those lines and no traceback.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageColor

from conftest import LANGUAGES, SOURCE, load_docs
from guide import cards, checks
from guide.cache import DiskCache
from guide.config import language_problems
from guide.content import PHASES, split_name
from guide.previews import CardMaker
from guide.project import Project


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of docs/ to break on purpose."""
    return Path(shutil.copytree(SOURCE / "docs", tmp_path / "docs"))


def problems(guide_config: Any, docs: Path) -> list[str]:
    return load_docs(guide_config, docs).problems


def others(lang: str) -> str:
    """The other languages, as a message lists them."""
    return ", ".join(other for other in LANGUAGES if other != lang)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_front_matter(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"{key} is not in {path}"
    path.write_text(new, encoding="utf-8")


def test_the_real_content_has_no_problem_and_its_tips_are_the_files_of_docs_tips(project: Project) -> None:
    assert project.problems == []
    numbers = {int(key[len("tips/"):-3]) for key, _ in map(split_name, (
        p.relative_to(SOURCE / "docs").as_posix() for p in (SOURCE / "docs/tips").glob("*.md"))) if key[5:-3].isdigit()}
    assert project.site.tip_numbers == sorted(numbers) and project.site.tip_count == len(numbers) > 0
    assert project.site.languages == LANGUAGES
    for lang in LANGUAGES:  # every tip in every language, and every count the UI prints filled in
        assert [n for n in project.site.tip_numbers if project.site.tip(n, lang) is None] == []
        assert str(project.site.tip_count) in project.ui[lang]["all_tips"]
        assert "{tip_count}" not in str(project.ui[lang])


def test_missing_translation(guide_config: Any, docs: Path) -> None:
    (docs / "tips/2.pl.md").unlink()
    assert problems(guide_config, docs) == [
        f"docs/tips/2.pl.md: missing; write the pl version of tips/2.md (it exists in {others('pl')})"
    ]


def test_a_tip_number_that_is_not_the_files(guide_config: Any, docs: Path) -> None:
    """The old duplicate-number check: a tip's number is its file's, the same in every language."""
    set_front_matter(docs / "tips/3.fi.md", "tip", "2")
    assert problems(guide_config, docs) == [
        "docs/tips/3.fi.md: the front matter says tip 2 but the file is tips/3; make them agree",
        f"docs/tips/3.fi.md: 'tip' is 2 but {others('fi')} say 3; use the same in every language",
    ]


def test_tips_are_numbered_without_gaps(guide_config: Any, docs: Path, project: Project) -> None:
    """The old 'out of range' rule is gone (the range is what docs/tips/ holds); a gap is not."""
    last = project.site.tip_count
    for lang in LANGUAGES:
        shutil.copy(docs / f"tips/{last}.{lang}.md", docs / f"tips/{last + 2}.{lang}.md")
        set_front_matter(docs / f"tips/{last + 2}.{lang}.md", "tip", str(last + 2))
    found = problems(guide_config, docs)
    assert sorted(found) == sorted([
        f"docs/tips/{last + 1}.en.md: missing; tips are numbered 1 to {last + 2} without gaps",
        f"docs/tips/{last + 2}.en.md: no other tip links to tip {last + 2}; add it to another tip's 'related'",
    ])


def test_a_new_tip_in_a_group_needs_only_its_files_and_a_link(guide_config: Any, docs: Path, project: Project) -> None:
    """The count, the UI strings that print it and the tips' range follow docs/tips/; a group is optional."""
    new = project.site.tip_count + 1
    for lang in LANGUAGES:
        tip = docs / f"tips/{new}.{lang}.md"
        shutil.copy(docs / f"tips/{new - 1}.{lang}.md", tip)
        set_front_matter(tip, "tip", str(new))
        set_front_matter(tip, "related", f"[{new - 1}]")
        set_front_matter(docs / f"tips/{new - 1}.{lang}.md", "related",
                         str([*project.site.tip(new - 1, lang).meta["related"], new]))
        index = docs / f"tips/index.{lang}.md"
        text, count = re.subn(r"(tips: \[[^\]]*)\]", rf"\1, {new}]", index.read_text(encoding="utf-8"), count=1)
        assert count == 1, f"{index} has no group of tips"
        index.write_text(text, encoding="utf-8")
    loaded = load_docs(guide_config, docs)
    assert loaded.problems == []
    assert loaded.site.tip_count == new and loaded.site.tip_numbers[-1] == new
    for lang in LANGUAGES:
        assert str(new) in loaded.ui[lang]["all_tips"] and str(new) in loaded.ui[lang]["tagline"]


@pytest.mark.parametrize(("value", "problem"), [
    ("wrong: colon", "mapping values are not allowed in this context"),  # libyaml's words
    ('"an unclosed quote', None),  # YAML notices it where the front matter ends
])
def test_broken_yaml(guide_config: Any, docs: Path, value: str, problem: str | None) -> None:
    page = docs / "tips/1.sv.md"
    set_front_matter(page, "title", value)
    lines = page.read_text(encoding="utf-8").splitlines()
    line = lines.index(f"title: {value}") + 1 if problem else lines.index("---", 1) + 1
    found = problems(guide_config, docs)
    # one line: the unreadable file is left out of the checks that compare the languages
    assert found == [f"docs/tips/1.sv.md: the front matter is not valid YAML at line {line} "
                     f"({problem or 'found unexpected end of stream'}); fix it"]


def test_missing_description(guide_config: Any, docs: Path) -> None:
    page = docs / "viva/value.en.md"
    page.write_text(re.sub(r"^description:.*\n", "", page.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert problems(guide_config, docs) == [
        f"docs/viva/value.en.md: no description; add a 'description:' of at most {checks.DESCRIPTION_MAX} characters"
    ]


def test_too_long_description(guide_config: Any, docs: Path) -> None:
    set_front_matter(docs / "tips/4.en.md", "description", "A" * (checks.DESCRIPTION_MAX + 1))
    found = problems(guide_config, docs)
    assert (f"docs/tips/4.en.md: the description is {checks.DESCRIPTION_MAX + 1} characters; "
            f"shorten it to {checks.DESCRIPTION_MAX} or fewer") in found
    assert all(p.startswith("docs/tips/4.en.md: ") for p in found), found


def test_unknown_viva_phase(guide_config: Any, docs: Path, project: Project) -> None:
    set_front_matter(docs / "tips/5.fi.md", "viva", "planning")
    phase = project.site.tip(5, "sv").meta["viva"]
    assert problems(guide_config, docs) == [
        f"docs/tips/5.fi.md: unknown viva phase 'planning'; use one of {', '.join(PHASES)}",
        f"docs/tips/5.fi.md: 'viva' is 'planning' but {others('fi')} say {phase!r}; use the same in every language",
    ]


def test_related_tip_that_does_not_exist(guide_config: Any, docs: Path, project: Project) -> None:
    missing = project.site.tip_count + 74
    related = project.site.tip(6, "pl").meta["related"]
    set_front_matter(docs / "tips/6.pl.md", "related", str([*related, missing]))
    found = problems(guide_config, docs)
    assert found[0] == f"docs/tips/6.pl.md: related tip {missing} does not exist; remove it from 'related'"
    assert [p.split(":")[0] for p in found] == ["docs/tips/6.pl.md"] * len(found), found


def test_a_tip_related_to_itself_or_twice(guide_config: Any, docs: Path, project: Project) -> None:
    related = project.site.tip(6, "en").meta["related"]
    for lang in LANGUAGES:
        set_front_matter(docs / f"tips/6.{lang}.md", "related", str([6, *related, related[0]]))
    found = problems(guide_config, docs)
    for lang in LANGUAGES:
        assert f"docs/tips/6.{lang}.md: a tip cannot be related to itself; remove 6 from 'related'" in found
        assert f"docs/tips/6.{lang}.md: {related[0]} is in 'related' 2 times; list it once" in found
    assert len(found) == 2 * len(LANGUAGES), found


def test_file_without_language_suffix(guide_config: Any, docs: Path) -> None:
    shutil.copy(docs / "tips/8.en.md", docs / "tips/extra.md")
    assert problems(guide_config, docs) == [
        "docs/tips/extra.md: the file name has no language suffix; rename it to tips/extra.<lang>.md "
        f"with <lang> one of {', '.join(LANGUAGES)}"
    ]


def test_a_tip_file_not_named_by_its_number(guide_config: Any, docs: Path, project: Project) -> None:
    shutil.copy(docs / "tips/8.fi.md", docs / "tips/extra.fi.md")
    found = problems(guide_config, docs)
    example = f"tips/{project.site.tip_count + 1}.fi.md"
    assert f"docs/tips/extra.fi.md: a tip's file is named by its number, e.g. {example}" in found
    assert all(p.startswith("docs/tips/extra.") for p in found), found


def test_a_file_in_a_language_the_guide_does_not_have(guide_config: Any, docs: Path) -> None:
    shutil.copy(docs / "about.en.md", docs / "about.de.md")
    assert problems(guide_config, docs) == [
        f"docs/about.de.md: 'de' is not a language of the guide; use one of {', '.join(LANGUAGES)}"
    ]


def test_page_in_the_wrong_language(guide_config: Any, docs: Path) -> None:
    shutil.copy(docs / "feedback/complaints.en.md", docs / "feedback/complaints.fi.md")
    found = problems(guide_config, docs)
    assert "docs/feedback/complaints.fi.md: the text reads as en, not fi; write it in the page's language" in found
    # the English title is not the Finnish name of the practice either (styles/fi.yml)
    assert all("docs/feedback/complaints.fi.md" in p for p in found), found


def test_worksheet_fields_differ_between_languages(guide_config: Any, docs: Path) -> None:
    edit(docs / "worksheets/complaint-log.pl.md", "lines: 3", "lines: 7")
    found = problems(guide_config, docs)
    assert len(found) == 1, found
    match = re.fullmatch(r"docs/worksheets/complaint-log\.pl\.md: 'sections, fields, lines or steps' is (.+) but "
                         rf"{others('pl')} say (.+); use the same in every language", found[0])
    assert match, found[0]
    assert "7" in match.group(1) and "7" not in match.group(2)


def test_without_a_majority_every_language_is_named(guide_config: Any, docs: Path) -> None:
    for lang, phase in zip(LANGUAGES, PHASES, strict=False):
        set_front_matter(docs / f"tips/9.{lang}.md", "viva", phase)
    found = [p for p in problems(guide_config, docs) if "differs between the languages" in p]
    listing = "; ".join(f"{lang} says {phase!r}" for lang, phase in zip(LANGUAGES, PHASES, strict=False))
    assert found == [f"docs/tips/9.md: 'viva' differs between the languages ({listing}); make them agree"]


def test_a_broken_post_names_each_field(guide_config: Any, docs: Path) -> None:
    post = docs / "blog/posts/fail-a-little.pl.md"
    edit(post, "slug: fail-a-little", "slug: fail")
    edit(post, "categories: [feedback]", "categories: [news]")
    set_front_matter(post, "date", "June 2026")
    found = problems(guide_config, docs)
    name = "docs/blog/posts/fail-a-little.pl.md"
    assert found[:3] == [
        f"{name}: 'date' must be the publishing day as YYYY-MM-DD, e.g. date: 2026-09-14",
        f"{name}: 'slug' must be 'fail-a-little', the file's name (the post's URL ends in it)",
        f"{name}: 'categories' must name exactly one of communication, feedback, service, planning, e.g. [service]",
    ]
    assert [p.split(": '")[1].split("'")[0] for p in found[3:]] == ["date", "slug", "categories"], found
    assert all(p.startswith(f"{name}: ") for p in found)


def test_a_post_by_an_unknown_author(guide_config: Any, docs: Path) -> None:
    post = docs / "blog/posts/fail-a-little.fi.md"
    set_front_matter(post, "authors", "[ghost]")
    found = problems(guide_config, docs)
    assert ("docs/blog/posts/fail-a-little.fi.md: unknown author 'ghost'; use one of "
            f"{', '.join(guide_config.languages['fi']['ui']['blog']['authors'])} or add it to "
            "plugins.guide.languages.fi.ui.blog.authors in mkdocs.yml") in found


def test_a_missing_section_of_a_tip(guide_config: Any, docs: Path) -> None:
    page = docs / "tips/11.sv.md"
    edit(page, f"{{#{checks.TIP_SECTIONS[1]}}}", "")
    assert problems(guide_config, docs) == [
        f"docs/tips/11.sv.md: no section with id '{checks.TIP_SECTIONS[1]}'; "
        f"add a heading ending in {{#{checks.TIP_SECTIONS[1]}}}"
    ]


# --- the config: every UI string and language setting named at config time ----------------------


def test_the_real_config_has_no_problem(guide_config: Any) -> None:
    assert language_problems(dict(guide_config.languages)) == []
    assert tuple(guide_config.languages) == LANGUAGES


def test_every_missing_or_unknown_ui_string_is_named(guide_config: Any) -> None:
    languages = copy.deepcopy(dict(guide_config.languages))
    first, second, third, last = LANGUAGES[0], LANGUAGES[1], LANGUAGES[2], LANGUAGES[-1]
    del languages[second]["ui"]["checklist_clear"]
    del languages[first]["ui"]["blog"]["no_posts"]
    languages[third]["ui"]["extra"] = "x"
    del languages[last]["ui"]["tips_this_month"]["other"]
    del languages[last]["ui"]["viva_flow"][PHASES[2]]
    where = "mkdocs.yml: plugins.guide.languages"
    assert language_problems(languages) == [
        f"{where}.{first}.ui.blog.no_posts: Required configuration not provided.",
        f"{where}.{second}.ui.checklist_clear: Required configuration not provided.",
        f"{where}.{third}.ui.extra: unknown key; remove it",
        f"{where}.{last}.ui.tips_this_month: no 'other'; add the heading for any number of tips",
        f"{where}.{last}.ui.viva_flow.{PHASES[2]}: missing; say what {PHASES[2]} passes on to the next phase",
    ]


def test_a_language_detector_lingua_does_not_know(guide_config: Any) -> None:
    languages = copy.deepcopy(dict(guide_config.languages))
    languages[LANGUAGES[0]]["detector"] = "klingon"
    found = language_problems(languages)
    assert len(found) == 1
    assert found[0].startswith(f"mkdocs.yml: plugins.guide.languages.{LANGUAGES[0]}.detector: Expected one of: ")
    assert found[0].endswith("but received: 'klingon'")


# --- the social cards ----------------------------------------------------------------------------


def test_a_character_the_cards_font_lacks_is_named_with_its_page(tmp_path: Path) -> None:
    maker = CardMaker(DiskCache(tmp_path), tmp_path / "site")
    card = cards.Card(site_name="Guide", title="Title", lead="字 25 tips")
    assert maker.glyph_problem(card, "docs/index.md") == (
        f"docs/index.md: the social card's font ({cards.FAMILY}) has no 字; "
        "write the title and description without them"
    )
    assert maker.glyph_problem(cards.Card(site_name="Guide", title="Żółć \N{EN DASH} åäö “x”", lead="ok"), "x") is None


def test_a_card_that_is_not_in_the_site_at_the_end_fails_the_build(tmp_path: Path) -> None:
    cache, site = DiskCache(tmp_path / "cache"), tmp_path / "site"
    kept, lost = (cards.Card(site_name="Guide", title=title) for title in ("Kept", "Lost"))
    maker = CardMaker(cache, site)
    for card in (kept, lost):  # in the cache already: linked into the site at once
        cache.put("card", maker.entry(card), cards.draw(card))
    maker.add(kept, "assets/cards/en/kept.png")
    maker.add(lost, "assets/cards/en/lost.png")
    (site / "assets/cards/en/lost.png").unlink()
    assert maker.finish() == [
        "assets/cards/en/lost.png: the page's social card was made but is not in the site; build again"]


def test_a_card_is_drawn_the_same_byte_for_byte(tmp_path: Path) -> None:
    """A card is cached by its inputs: drawing it again must give the same file."""
    card = cards.Card(site_name="Asiakassuhdeopas", title="Älä jätä asiakasta yksin", lead="Lyhyt kuvaus.",
                      section="Vinkit", number=17)
    first, second = cards.draw(card), cards.draw(card)
    assert first == second
    (tmp_path / "card.png").write_bytes(first)
    with Image.open(tmp_path / "card.png") as image:
        assert (image.format, image.size) == ("PNG", (cards.WIDTH, cards.HEIGHT)) == ("PNG", (1200, 630))


def test_a_cards_light_blue_text_blends_into_the_background_only() -> None:
    """Drawn in a palette's indices, a text's edges must blend into the colour beneath it: alone on a
    card, the section and the lead have no pixel brighter than light blue, even where a ring rises."""
    card = cards.Card(site_name=" ", title=" ", section="Återkoppling", lead="Åland, Ängelholm och Örebro: ÅÄÖ åäö.")
    image = Image.open(io.BytesIO(cards.draw(card))).convert("RGB")
    primary, light, accent = (ImageColor.getrgb(colour) for colour in (cards.PRIMARY, cards.MUTED, cards.ACCENT))
    assert (image.getpixel((4, 4)), image.getpixel((4, cards.HEIGHT - 4))) == (primary, accent)
    rows_of_text = 0
    for y in range(cards.BODY_TOP, cards.BODY_BOTTOM):  # below the logo, above the bar
        colours = {colour for _, colour in image.crop((0, y, cards.WIDTH, y + 1)).getcolors(cards.WIDTH)}
        assert all(sum(colour) <= sum(light) for colour in colours), f"row {y}: {sorted(colours)}"
        rows_of_text += light in colours
    assert rows_of_text > 30
