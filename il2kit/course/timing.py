"""Timing the lesson plans from the notebooks, and checking them.

:func:`notebook_minutes` reads each notebook's own "**Time to learn:** N minutes" line;
:func:`time_session` sums a session from those lines plus its extras; :func:`check_plan` lists
everything wrong with a plan of :mod:`il2kit.course.plans` (a session that does not fit, a
prerequisite out of order, a lesson left out). :func:`plan_totals` sums a plan for the guide's
index. :func:`stated_prerequisites` reads the links a
notebook's own Prerequisites section gives as required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from il2kit.course.plans import (
    INVENTORY,
    LESSON_STEM,
    PREREQUISITES,
    STANDARD_TOPICS,
    Plan,
    Session,
)

__all__ = [
    "read_time_to_learn",
    "notebook_minutes",
    "lesson_stems",
    "resolve_minutes",
    "SessionTiming",
    "time_session",
    "PlanTotals",
    "plan_totals",
    "check_plan",
    "stated_prerequisites",
]

TIME_TO_LEARN = re.compile(r"\*\*Time to learn:?\*\*:?\s*(\d+)\s*minutes?", re.IGNORECASE)


# ----------------------------------------------------------------------------- reading notebooks
def read_time_to_learn(path: str | Path) -> int:
    """The minutes of a notebook's "**Time to learn:** N minutes" line.

    Raises
    ------
    ValueError
        If the notebook has no such line, or gives two different numbers.
    """
    nb = nbformat.read(Path(path), as_version=4)
    found = {
        int(m.group(1))
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for m in TIME_TO_LEARN.finditer(cell.source)
    }
    if len(found) != 1:
        what = "no" if not found else f"several ({sorted(found)})"
        raise ValueError(
            f"{Path(path).name}: {what} '**Time to learn:** N minutes' line(s); "
            "give exactly one in its Prerequisites section."
        )
    return found.pop()


def notebook_minutes(notebooks_dir: str | Path) -> dict[str, int]:
    """``{file stem: minutes}`` for every notebook in ``notebooks_dir`` that states a time.

    Notebooks without the line (the dashboard, the glossary) are left out.
    """
    minutes = {}
    for path in sorted(Path(notebooks_dir).glob("*.ipynb")):
        try:
            minutes[path.stem] = read_time_to_learn(path)
        except ValueError:
            if LESSON_STEM.match(path.stem) or path.stem == INVENTORY:
                raise
    return minutes


def lesson_stems(notebooks_dir: str | Path) -> list[str]:
    """Stems of the numbered lessons (``NN_name.ipynb``) in ``notebooks_dir``."""
    return sorted(p.stem for p in Path(notebooks_dir).glob("*.ipynb") if LESSON_STEM.match(p.stem))


def resolve_minutes(ref: str, minutes: Mapping[str, int]) -> int:
    """The minutes of a session entry: the notebook's own "Time to learn".

    Raises
    ------
    KeyError
        If ``ref`` is not a notebook with a "**Time to learn:**" line.
    """
    if ref not in minutes:
        raise KeyError(
            f"no notebook {ref}.ipynb with a '**Time to learn:**' line (known: {sorted(minutes)})"
        )
    return minutes[ref]


@dataclass(frozen=True)
class SessionTiming:
    """A session's minutes: per notebook, extras, total and slack."""

    session: Session
    notebooks: tuple[tuple[str, int], ...]  # (stem, minutes)
    extras_minutes: int
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(m for _, m in self.notebooks) + self.extras_minutes)

    @property
    def slack(self) -> int:
        return self.session.length - self.total

    @property
    def fits(self) -> bool:
        return self.total <= self.session.length


def time_session(session: Session, minutes: Mapping[str, int]) -> SessionTiming:
    """Sum a session from the notebooks' own timings plus its extras."""
    entries = tuple((ref, resolve_minutes(ref, minutes)) for ref in session.notebooks)
    return SessionTiming(session, entries, sum(x.minutes for x in session.extras))


@dataclass(frozen=True)
class PlanTotals:
    """A plan's minutes summed over its sessions (what the guide's index prints)."""

    key: str
    title: str
    sessions: int
    length: int
    notebook_minutes: int
    extras_minutes: int
    homework_minutes: int

    @property
    def total(self) -> int:
        return self.notebook_minutes + self.extras_minutes

    @property
    def slack(self) -> int:
        return self.length - self.total


