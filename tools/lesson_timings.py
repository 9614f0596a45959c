"""Estimate each lesson's "time to learn" from what it asks of a learner.

    python tools/lesson_timings.py          # a table: estimate, stated time, and the inputs

The estimate adds up, in minutes:

* reading the prose at ``READING_WPM`` words a minute (careful reading of a text with numbers
  and new terms, not skimming); markdown tables and quoted abstracts are reference material,
  read at three times that speed;
* ``PER_CODE_CELL`` for each code cell a learner runs and reads the output of (exercise stubs,
  solutions and self-checks are counted with the exercises), and ``PER_FIGURE`` more for each
  figure to study;
* ``PER_EXERCISE`` for each exercise: reading the task, writing the function, running the
  self-check, perhaps a second try, and comparing with the worked solution;
* ``PER_WIDGET`` for each interactive widget to explore;
* ``PER_CONCEPT`` for each term the glossary says this notebook teaches: new ideas take time
  beyond the words that introduce them.

The constants were set so that the two notebooks learners timed in the review of 2026-11-30
(09 phase II designs and 12 pooling evidence, "about an hour each") come out at 60 minutes.
The total is rounded to the nearest 5 minutes. ``tests/test_exercises_timings.py`` checks that
every lesson's stated "Time to learn" is within ``TOLERANCE`` of this estimate.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

READING_WPM = 150
REFERENCE_WPM = 3 * READING_WPM
PER_CODE_CELL = 0.5
PER_FIGURE = 0.5
PER_EXERCISE = 5.0
PER_WIDGET = 3.0
PER_CONCEPT = 1.25
TOLERANCE = 0.15  # the stated time may differ from the estimate by 15% (or 5 minutes)

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
GLOSSARY = "glossary.ipynb"
STATED = re.compile(r"\*\*Time to learn:?\*\*:?\s*(\d+)\s*minutes")
WORD = re.compile(r"[A-Za-z0-9][\w'’.%-]*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
SELF_CHECK = re.compile(r'^\s*check\("\d\d\.\d+", exercise_\d+\)\s*$')


@dataclass(frozen=True)
class Timing:
    name: str
    prose_words: int
    reference_words: int
    code_cells: int
    figures: int
    exercises: int
    widgets: int
    concepts: int
    stated: int | None

    @property
    def minutes(self) -> float:
        return (
            self.prose_words / READING_WPM
            + self.reference_words / REFERENCE_WPM
            + self.code_cells * PER_CODE_CELL
            + self.figures * PER_FIGURE
            + self.exercises * PER_EXERCISE
            + self.widgets * PER_WIDGET
            + self.concepts * PER_CONCEPT
        )

    @property
    def estimate(self) -> int:
        """The estimate rounded to the nearest 5 minutes."""
        return int(5 * round(self.minutes / 5))


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _words(text: str) -> int:
    return len(WORD.findall(LINK_TARGET.sub("]", text)))


def concepts_taught(notebook_name: str, glossary_path: Path) -> int:
    """Glossary entries whose "Where it is taught" names ``notebook_name``."""
    if not glossary_path.exists():
        return 0
    glossary = nbformat.read(glossary_path, as_version=4)
    count = 0
    for cell in glossary.cells:
        if "glossary" not in cell.get("metadata", {}):
            continue
        where = cell.source.split("*Where it is taught:*", 1)[-1]
        if f"]({notebook_name})" in where:
            count += 1
    return count


def timing(path: Path) -> Timing:
    """Count what a lesson asks of a learner (see the module docstring)."""
    nb = nbformat.read(path, as_version=4)
    prose = reference = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.lstrip().startswith(("|", ">")):
                reference += _words(line)
            else:
                prose += _words(line)
    code = [c for c in nb.cells if c.cell_type == "code"]
    exercise_parts = [
        c for c in code if {"exercise", "solution"} & set(_tags(c)) or SELF_CHECK.match(c.source)
    ]
    widgets = [c for c in code if "nbval-ignore-output" in _tags(c)]
    figures = sum(any("image/png" in o.get("data", {}) for o in c.get("outputs", [])) for c in code)
    stated = next(
        (
            int(m.group(1))
            for c in nb.cells
            if c.cell_type == "markdown"
            for m in [STATED.search(c.source)]
            if m
        ),
        None,
    )
    return Timing(
        name=path.name,
        prose_words=prose,
        reference_words=reference,
        code_cells=len(code) - len(exercise_parts),
        figures=figures,
        exercises=sum("exercise" in _tags(c) for c in code),
        widgets=len(widgets),
        concepts=concepts_taught(path.name, path.parent / GLOSSARY),
        stated=stated,
    )


def within_tolerance(stated: int, estimate: float) -> bool:
    return abs(stated - estimate) <= max(5.0, TOLERANCE * estimate)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv or [])] or sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    print(f"{'notebook':44} {'estimate':>8} {'stated':>6}  words  ref  code figs ex wid new")
    for path in paths:
        t = timing(path)
        print(
            f"{t.name:44} {t.estimate:>8} {t.stated!s:>6} {t.prose_words:>6} "
            f"{t.reference_words:>4} {t.code_cells:>5} {t.figures:>4} {t.exercises:>2} "
            f"{t.widgets:>3} {t.concepts:>3}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
