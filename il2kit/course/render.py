"""Refresh the computed parts of the instructor guide (``instructors/*.md``).

Two kinds of marker, invisible when the Markdown is rendered:

- ``<!--k:name-->value<!--/k-->`` : one number from :func:`il2kit.course.keys.key_values`;
- a line ``<!--block:name-->``, generated lines, a line ``<!--/block-->``: a table from
  :mod:`il2kit.course.plans` or :mod:`il2kit.course.inventory` (names in :data:`BLOCKS`).

Run from the repository root::

    python -m il2kit.course.render           # rewrite what is out of date
    python -m il2kit.course.render --check   # only report; exit status 1 if anything is stale

``tests/test_course_keys.py`` runs the check, so the guide cannot drift from the kit.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from il2kit.course import inventory, plans, timing

__all__ = ["BLOCKS", "render_text", "update_guide", "main"]

KEY = re.compile(r"<!--k:(?P<name>[\w.\-]+)-->(?P<value>.*?)<!--/k-->")
BLOCK = re.compile(
    r"^<!--block:(?P<name>[\w.:\-]+)-->\n(?P<body>.*?)^<!--/block-->$", re.MULTILINE | re.DOTALL
)


def plan_table(plan: plans.Plan, notebooks_dir: str | Path) -> str:
    """One Markdown table for ``plan``: a header row per session, then its work and minutes."""
    minutes = timing.notebook_minutes(notebooks_dir)
    lines = [
        f"*For:* {plan.audience}. {plan.note}".rstrip(),
        "",
        "| session | work | minutes |",
        "|---|---|---:|",
    ]
    for session in plan.sessions:
        timed = timing.time_session(session, minutes)
        lines.append(f"| **{session.name}** ({session.length} min) | | |")
        if session.before:
            before = ", ".join(f"`{r}`" for r in session.before)
            lines.append(f"| | before the session (not counted): {before} | |")
        for ref, value in timed.notebooks:
            lines.append(f"| | `{ref}` | {value} |")
        for extra in session.extras:
            lines.append(f"| | {extra.kind}: {extra.what} | {extra.minutes} |")
        verdict = (
            f"{timed.slack} to spare" if timed.fits else f"**{-timed.slack} over: does not fit**"
        )
        lines.append(f"| | **total** | **{timed.total} of {session.length}** ({verdict}) |")
        if session.after:
            after = ", ".join(f"`{r}`" for r in session.after)
            lines.append(f"| | afterwards (not counted): {after} | |")
    return "\n".join(lines)


def minutes_table(notebooks_dir: str | Path) -> str:
    """Each notebook's "Time to learn" as the notebook states it, and the total."""
    minutes = timing.notebook_minutes(notebooks_dir)
    lines = ["| notebook | minutes (its own estimate) |", "|---|---:|"]
    lessons = timing.lesson_stems(notebooks_dir)
    for stem in lessons:
        lines.append(f"| `{stem}` | {minutes[stem]} |")
    lines.append(f"| **all {len(lessons)} lessons** | **{sum(minutes[s] for s in lessons)}** |")
    for stem in sorted(set(minutes) - set(lessons)):
        lines.append(f"| `{stem}` (not a lesson) | {minutes[stem]} |")
    return "\n".join(lines)


def topics_table(notebooks_dir: str | Path) -> str:
    """The standard trial-design topics and the lessons that teach them."""
    stems = set(timing.lesson_stems(notebooks_dir))
    lines = ["| topic | taught in | where |", "|---|---|---|"]
    for topic in plans.STANDARD_TOPICS.values():
        taught = ", ".join(f"`{s}`" if s in stems else f"`{s}` (missing)" for s in topic.lessons)
        lines.append(f"| {topic.title} | {taught} | {topic.where} |")
    return "\n".join(lines)