def plan_totals(plan: Plan, notebooks_dir: str | Path) -> PlanTotals:
    """The sums of ``plan``: stated length, notebook and extra minutes in its sessions, and the
    minutes of the notebooks set before or after sessions (pre-work and homework)."""
    minutes = notebook_minutes(notebooks_dir)
    timed = [time_session(s, minutes) for s in plan.sessions]
    homework = sum(
        resolve_minutes(r, minutes) for s in plan.sessions for r in (*s.before, *s.after)
    )
    return PlanTotals(
        key=plan.key,
        title=plan.title,
        sessions=len(plan.sessions),
        length=sum(s.length for s in plan.sessions),
        notebook_minutes=sum(m for t in timed for _, m in t.notebooks),
        extras_minutes=sum(t.extras_minutes for t in timed),
        homework_minutes=homework,
    )


def check_plan(plan: Plan, notebooks_dir: str | Path) -> list[str]:
    """Every problem with ``plan`` as one line each; an empty list means it holds.

    Checks: each session fits its stated length; every entry (session, pre-work or homework) is
    a notebook with a time; every hard prerequisite of an entry comes earlier in the plan; a plan
    that claims to cover every lesson does (every numbered notebook in ``notebooks_dir`` is
    worked in a session), and one that claims the standard topics places every lesson that
    :data:`~il2kit.course.plans.STANDARD_TOPICS` names in a session.
    """
    minutes = notebook_minutes(notebooks_dir)
    problems: list[str] = []
    done: set[str] = set()

    def take(ref: str, where: str) -> None:
        for need in PREREQUISITES.get(ref, ()):
            if need not in done:
                problems.append(f"{plan.key}: {where}: {ref} comes before its prerequisite {need}")
        done.add(ref)

    for session in plan.sessions:
        where = session.name
        for ref in session.before:
            take(ref, f"{where} (pre-work)")
        try:
            timing = time_session(session, minutes)
        except KeyError as exc:
            problems.append(f"{plan.key}: {where}: {exc.args[0]}")
        else:
            if not timing.fits:
                problems.append(
                    f"{plan.key}: {where}: {timing.total} minutes do not fit in "
                    f"{session.length} (notebooks "
                    + ", ".join(f"{r} {m}" for r, m in timing.notebooks)
                    + f"; extras {timing.extras_minutes})"
                )
        for ref in session.notebooks:
            take(ref, where)
        for ref in session.after:
            take(ref, f"{where} (homework)")
    covered = {ref for s in plan.sessions for ref in s.notebooks}
    if plan.covers_every_lesson:
        for stem in lesson_stems(notebooks_dir):
            if stem not in covered:
                problems.append(f"{plan.key}: lesson {stem} is in no session")
    if plan.covers_standard_topics:
        for key, topic in STANDARD_TOPICS.items():
            for stem in topic.lessons:
                if stem not in covered:
                    problems.append(f"{plan.key}: standard topic {key}: {stem} is in no session")
    unknown = [r for s in plan.sessions for r in (*s.before, *s.after) if r not in minutes]
    problems += [f"{plan.key}: unknown entry {r}" for r in unknown]
    return problems


# ----------------------------------------------------------------------------- stated prerequisites
PREREQ_HEADING = re.compile(r"^##\s+Prerequisites\s*$", re.MULTILINE | re.IGNORECASE)
NOTEBOOK_LINK = re.compile(r"\]\((\d{2}_\w+)\.ipynb")
OPTIONAL = re.compile(r"later|helpful|not required|helps|optional", re.IGNORECASE)


def stated_prerequisites(path: str | Path) -> set[str]:
    """Stems a notebook's own Prerequisites section links to as required.

    Lines (or table rows) saying "can be read later", "helpful", "not required" or "helps" are
    optional and left out; for a sentence that spans lines, the whole paragraph decides.
    """
    nb = nbformat.read(Path(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not PREREQ_HEADING.search(cell.source):
            continue
        body = PREREQ_HEADING.split(cell.source, maxsplit=1)[1]
        body = body.split("**Time to learn")[0]
        required: set[str] = set()
        # bullet items and table rows are units; a bullet may span several lines
        units = re.split(r"\n(?=\s*[-*|]\s)", body)
        for unit in units:
            if OPTIONAL.search(unit):
                continue
            required |= set(NOTEBOOK_LINK.findall(unit))
        required.discard(Path(path).stem)
        return required
    return set()
