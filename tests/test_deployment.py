"""Class deployment files: Binder/repo2docker and JupyterHub routes agree with pyproject.toml."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_is_a_valid_conda_environment_for_repo2docker():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["name"] == "il2kit"
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    pip_sections = [d for d in deps if isinstance(d, dict)]
    assert pip_sections == [{"pip": ["-e ."]}], "the kit itself must be installed by pip"
    # repo2docker picks environment.yml only when no binder/ folder overrides it
    assert not (ROOT / "binder").exists()
    assert not (ROOT / ".binder").exists()


def test_python_floor_agrees():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    floor = pyproject["project"]["requires-python"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{floor}" in [
        d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)
    ]


def test_readme_launch_links_open_the_start_notebook():
    readme = (ROOT / "README.md").read_text()
    binder = re.search(r"https://mybinder\.org/v2/gh/\S+?urlpath=lab/tree/(\S+?\.ipynb)", readme)
    assert binder, "README needs a Binder launch link"
    assert (ROOT / binder.group(1)).is_file()
    puller = re.search(r"git-pull\?repo=\S+&urlpath=lab/tree/il2kit/(\S+?\.ipynb)", readme)
    assert puller, "README needs an nbgitpuller link for JupyterHub"
    assert (ROOT / puller.group(1)).is_file()


def test_makefile_start_opens_the_start_notebook_on_loopback_with_a_token():
    makefile = (ROOT / "Makefile").read_text()
    start = makefile.split("\nstart:", 1)[1].split("\n\n", 1)[0]
    assert "--ip=127.0.0.1" in start
    assert "learn/00_start_here.ipynb" in start  # the learner copy, built by build_learner.py
    assert "token=''" not in start and 'token=""' not in start and "--no-token" not in start
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file() or "00_start_here" in start


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [
        ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith("#")
    ]
    assert commands[-1] == "make test"
