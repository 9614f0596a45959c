"""Build the learner's copy of the notebooks in learn/ (git-ignored), without overwriting work.

    python tools/build_learner.py              # notebooks/*.ipynb -> learn/ (`make start` runs it)
    python tools/build_learner.py --out DIR    # somewhere else
    python tools/build_learner.py --reset 09_phase2_designs.ipynb
                                               # a fresh copy of one lesson; yours goes to backup/

``notebooks/`` stays the instructor copy that CI runs: outputs stored, each worked solution an
executable cell between the stub and the self-check. A learner working there would see every ✓
and, on "Run all", have each solution overwrite their own function. The learner copy instead:

* clears every output and execution count (no stored ✓) and drops the widget state;
* removes each cell tagged ``solution`` and shows it as a markdown cell right under its
  self-check, folded: ``<details><summary>Show a worked solution</summary>`` with the code in a
  python block. Markdown never runs, so the learner's function stays theirs;
* drops cells tagged ``instructor-only`` (notes for teachers), and warns about any remaining
  wording that speaks of a teacher's or instructor's copy.

``make student`` (tools/build_student.py) is different: it leaves the solutions out entirely,
for instructors who hand out copies.

Update rule (nothing a learner saved is ever overwritten). ``learn/.il2kit-learner.json``
records, for each notebook this tool wrote, the SHA-256 of the file it wrote. On every build:

* a notebook missing from learn/ is written (the first start writes them all);
* a notebook unchanged since it was written is replaced when the lesson has changed;
* a notebook the learner has saved (its hash differs from the record), or that this tool did not
  write, is kept as it is; if the lesson has changed since, the new version is written to
  ``learn/updates/<name>`` and the tool says so. ``--reset <name>`` moves the learner's file to
  ``learn/backup/`` and writes a fresh copy.
"""

from __future__ import annotations

