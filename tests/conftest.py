"""Shared fixtures for the notebook, student-build, site and browser tests.

A test that takes a ``notebook_path`` argument runs once per notebook in ``notebooks/``
(test ids name the notebook); with no notebooks yet it is reported as one skip saying why.
``IL2KIT_NOTEBOOKS_DIR`` points these tests at another folder of notebooks (tool development).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = Path(os.environ.get("IL2KIT_NOTEBOOKS_DIR", REPO_ROOT / "notebooks")).resolve()


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "notebook_path" not in metafunc.fixturenames:
        return
    paths = _notebooks()
    if paths:
        metafunc.parametrize("notebook_path", paths, ids=[p.name for p in paths])
    else:
        skip = pytest.mark.skip(reason=f"no notebooks in {NOTEBOOKS_DIR.name}/ yet")
        metafunc.parametrize("notebook_path", [pytest.param(None, marks=skip)], ids=["none"])


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    return NOTEBOOKS_DIR


@pytest.fixture(scope="session")
def notebook_paths() -> list[Path]:
    """Every notebook; skips the test (with the reason) when none exist yet."""
    paths = _notebooks()
    if not paths:
        pytest.skip(f"no notebooks in {NOTEBOOKS_DIR.name}/ yet")
    return paths


@pytest.fixture(scope="session")
def load_tool():
    """Import a script from tools/ (not a package) as a module: ``load_tool("build_site")``."""

    def load(name: str) -> ModuleType:
        path = REPO_ROOT / "tools" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"il2kit_tools_{name}", path)
        assert spec is not None and spec.loader is not None, path
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture(scope="session")
def course_site(tmp_path_factory, load_tool, notebook_paths) -> tuple[Path, list[dict]]:
    """The course site (tools/build_site.py, Sphinx) built once per session from the stored
    outputs: ``(folder, pages)``; shared by the site and accessibility tests."""
    out = tmp_path_factory.mktemp("site") / "html"
    pages = load_tool("build_site").build_site(notebook_paths, out, repository_url="")
    return out, pages


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the browser tests' timings (their ``record_property`` figures): from a control
    change to the new image on the page, and the dashboard's first figure. Reported, not
    asserted: speed goals live in benchmarks/ (``make bench``)."""
    lines = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", ()):
                if name in ("control_to_image_ms", "dashboard_first_figure_s"):
                    test = report.nodeid.split("::")[-1]
                    lines.append(f"  {test}: {name} = {value}")
    if lines:
        terminalreporter.write_sep("-", "browser timings (reported, not asserted)")
        for line in lines:
            terminalreporter.write_line(line)
