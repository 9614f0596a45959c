"""The learner's path: `make start` builds learn/ from notebooks/ and opens it.

The learner copy has no stored ✓ and no executable solution; each worked solution sits, folded
and non-executable, under its self-check; a notebook the learner has saved survives every
rebuild; and a learner copy runs top to bottom, its self-checks saying "not attempted".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

SUMMARY = "<details><summary>Show a worked solution</summary>"


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(scope="module")
def builder(load_tool):
    return load_tool("build_learner")


@pytest.fixture(scope="module")
def learn_dir(tmp_path_factory, builder, notebook_paths) -> Path:
    out = tmp_path_factory.mktemp("learn")
    report = builder.build_learner(notebook_paths, out, log=lambda *_: None)
    assert report == {p.name: "written" for p in notebook_paths}
    return out


def learner_of(learn_dir: Path, path: Path) -> nbformat.NotebookNode:
    return nbformat.read(learn_dir / path.name, as_version=4)


def test_no_solution_code_cell_and_no_stored_output(learn_dir, notebook_path):
    learner = learner_of(learn_dir, notebook_path)
    code = [c for c in learner.cells if c.cell_type == "code"]
    assert not [c for c in code if "solution" in tags(c)], "an executable solution cell remains"
    assert not [c for c in code if c.outputs or c.execution_count is not None], "stored outputs"
    assert "widgets" not in learner.metadata
    text = json.dumps(learner.cells)
    assert "✓" not in text, "a stored ✓ reaches the learner copy"


def test_each_solution_is_folded_under_its_self_check(learn_dir, notebook_path):
    instructor = nbformat.read(notebook_path, as_version=4)
    learner = learner_of(learn_dir, notebook_path)
    expected = [c.source.strip() for c in instructor.cells if "solution" in tags(c)]
    worked = [i for i, c in enumerate(learner.cells) if "worked-solution" in tags(c)]
    assert len(worked) == len(expected)
    for index, solution in zip(worked, expected, strict=True):
        cell = learner.cells[index]
        assert cell.cell_type == "markdown"
        assert cell.source.startswith(SUMMARY) and cell.source.rstrip().endswith("</details>")
        assert f"```python\n{solution}\n```" in cell.source, "the solution's code is not shown"
        above = learner.cells[index - 1]
        assert above.cell_type == "code" and re.fullmatch(
            r'check\("\d\d\.\d+", exercise_\d+\)', above.source.strip()
        ), "a worked solution must sit right under its self-check"
    stubs = [c for c in learner.cells if "exercise" in tags(c)]
    assert len(stubs) == len(expected), "every stub stays"


def test_no_instructor_wording_reaches_the_learner(learn_dir, notebook_path, builder):
    learner = learner_of(learn_dir, notebook_path)
    assert not builder.wording_problems(learner)
    text = "\n".join(c.source for c in learner.cells).lower()
    for phrase in ("teacher's copy", "instructor copy", "student copy"):
        assert phrase not in text


def test_instructor_only_cells_are_dropped(builder):
    nb = nbformat.v4.new_notebook()
    note = nbformat.v4.new_markdown_cell("In the instructor copy, hand out ...")
    note.metadata["tags"] = ["instructor-only"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), note]
    copy, counts = builder.learner_copy(nb)
    assert [c.source for c in copy.cells] == ["# Title"] and counts["instructor_only"] == 1


def test_rebuild_never_overwrites_a_saved_notebook(tmp_path, builder, notebook_paths):
    sources = tmp_path / "notebooks"
    sources.mkdir()
    lessons = [p for p in notebook_paths if p.name[:2].isdigit()][:2]
    for path in lessons:
        shutil.copy(path, sources / path.name)
    learn = tmp_path / "learn"
    quiet = {"log": lambda *_: None}
    mine, theirs = (learn / p.name for p in lessons)
    assert set(builder.build_learner(sorted(sources.glob("*.ipynb")), learn, **quiet).values()) == {
        "written"
    }
    assert set(builder.build_learner(sorted(sources.glob("*.ipynb")), learn, **quiet).values()) == {
        "unchanged"
    }

    # The learner saves their work in one notebook.
    saved = nbformat.read(mine, as_version=4)
    stub = next(c for c in saved.cells if "exercise" in tags(c))
    stub.source = "def exercise_1():\n    return 'my own answer'"
    nbformat.write(saved, mine)
    my_bytes = mine.read_bytes()
    report = builder.build_learner(sorted(sources.glob("*.ipynb")), learn, **quiet)
    assert report[mine.name] == "kept" and mine.read_bytes() == my_bytes

    # The lessons change: the untouched copy is refreshed, the saved one is kept and the new
    # version is offered beside it.
    for path in sources.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph from the authors."))
        nbformat.write(nb, path)
    report = builder.build_learner(sorted(sources.glob("*.ipynb")), learn, **quiet)
    assert report == {mine.name: "kept; update in updates/", theirs.name: "updated"}
    assert mine.read_bytes() == my_bytes
    assert "A new paragraph" in (learn / "updates" / mine.name).read_text(encoding="utf-8")
    assert "A new paragraph" in theirs.read_text(encoding="utf-8")

    # --reset: a fresh copy, the learner's work moved to backup/.
    report = builder.build_learner(
        sorted(sources.glob("*.ipynb")), learn, reset=[mine.name], **quiet
    )
    assert report[mine.name] == "written"
    assert (learn / "backup" / mine.name.replace(".ipynb", ".1.ipynb")).read_bytes() == my_bytes

    # Without a record (deleted or unreadable), every existing file counts as the learner's.
    (learn / ".il2kit-learner.json").write_text("not json", encoding="utf-8")
    theirs.write_text(theirs.read_text(encoding="utf-8"), encoding="utf-8")
    report = builder.build_learner(sorted(sources.glob("*.ipynb")), learn, **quiet)
    assert set(report.values()) == {"kept"}


def test_make_start_builds_the_learner_copy_and_opens_it(repo_root):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        ["make", "-n", "start"], cwd=repo_root, capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in dry.splitlines() if "build_learner.py" in line or "jupyter" in line]
    assert "build_learner.py" in lines[0], dry
    assert re.search(r"jupyter lab .*learn/00_start_here\.ipynb", lines[-1]), dry
    assert "/learn/" in (repo_root / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.slow
def test_a_learner_copy_runs_top_to_bottom(learn_dir, notebook_paths, load_tool):
    from nbclient import NotebookClient

    execute = load_tool("execute_notebooks")
    os.environ.update(execute.KERNEL_ENV)
    with_exercises = [p for p in notebook_paths if p.name[:2].isdigit()]
    smallest = min(with_exercises, key=lambda p: p.stat().st_size)
    learner = learner_of(learn_dir, smallest)
    NotebookClient(
        learner,
        timeout=300,
        kernel_name="python3",
        kernel_manager_class=execute.CurrentEnvKernelManager,
        resources={"metadata": {"path": str(learn_dir)}},
    ).execute()
    printed = [
        "".join(o.get("text", "") for o in c.outputs)
        for c in learner.cells
        if c.cell_type == "code" and c.source.startswith("check(")
    ]
    assert printed and all("not attempted" in p for p in printed), printed