import argparse
import copy as copying
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "learn"
MANIFEST = ".il2kit-learner.json"
UPDATES = "updates"
BACKUP = "backup"
SOLUTION_TAG = "solution"
WORKED_TAG = "worked-solution"
INSTRUCTOR_TAG = "instructor-only"
SUMMARY = "Show a worked solution"
SELF_CHECK = re.compile(r'^\s*check\("\d\d\.\d+", exercise_\d+\)\s*$')
INSTRUCTOR_WORDING = re.compile(
    r"teacher'?s copy|instructor'?s? copy|instructor notebook|student copy", re.IGNORECASE
)


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def worked_solution_cell(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A folded, non-executable markdown cell showing a solution's code."""
    code = solution.source.strip("\n")
    fence = "````" if "```" in code else "```"
    cell = nbformat.v4.new_markdown_cell(
        f"<details><summary>{SUMMARY}</summary>\n\n{fence}python\n{code}\n{fence}\n\n</details>"
    )
    cell.metadata["tags"] = [WORKED_TAG]
    base = solution.get("id") or _sha256(code.encode("utf-8"))[:12]
    # a deterministic id, so that rebuilding an unchanged lesson gives an identical file
    cell["id"] = f"{base}-worked"[-64:]
    return cell


def learner_copy(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict[str, int]]:
    """Return the learner's copy of ``nb`` (a new object) and counts of what changed."""
    source = copying.deepcopy(nb)
    cells = list(source.cells)
    counts = {"cells": 0, "exercises": 0, "solutions_folded": 0, "instructor_only": 0}
    pending: list[nbformat.NotebookNode] = []  # solutions waiting for their self-check
    out: list[nbformat.NotebookNode] = []
    for cell in cells:
        cell_tags = tags(cell)
        if INSTRUCTOR_TAG in cell_tags:
            counts["instructor_only"] += 1
            continue
        if SOLUTION_TAG in cell_tags:
            pending.append(cell)
            counts["solutions_folded"] += 1
            continue
        if "exercise" in cell_tags:
            counts["exercises"] += 1
            out.extend(worked_solution_cell(s) for s in pending)  # no self-check came: fold here
            pending = []
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        out.append(cell)
        if pending and cell.cell_type == "code" and SELF_CHECK.match(cell.source):
            out.extend(worked_solution_cell(s) for s in pending)
            pending = []
    out.extend(worked_solution_cell(s) for s in pending)
    source.cells = out
    source.metadata.pop("widgets", None)
    counts["cells"] = len(out)
    return source, counts


def wording_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Sentences that speak of a teacher's, instructor's or student copy."""
    found = []
    for index, cell in enumerate(nb.cells):
        for match in INSTRUCTOR_WORDING.finditer(cell.source):
            found.append(
                f"cell {index}: ...{cell.source[max(0, match.start() - 30) : match.end()]}"
            )
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _serialise(nb: nbformat.NotebookNode) -> bytes:
    nbformat.validate(nb)
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not path.exists():
        return {"files": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}  # an unreadable record: every existing file counts as the learner's
    return data if isinstance(data.get("files"), dict) else {"files": {}}


def _backup_path(out: Path, name: str) -> Path:
    stem, suffix = name.rsplit(".", 1)
    number = 1
    while (out / BACKUP / f"{stem}.{number}.{suffix}").exists():
        number += 1
    return out / BACKUP / f"{stem}.{number}.{suffix}"


def build_learner(
    notebooks: Iterable[Path] | None = None,
    out: Path = DEFAULT_OUT,
    *,
    reset: Iterable[str] = (),
    log=print,
) -> dict[str, str]:
    """Build or refresh the learner copies of ``notebooks`` in ``out``; see the module docstring.

    Returns, for each notebook name, what happened: ``"written"`` (new), ``"updated"`` (the
    lesson changed and the copy was untouched), ``"unchanged"``, ``"kept"`` (the learner's own
    file, the lesson unchanged) or ``"kept; update in updates/"``.
    """
    paths = sorted(notebooks) if notebooks is not None else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(out)
    records: dict[str, dict] = manifest["files"]
    reset = set(reset)
    report: dict[str, str] = {}
    for path in paths:
        name = Path(path).name
        copy, _ = learner_copy(nbformat.read(path, as_version=4))
        for problem in wording_problems(copy):
            log(f"warning: {name}: instructor wording reaches the learner copy: {problem}")
        data = _serialise(copy)
        new_hash = _sha256(data)
        target = out / name
        record = records.get(name, {})
        if target.exists() and name in reset:
            backup = _backup_path(out, name)
            backup.parent.mkdir(exist_ok=True)
            shutil.move(str(target), backup)
            log(f"{name}: your copy moved to {backup.relative_to(out)}")
        if not target.exists():
            target.write_bytes(data)
            records[name] = {"written": new_hash}
            report[name] = "written"
            continue
        current = _sha256(target.read_bytes())
        if record.get("written") == current:  # untouched since this tool wrote it
            if current == new_hash:
                report[name] = "unchanged"
            else:
                target.write_bytes(data)
                records[name] = {"written": new_hash}
                report[name] = "updated"
            continue
        # The learner's own file: never overwritten.
        offered = record.get("written")
        if offered is not None and offered != new_hash:
            update = out / UPDATES / name
            update.parent.mkdir(exist_ok=True)
            update.write_bytes(data)
            report[name] = "kept; update in updates/"
            log(
                f"{name}: kept your saved copy; the lesson has changed, its new version is "
                f"{UPDATES}/{name} (or run with --reset {name})"
            )
        else:
            report[name] = "kept"
    (out / MANIFEST).write_text(
        json.dumps(
            {
                "about": "hashes of the notebooks tools/build_learner.py wrote; a file whose "
                "hash differs is the learner's and is never overwritten",
                "files": records,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to copy (default: every notebook in notebooks/)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="the learner's folder (default: learn/)"
    )
    parser.add_argument(
        "--reset",
        action="append",
        default=[],
        metavar="NAME",
        help="write a fresh copy of NAME, moving yours to backup/ (repeatable)",
    )
    args = parser.parse_args(argv)
    report = build_learner(args.notebooks or None, args.out, reset=args.reset)
    summary: dict[str, int] = {}
    for action in report.values():
        summary[action] = summary.get(action, 0) + 1
    parts = ", ".join(f"{count} {action}" for action, count in sorted(summary.items()))
    print(f"learner copy in {args.out}: {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
