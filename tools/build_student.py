"""Build student copies of the notebooks: no solutions, no outputs.

    python tools/build_student.py               # notebooks/*.ipynb -> student/
    python tools/build_student.py --out DIR     # somewhere else

The instructor notebooks in ``notebooks/`` are the source of truth (as in Neuromatch's
tutorials). A student copy drops every cell tagged ``solution``, keeps the ``exercise`` stubs
(which raise ``NotImplementedError`` until the learner fills them in, so the self-checks print
"not attempted yet") and clears every output, execution count and the widget state. A
``manifest.json`` lists each copy with its counts of exercises and removed solutions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "student"
MANIFEST = "manifest.json"


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def student_copy(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict[str, int]]:
    """Return a student copy of ``nb`` (a new object) and counts of what changed."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    kept = []
    counts = {"cells": 0, "exercises": 0, "solutions_removed": 0}
    for cell in copy.cells:
        if "solution" in tags(cell):
            counts["solutions_removed"] += 1
            continue
        if "exercise" in tags(cell):
            counts["exercises"] += 1
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        kept.append(cell)
    copy.cells = kept
    counts["cells"] = len(kept)
    copy.metadata.pop("widgets", None)
    return copy, counts


def build_student(
    notebooks: Iterable[Path] | None = None, out: Path = DEFAULT_OUT
) -> dict[str, dict]:
    """Write student copies of ``notebooks`` (default: every notebook) into ``out``.

    Returns the manifest (also written to ``out/manifest.json``): for each notebook file name,
    its counts of cells, exercises and removed solutions.
    """
    paths = sorted(notebooks) if notebooks is not None else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        copy, counts = student_copy(nb)
        nbformat.validate(copy)
        nbformat.write(copy, out / Path(path).name)
        manifest[Path(path).name] = counts
    (out / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to copy (default: every notebook in notebooks/)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: student/)"
    )
    args = parser.parse_args(argv)
    manifest = build_student(args.notebooks or None, args.out)
    for name, counts in manifest.items():
        print(
            f"{name}: {counts['exercises']} exercises, "
            f"{counts['solutions_removed']} solutions removed"
        )
    print(f"{len(manifest)} student notebook(s) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
