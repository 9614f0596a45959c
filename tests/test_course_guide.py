"""The instructor guide is complete and navigable: every file the index names exists, every
relative link and anchor resolves, every lesson has its teaching notes and its section in the
discussion bank, and the instructor-only pages say so."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from il2kit.course import timing

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"<!--.*?-->", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def guide_files(root: Path) -> list[Path]:
    return sorted((root / "instructors").rglob("*.md"))


def test_the_index_names_every_page_and_every_page_exists(repo_root):
    index = (repo_root / "instructors" / "README.md").read_text(encoding="utf-8")
    for page in (
        "prerequisites.md",
        "plans.md",
        "notes/",
        "discussion-bank.md",
        "assignments.md",
        "rubric.md",
        "inventory.md",
        "ta-guide.md",
        "troubleshooting.md",
        "code-free-path.md",
        "deployment.md",
        "second-pass.md",
    ):
        assert f"]({page})" in index, f"README.md does not link {page}"
    pages = {p.relative_to(repo_root / "instructors").as_posix() for p in guide_files(repo_root)}
    linked = set(LINK.findall(index))
    for page in pages - {"README.md", "deployment.md"}:
        folder = page.split("/")[0] + "/"
        assert page in linked or folder in linked, f"README.md does not reach {page}"


def test_relative_links_and_anchors_resolve(repo_root):
    broken = []
    for path in guide_files(repo_root):
        text = FENCE.sub("", path.read_text(encoding="utf-8"))
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if file_part == "deployment.md" and not dest.exists():
                continue  # written by another branch
            if not dest.exists():
                broken.append(f"{path.name}: {target}")
                continue
            if anchor and dest.suffix == ".md":
                anchors = {slug(h) for _, h in HEADING.findall(dest.read_text(encoding="utf-8"))}
                if anchor not in anchors:
                    broken.append(f"{path.name}: {target} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_every_lesson_has_teaching_notes_with_the_four_parts(repo_root, notebooks_dir):
    for stem in timing.lesson_stems(notebooks_dir):
        note = repo_root / "instructors" / "notes" / f"{stem}.md"
        assert note.exists(), f"no teaching notes for {stem}"
        text = note.read_text(encoding="utf-8")
        for part in (
            "## What to stress",
            "## Where students stumble",
            "## Timing advice",
            "## Model answers",
        ):
            assert part in text, f"{note.name} has no '{part}'"
        assert f"<!--k:minutes.{stem}-->" in text, f"{note.name} should quote its notebook's time"


def test_every_note_names_its_lessons_exercises_by_their_ids(repo_root, notebooks_dir):
    """A note discusses the exercises by their self-check ids (`09.2`), and every id it names
    is one of its lesson's."""
    for stem in timing.lesson_stems(notebooks_dir):
        nb = nbformat.read(notebooks_dir / f"{stem}.ipynb", as_version=4)
        ids = {
            m
            for c in nb.cells
            if c.cell_type == "code"
            for m in re.findall(r'check\("(\d\d\.\d)"', c.source)
        }
        assert ids, f"{stem}: no self-check found"
        note = (repo_root / "instructors" / "notes" / f"{stem}.md").read_text(encoding="utf-8")
        named = set(re.findall(r"`(\d\d\.\d)`", note))
        assert named <= ids, f"{stem}.md names exercises its lesson lacks: {sorted(named - ids)}"
        assert named, f"{stem}.md names none of its lesson's exercises {sorted(ids)}"


def test_the_guide_has_no_placeholders_left(repo_root):
    for path in guide_files(repo_root):
        if path.name in {"second-pass.md", "deployment.md"}:
            continue
        text = path.read_text(encoding="utf-8")
        for marker in ("TODO", "being written", "being built", "being added", "planned lesson"):
            assert marker not in text, f"{path.name} still says {marker!r}"


def test_the_index_renders_the_plans_totals_and_links_deployment(repo_root):
    index = (repo_root / "instructors" / "README.md").read_text(encoding="utf-8")
    assert "<!--block:plans-summary-->" in index and "<!--block:minutes-->" in index
    for page in ("README.md", "troubleshooting.md"):
        text = (repo_root / "instructors" / page).read_text(encoding="utf-8")
        assert "](deployment.md" in text, f"{page} does not link deployment.md"
    assert not (repo_root / "instructors" / "notes" / "planned-topics.md").exists()


def test_the_discussion_bank_has_a_section_per_lesson(repo_root, notebooks_dir):
    text = (repo_root / "instructors" / "discussion-bank.md").read_text(encoding="utf-8")
    sections = [h for level, h in HEADING.findall(text) if len(level) == 2]
    numbers = {h.split()[0] for h in sections}
    for stem in timing.lesson_stems(notebooks_dir):
        assert stem[:2] in numbers, f"no discussion-bank section for {stem}"


@pytest.mark.parametrize("page", ["discussion-bank.md", "assignments.md", "inventory.md"])
def test_instructor_only_pages_say_so(repo_root, page):
    head = (repo_root / "instructors" / page).read_text(encoding="utf-8")[:800].lower()
    assert "instructor material" in head


def test_every_page_with_a_finding_figure_cites_by_study_key(repo_root):
    """A PMID quoted in the guide is the one data/sources.csv records for that study."""
    import il2kit

    sources = il2kit.load_sources().set_index("study")["pmid"].dropna().astype(str)
    pmids = set(sources)
    for path in guide_files(repo_root):
        for pmid in re.findall(r"PMID (\d{6,9})", path.read_text(encoding="utf-8")):
            assert pmid in pmids or pmid == "12469934", f"{path.name}: PMID {pmid} not in data"