def plans_summary(notebooks_dir: str | Path) -> str:
    """One row per plan: sessions, stated minutes, notebook and extra minutes, slack, and the
    notebooks set as pre-work or homework."""
    lines = [
        "| plan | sessions | minutes stated | notebooks | extras | total | to spare "
        "| pre-work and homework |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for plan in plans.PLANS:
        t = timing.plan_totals(plan, notebooks_dir)
        lines.append(
            f"| [{t.title}](plans.md#{_slug(t.title)}) | {t.sessions} | {t.length} "
            f"| {t.notebook_minutes} | {t.extras_minutes} | {t.total} | {t.slack} "
            f"| {t.homework_minutes} |"
        )
    return "\n".join(lines)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def prerequisites_table(notebooks_dir: str | Path) -> str:
    """The hard prerequisites the plans respect, and the notebook links they leave out."""
    lines = ["| lesson | needs first |", "|---|---|"]
    for ref, needs in plans.PREREQUISITES.items():
        lines.append(f"| `{ref}` | {', '.join(f'`{n}`' for n in needs) or 'nothing'} |")
    if plans.KNOWN_PREREQUISITE_CONFLICTS:
        lines += [
            "",
            "Links a notebook states as required that the plans leave out (flagged for the lead):",
            "",
        ]
        for (stem, need), why in plans.KNOWN_PREREQUISITE_CONFLICTS.items():
            lines.append(f"- `{stem}` names `{need}`: {why}")
    return "\n".join(lines)


def inventory_key_table() -> str:
    """Instructor-only: each question's concept, key and where the kit teaches it."""
    lines = ["| question | concept | key | taught in | data cited |", "|---|---|:---:|---|---|"]
    for q in inventory.QUESTIONS:
        taught = ", ".join(f"`{n}`" for n in q.notebooks)
        sources = ", ".join(f"`{s}`" for s in q.sources) or "hypothetical or general"
        lines.append(f"| {q.id} | {q.concept} | {q.correct_option.label} | {taught} | {sources} |")
    return "\n".join(lines)


def inventory_explanations() -> str:
    """Instructor-only: every question with every option's explanation."""
    lines = []
    for q in inventory.QUESTIONS:
        lines += [f"**{q.id} ({q.concept}).** {q.stem}", ""]
        for o in q.options:
            mark = " **(key)**" if o.correct else ""
            lines.append(f"- {o.label}. {o.text}{mark} *{o.explanation}*")
        lines.append("")
    return "\n".join(lines).rstrip()


def _blocks(notebooks_dir: str | Path) -> dict[str, Callable[[], str]]:
    blocks: dict[str, Callable[[], str]] = {
        "minutes": lambda: minutes_table(notebooks_dir),
        "topics": lambda: topics_table(notebooks_dir),
        "plans-summary": lambda: plans_summary(notebooks_dir),
        "prerequisites": lambda: prerequisites_table(notebooks_dir),
        "inventory-key": inventory_key_table,
        "inventory-explanations": inventory_explanations,
    }
    for plan in plans.PLANS:
        blocks[f"plan:{plan.key}"] = functools.partial(plan_table, plan, notebooks_dir)
    return blocks


#: Names of the generated blocks (``plan:<key>`` for each plan in :data:`plans.PLANS`).
BLOCKS = (
    "minutes",
    "topics",
    "plans-summary",
    "prerequisites",
    "inventory-key",
    "inventory-explanations",
    *(f"plan:{p.key}" for p in plans.PLANS),
)


def render_text(
    text: str, values: Mapping[str, str], blocks: Mapping[str, Callable[[], str]]
) -> str:
    """``text`` with every key and block marker refilled.

    Raises
    ------
    KeyError
        If a marker names a key or block that does not exist.
    """

    def key(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in values:
            raise KeyError(f"unknown key {name!r} in a <!--k:...--> marker")
        return f"<!--k:{name}-->{values[name]}<!--/k-->"

    def block(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in blocks:
            raise KeyError(f"unknown block {name!r}; known: {sorted(blocks)}")
        return f"<!--block:{name}-->\n{blocks[name]().rstrip()}\n<!--/block-->"

    return BLOCK.sub(block, KEY.sub(key, text))


def update_guide(
    guide_dir: str | Path, notebooks_dir: str | Path, *, write: bool = True
) -> list[Path]:
    """Refill every marker in ``guide_dir``'s Markdown files; return the files that changed
    (or, with ``write=False``, that would change)."""
    from il2kit.course.keys import key_values

    values = key_values(notebooks_dir)
    blocks = _blocks(notebooks_dir)
    changed = []
    for path in sorted(Path(guide_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "<!--k:" not in text and "<!--block:" not in text:
            continue
        try:
            new = render_text(text, values, blocks)
        except KeyError as exc:
            raise KeyError(f"{path}: {exc.args[0]}") from None
        if new != text:
            changed.append(path)
            if write:
                path.write_text(new, encoding="utf-8")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", type=Path, default=Path("instructors"))
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if stale")
    args = parser.parse_args(argv)
    changed = update_guide(args.guide, args.notebooks, write=not args.check)
    verb = "out of date" if args.check else "updated"
    for path in changed:
        print(f"{verb}: {path}")
    if not changed:
        print("the guide is up to date")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
