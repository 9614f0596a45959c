"""The contributor documents say what the kit does.

``notebooks/README.md``, ``CONTRIBUTING.md`` and ``data/README.md`` name files, make targets,
tests, kit functions, notebook minutes and data keys. Each check here reads one of those claims
and compares it with the thing it names, so a rename or a changed figure fails here instead of
leaving the page stale.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pandas as pd
import pytest

from il2kit import data as data_mod
from il2kit.course import timing

ROOT = Path(__file__).resolve().parents[1]
DATA = data_mod.data_dir()
NOTEBOOKS = ROOT / "notebooks"  # the README documents these, whatever IL2KIT_NOTEBOOKS_DIR says
NOTEBOOKS_README = NOTEBOOKS / "README.md"
DOCS = [ROOT / "CONTRIBUTING.md", NOTEBOOKS_README]

CODE = re.compile(r"`([^`\n]+)`")
REPO_PATH = re.compile(
    r"^(?:\.\./)?((?:\.ci|data|il2kit|instructors|notebooks|requirements|tests|tools)/\S*)$"
)
MAKE = re.compile(r"\bmake ([a-z][a-z-]*)")
TEST_NAMED = re.compile(r"`(tests/\w+\.py)` \(`(test_\w+)`\)")
KIT_NAME = re.compile(r"\b(il2kit(?:\.\w+)+)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start : end if end > 0 else len(text)]


def _table_rows(text: str) -> list[list[str]]:
    """The cells of each body row of the Markdown tables in ``text`` (header rows left out)."""
    rows, previous = [], ""
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-:| ]+\|$", line):
            if not previous.startswith("|"):
                previous = line  # a header row: the line before it is not a table row
                continue
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        previous = line
    return rows


def _raw(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


# ----------------------------------------------------------------------------- notebooks/README
def _readme_minutes(text: str) -> dict[str, str]:
    """``{notebook stem: minutes cell}`` of the notebooks table."""
    rows = _table_rows(_section(text, "# The notebooks"))
    return {r[0].strip("`"): r[-1] for r in rows if r[0].startswith("`")}


def _minutes_mismatches(text: str, notebooks_dir: Path) -> dict[str, str]:
    """Rows whose minutes differ from the notebook's own "**Time to learn:** N minutes" line
    (the one source of truth; "-" for a notebook that states none)."""
    stated = timing.notebook_minutes(notebooks_dir)
    wrong = {}
    for stem, minutes in _readme_minutes(text).items():
        want = str(stated[stem]) if stem in stated else "-"
        if minutes != want:
            wrong[stem] = f"notebooks/README.md says {minutes}, the notebook {want}"
    return wrong


def test_notebook_table_lists_every_notebook_once():
    listed = _readme_minutes(_read(NOTEBOOKS_README))
    on_disk = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    assert set(listed) == on_disk, (
        f"not in notebooks/README.md: {sorted(on_disk - set(listed))}; "
        f"listed but missing: {sorted(set(listed) - on_disk)}"
    )


def test_notebook_table_minutes_are_each_notebooks_own_time_to_learn():
    wrong = _minutes_mismatches(_read(NOTEBOOKS_README), NOTEBOOKS)
    assert not wrong, wrong


def test_a_stale_minutes_figure_is_caught():
    text = _read(NOTEBOOKS_README)
    stem = "09_phase2_designs"
    minutes = timing.notebook_minutes(NOTEBOOKS)[stem]
    row = re.search(rf"^\| `{stem}` \|.*\| {minutes} \|$", text, re.M)
    assert row, f"no row for {stem}"
    stale = text.replace(row.group(0), row.group(0)[: -len(f" {minutes} |")] + f" {minutes + 5} |")
    assert set(_minutes_mismatches(stale, NOTEBOOKS)) == {stem}


# ----------------------------------------------------------------------------- names in the docs
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_named_exists(doc):
    """Paths in code spans, also inside commands; ``NN`` and ``*`` stand for any lesson/file."""
    words = {w for span in CODE.findall(_read(doc)) for w in span.split()}
    missing = []
    for word in sorted(words):
        match = REPO_PATH.match(word)
        if not match:
            continue
        path = match.group(1)  # ../instructors/ in notebooks/README.md is the repository's
        if "*" in path:
            found = list(ROOT.glob(path.replace("NN", "[0-9][0-9]")))
        else:
            found = [ROOT / path] if (ROOT / path).exists() else []
        if not found:
            missing.append(word)
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_file_named_exists(doc):
    """Bare file names (``_routes.py``, ``lesson_timings.py``) exist in il2kit, tools or tests."""
    files = {p.name for d in ("il2kit", "tools", "tests") for p in (ROOT / d).rglob("*.py")}
    named = {t for t in CODE.findall(_read(doc)) if re.fullmatch(r"\w+\.py", t)}
    assert named <= files, f"{doc.name}: no such file {sorted(named - files)}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_make_target_named_exists(doc):
    makefile = _read(ROOT / "Makefile")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(MAKE.findall(" ".join(CODE.findall(_read(doc)))))  # in code spans
    assert named, f"{doc.name} names no make target"
    assert named <= targets, f"{doc.name}: no such make target {sorted(named - targets)}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_test_named_exists(doc):
    for path, name in TEST_NAMED.findall(_read(doc)):
        assert re.search(rf"^def {name}\(", _read(ROOT / path), re.M), f"{path} has no {name}"


@pytest.mark.parametrize(
    "doc", [*DOCS, DATA / "README.md"], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_kit_name_named_resolves(doc):
    """``il2kit.data.validate_dataset()``, ``il2kit.course.timing.notebook_minutes()`` ..."""
    unresolved = []
    for dotted in set(KIT_NAME.findall(_read(doc))):
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):  # the longest importable module, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                unresolved.append(dotted)
            break
        else:
            unresolved.append(dotted)
    assert not unresolved, f"{doc.name}: {sorted(unresolved)} do not exist"


def test_contributing_points_to_the_public_names_and_the_quick_commands():
    text = _read(ROOT / "CONTRIBUTING.md")
    assert "`il2kit/__init__.pyi`" in text and "lazy_loader" in text
    for target in ("make test-fast", "make lint", "make test"):
        assert target in text, target


def test_authoring_rules_name_the_current_self_check():
    text = _read(NOTEBOOKS_README)
    assert "check_answer" not in text, "the old self-check no longer exists"
    assert '`check("NN.k", exercise_k)`' in text
    from il2kit.exercises import check  # noqa: F401 (the function the rule names)


# ----------------------------------------------------------------------------- data/README
def _data_readme() -> str:
    return _read(DATA / "README.md")


def test_unreadable_list_agrees_with_the_readable_flag():
    sources = _raw("sources.csv").set_index("study")
    rows = _table_rows(_section(_data_readme(), "## What could not be read"))
    listed = {}
    for cells in rows:
        study = cells[0].strip("`")
        assert study in sources.index, f"{study}: listed as not readable but not in sources.csv"
        listed[study] = cells[1]
        assert cells[1] == sources.loc[study, "readable"], (
            f"{study}: the README says readable = {cells[1]}, sources.csv "
            f"{sources.loc[study, 'readable']}"
        )
    unreadable = set(sources.index[sources["readable"] == "no"])
    assert unreadable <= set(listed), (
        f"not listed as unreadable: {sorted(unreadable - set(listed))}"
    )


def test_unreadable_sources_have_no_data_rows():
    sources = _raw("sources.csv")
    unreadable = set(sources.loc[sources["readable"] == "no", "study"])
    for name, column in [
        ("trials.csv", "study"),
        ("toxicity.csv", "study"),
        ("effects.csv", "study"),
        ("dose_schedules.csv", "study"),
        ("statements.csv", "source"),
    ]:
        used = set(_raw(name)[column]) & unreadable
        assert not used, f"{name} has rows from unreadable sources {sorted(used)}"


def test_every_key_in_a_conflict_row_exists():
    from il2kit._schema import FILES

    frames = {name: _raw(name) for name in FILES}
    columns = {c for f in frames.values() for c in f.columns}
    values = {v for f in frames.values() for c in f.columns for v in f[c]}
    studies = set(frames["sources.csv"]["study"])
    regimens = set(frames["regimens.csv"]["regimen"])
    rows = _table_rows(_section(_data_readme(), "## Conflicts between sources"))
    assert len(rows) >= 30
    problems = []
    for cells in rows:
        for key in CODE.findall(cells[0]):
            if key not in studies | regimens:
                problems.append(f"{key!r} (first column) is no study or regimen")
        for token in CODE.findall(" | ".join(cells)):
            if "=" in token:
                column, value = (s.strip() for s in token.split("=", 1))
                ok = any(column in f.columns and value in set(f[column]) for f in frames.values())
            elif token.endswith("*"):
                ok = any(v.startswith(token[:-1]) for v in values)
            elif token.endswith(".csv"):
                ok = token in frames
            else:
                ok = token in values or token in columns
            if not ok:
                problems.append(f"{token!r} in the row of {cells[0]}")
    assert not problems, "\n".join(problems)


def test_cohort_links_are_recorded_as_conflicts():
    """Each same_cohort_as link of trials.csv has a conflict row naming both studies."""
    section = _section(_data_readme(), "## Conflicts between sources")
    rows = [" | ".join(r) for r in _table_rows(section)]
    trials = _raw("trials.csv")
    linked = trials[trials["same_cohort_as"] != ""]
    assert len(linked) > 0
    for study, target in set(zip(linked["study"], linked["same_cohort_as"], strict=True)):
        assert any(f"`{study}`" in r and f"`{target}`" in r for r in rows), (
            f"{study} -> {target} (same_cohort_as) has no conflict row naming both"
        )


def test_plain_subcutaneous_key_is_left_only_to_geertsen2004():
    """The README says the split left `sc_il2` only to geertsen2004's pooled cohort."""
    text = _data_readme()
    assert "`sc_il2` remains only for geertsen2004" in text
    for name in ("trials.csv", "toxicity.csv"):
        frame = _raw(name)
        assert set(frame.loc[frame["regimen"] == "sc_il2", "study"]) == {"geertsen2004"}, name
    toxicity = _raw("toxicity.csv").set_index("row_id")
    assert toxicity.loc["yang2003_deaths_sc", "regimen"] == "sc_il2_per_kg"
    split = next(
        " | ".join(r)
        for r in _table_rows(_section(text, "## Conflicts between sources"))
        if r[0].startswith("`sc_il2`")
    )
    assert "`yang2003_deaths_sc`" in split and "still" not in split, split


def test_year_only_table_matches_sources():
    sources = _raw("sources.csv").set_index("study")
    section = _section(_data_readme(), "### Publication dates printed without a month")
    rows = {r[0].strip("`"): r for r in _table_rows(section.split("\n\nMonths printed")[0])}
    year_only = set(sources.index[sources["published"].str.len() == 4])
    assert set(rows) == year_only, (
        f"missing: {sorted(year_only - set(rows))}; not year-only: {sorted(set(rows) - year_only)}"
    )
    for study, cells in rows.items():
        assert cells[1] == sources.loc[study, "published"], study
    count = re.search(r"only the year for these (\d+) sources", section)
    assert count and int(count.group(1)) == len(year_only)


def test_months_from_another_page_are_months():
    """The sources said to take a month printed for their issue elsewhere do hold a month."""
    sources = _raw("sources.csv").set_index("study")
    section = _section(_data_readme(), "### Publication dates printed without a month")
    elsewhere = section.split("\n\nMonths printed", 1)[1]
    keys = [k for k in CODE.findall(elsewhere) if k in sources.index]
    assert len(keys) >= 5
    for study in keys:
        assert len(sources.loc[study, "published"]) >= 7, study
