"""Class deployment files agree with each other: the Python floor, the lock, environment.yml
(Binder, repo2docker, a JupyterHub image), the Makefile's learner and test routes, CI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
TEST_TOOLS = {"pytest", "nbval", "hypothesis", "playwright", "ruff", "mypy", "sphinx", "nbgrader"}


def name_of(requirement: str) -> str:
    """The normalised distribution name of a requirement line (PEP 503)."""
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"lock line {line!r} is not an exact pin"
            pins[name_of(name)] = version.strip()
    return pins


def lock_python() -> tuple[int, int]:
    header = (ROOT / "requirements" / "lock.txt").read_text()
    match = re.search(r"^# Python (\d+)\.(\d+)\.\d+", header, re.MULTILINE)
    assert match, "the lock's header names the Python it was resolved with (`make lock` writes it)"
    return int(match.group(1)), int(match.group(2))


def floor() -> tuple[int, int]:
    match = re.fullmatch(r">=(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert match, PYPROJECT["project"]["requires-python"]
    return int(match.group(1)), int(match.group(2))


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def pip_section(env: dict) -> list[str]:
    sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert len(sections) == 1, "environment.yml has one pip: section"
    return sections[0]


# ----------------------------------------------------------------------------- Python floor
def test_declared_python_floor_is_the_tested_one():
    """requires-python, the lock, ruff, mypy, the Makefile and environment.yml name one floor,
    and it is the Python the lock (which CI installs) was resolved with."""
    major, minor = floor()
    assert lock_python() == (major, minor), "the lock was resolved on another Python"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"{major}.{minor}"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^PY_MIN\s*:=\s*{major}\.{minor}\s*$", makefile, re.MULTILINE)
    python = [d for d in environment()["dependencies"] if isinstance(d, str) and "python" in d]
    assert python == [f"python={major}.{minor}"]
    assert sys.version_info[:2] >= (major, minor)


# ----------------------------------------------------------------------------- environment.yml
def test_environment_yml_is_a_valid_conda_environment_for_repo2docker():
    env = environment()
    assert env["name"] == "il2kit"
    assert env["channels"] == ["conda-forge"]
    pip = pip_section(env)
    assert pip[-1] == "-e .", "the kit itself is installed by pip, last"
    # repo2docker picks environment.yml only when no binder/ folder overrides it
    assert not (ROOT / "binder").exists()
    assert not (ROOT / ".binder").exists()


def test_environment_yml_pins_agree_with_the_lock():
    """A Binder or hub image is reproducible: every runtime package is pinned to the lock's
    version and the lock constrains everything else pip installs."""
    pins, pip = lock_pins(), pip_section(environment())
    assert "-c requirements/lock.txt" in pip, "the lock must constrain the image's pip install"
    listed = {}
    for line in pip:
        if line.startswith("-"):
            continue
        name, _, version = line.partition("==")
        assert version, f"environment.yml: {line!r} is not pinned with =="
        listed[name_of(name)] = version
    runtime = {name_of(r) for r in PYPROJECT["project"]["dependencies"]}
    assert set(listed) == runtime, "environment.yml lists exactly the runtime dependencies"
    wrong = {n: (v, pins.get(n)) for n, v in listed.items() if pins.get(n) != v}
    assert not wrong, f"environment.yml pins differ from requirements/lock.txt: {wrong}"
    conda = [d for d in environment()["dependencies"] if isinstance(d, str)]
    assert sorted(conda) == sorted([f"python={floor()[0]}.{floor()[1]}", "pip"]), (
        "conda installs only Python and pip; every package comes from the lock through pip"
    )


# ----------------------------------------------------------------------------- dependencies
def test_learners_install_runtime_only():
    runtime = {name_of(r) for r in PYPROJECT["project"]["dependencies"]}
    assert not runtime & TEST_TOOLS, f"test tools in the runtime: {runtime & TEST_TOOLS}"
    assert {"jupyterlab", "ipywidgets", "voila"} <= runtime  # lessons and the dashboard
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"test", "dev", "site", "grading"} <= set(extras)
    dev = {name_of(r) for r in extras["dev"]}
    assert {"ruff", "mypy"} <= dev
    assert not {"ruff", "mypy"} & {name_of(r) for r in extras["test"]}


def makefile_recipe(target: str) -> tuple[str, str]:
    """(prerequisites, recipe) of ``target`` in the Makefile."""
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n?)*)", text, re.MULTILINE)
    assert match, f"no {target} target"
    return match.group(1), match.group(2)


def test_make_start_installs_the_runtime_only():
    prerequisites, _ = makefile_recipe("start")
    assert prerequisites.split() == ["setup"]
    dry = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), "setup"], capture_output=True, text=True, check=True
    ).stdout
    installs = [ln for ln in dry.splitlines() if "pip install" in ln and "-e " in ln]
    assert installs, dry
    assert all('-e "."' in ln and "[" not in ln.split("-e", 1)[1] for ln in installs), installs


def test_make_test_runs_lint_and_nbval_and_test_fast_neither():
    _, test = makefile_recipe("test")
    assert "lint" in test and "--nbval" in test.replace("$(NBVAL)", "--nbval")
    _, lint = makefile_recipe("lint")
    for tool in ("ruff check", "ruff format --check", "mypy"):
        assert tool in lint, f"make lint does not run {tool}"
    _, fast = makefile_recipe("test-fast")
    assert "NBVAL" not in fast and "--nbval" not in fast
    assert "not browser" in fast


def test_makefile_start_opens_the_start_notebook_on_loopback_with_a_token():
    _, start = makefile_recipe("start")
    assert "--ip=127.0.0.1" in start
    assert "learn/00_start_here.ipynb" in start  # the learner copy, built by build_learner.py
    assert "token=''" not in start and 'token=""' not in start and "--no-token" not in start
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file(), "make start opens a notebook"


def test_dashboard_culls_idle_kernels():
    _, dashboard = makefile_recipe("dashboard")
    assert "VOILA_CULL" in dashboard
    text = (ROOT / "Makefile").read_text()
    timeout = re.search(r"cull_idle_timeout=(\d+)", text)
    assert timeout and 0 < int(timeout.group(1)) <= 3600
    assert re.search(r"cull_interval=\d+", text)


# ----------------------------------------------------------------------------- launch links, CI
def test_readme_launch_links_open_the_learner_copy():
    """Binder opens learn/ (built by the root `start` script); nbgitpuller is for instructors."""
    readme = (ROOT / "README.md").read_text()
    binder = re.search(
        r"https://mybinder\.org/v2/gh/\S+?urlpath=lab/tree/learn/(\S+?\.ipynb)", readme
    )
    assert binder, "README needs a Binder launch link that opens the learner copy in learn/"
    assert (ROOT / "notebooks" / binder.group(1)).is_file()
    assert "mybinder.org/v2/gh/" not in readme.replace(binder.group(0), ""), "one Binder link"
    puller = re.search(r"git-pull\?repo=\S+&urlpath=lab/tree/il2kit/(\S+?\.ipynb)", readme)
    assert puller and (ROOT / puller.group(1)).is_file()
    assert "instructor" in readme[max(0, puller.start() - 300) : puller.start()]


def test_start_script_builds_the_learner_copy_in_home(tmp_path):
    """repo2docker runs ./start at every server start (Binder, a hub image): it must build
    ~/learn from the lessons, keep a saved notebook, and hand over to the server command."""
    start = ROOT / "start"
    assert start.stat().st_mode & 0o111, "start must be executable (repo2docker runs it)"
    env = {
        "HOME": str(tmp_path),
        "REPO_DIR": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
    }
    run = subprocess.run([str(start), "echo", "server"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("server"), "start must exec the server command last"
    learn = tmp_path / "learn"
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in learn.glob("*.ipynb")) == lessons
    start_here = learn / "00_start_here.ipynb"
    assert all(not cell.get("outputs") for cell in json.loads(start_here.read_text())["cells"]), (
        "the learner copy holds no stored outputs"
    )
    start_here.write_text(start_here.read_text().replace("Time to learn", "Time to learn (mine)"))
    saved = start_here.read_text()
    subprocess.run([str(start), "true"], env=env, check=True, capture_output=True)
    assert start_here.read_text() == saved, "a restart must not overwrite a saved notebook"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [
        ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert "chromium" in ci, "CI installs the browser the browser and axe tests need"


@pytest.mark.parametrize("doc", ["instructors/deployment.md"])
def test_deployment_guide_names_every_route(doc):
    text = (ROOT / doc).read_text()
    for route in ("conda", "pip", "Binder", "nbgitpuller", "nbgrader", "Zero to JupyterHub"):
        assert route in text, f"{doc} does not describe the {route} route"
    assert "environment.yml" in text


@pytest.mark.parametrize(
    "target, tool, extra",
    [
        ("site", "tools/build_site.py", "SITE_STAMP"),
        ("nbgrader", "tools/build_nbgrader.py", "GRADING_STAMP"),
        ("dashboard", "tools/voila_dashboard.py", "setup"),
    ],
)
def test_delivery_targets_run_their_tools(target, tool, extra):
    prerequisites, recipe = makefile_recipe(target)
    assert extra in makefile_expand(prerequisites) and tool in recipe
    assert (ROOT / tool).is_file()


def makefile_expand(text: str) -> str:
    """``text`` with each ``$(NAME)`` of a variable defined in the Makefile replaced by its
    definition (one level: enough to see which stamps a target may depend on)."""
    makefile = (ROOT / "Makefile").read_text()
    definitions = dict(re.findall(r"^(\w+)\s*:?=\s*(.*)$", makefile, re.MULTILINE))
    return re.sub(r"\$\((\w+)\)", lambda m: definitions.get(m.group(1), m.group(0)), text)


def test_make_n_site_and_nbgrader_run_the_tools():
    """What `make site nbgrader` would run (make -n): the two build tools, with .venv's Python."""
    dry = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "site", "nbgrader"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [ln.strip() for ln in dry.splitlines()]
    assert ".venv/bin/python tools/build_site.py" in commands
    assert ".venv/bin/python tools/build_nbgrader.py" in commands


@pytest.mark.parametrize("target, extra", [("site", "site"), ("nbgrader", "grading")])
def test_delivery_targets_reuse_the_dev_install(tmp_path, target, extra):
    """`make site` / `make nbgrader` install their extra into a fresh venv, but after
    `make setup-dev` (its stamp newer than pyproject.toml and the lock) install nothing: the dev
    extra includes both. Dry runs on a stand-in venv folder."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()

    def dry() -> list[str]:
        run = subprocess.run(
            ["make", "-n", "-C", str(ROOT), f"VENV={venv}", target],
            capture_output=True,
            text=True,
            check=True,
        )
        return [ln for ln in run.stdout.splitlines() if "pip install" in ln]

    installs = dry()
    assert len(installs) == 1 and f'-e ".[{extra}]"' in installs[0], installs
    (venv / ".il2kit-dev").touch()  # newer than pyproject.toml and the lock
    assert dry() == [], "with the dev extra installed, nothing more to install"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def test_hub_voila_fix_snippet_patches_where_the_image_puts_the_repository():
    """deployment.md's jupyter_server_config.py snippet for a hub's Voila: the path is the
    image's --target-repo-dir plus /tools, and run as written (that path pointed here) it
    replaces the kernel client's wait with tools/voila_dashboard.py's re-polling one."""
    text = (ROOT / "instructors" / "deployment.md").read_text()
    target = re.search(r"--target-repo-dir (\S+)", text)
    assert target, "deployment.md builds the image with repo2docker --target-repo-dir"
    snippets = [b for b in python_blocks(text) if "voila_dashboard.patch()" in b]
    assert len(snippets) == 1, "one snippet applies the Voila fix"
    inserted = re.search(r'sys\.path\.insert\(0, "([^"]+)"\)', snippets[0])
    assert inserted and inserted.group(1) == f"{target.group(1)}/tools"
    assert "/home/jovyan/il2kit" not in text, "the hub mounts the home over any copy there"
    code = snippets[0].replace(inserted.group(1), str(ROOT / "tools")) + (
        "\nfrom jupyter_client.channels import AsyncZMQSocketChannel\n"
        "print(AsyncZMQSocketChannel.get_msg.__name__)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "get_msg_repolled"


def test_per_user_dashboard_is_the_students_copy_of_the_repository_dashboard():
    """Voila's server extension renders files under the server's root (the home), so a
    student's /voila/render/ link points at ~/learn/dashboard.ipynb, the start script's copy of
    notebooks/dashboard.ipynb; not at the nbgitpuller copy, which students do not have."""
    text = (ROOT / "instructors" / "deployment.md").read_text()
    assert "/voila/render/learn/dashboard.ipynb" in text
    assert "/srv/il2kit/notebooks/dashboard.ipynb" in text
    assert "from the nbgitpuller copy" not in text
    assert (ROOT / "notebooks" / "dashboard.ipynb").is_file()


def test_sizing_table_measures_every_notebook():
    """deployment.md's kernel-memory table has a row for every lesson (by number) and for the
    glossary, the concept inventory and the dashboard (tools/measure_sizing.py --lessons)."""
    text = (ROOT / "instructors" / "deployment.md").read_text()
    section = text[text.index("## Sizing") :]
    rows = re.findall(r"^  \| ([^|]+?) \| ([\d.]+) \| (\d+) \|$", section, re.MULTILINE)
    names = [name for name, _, _ in rows]
    lessons = sorted(p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) >= 19
    assert sorted(n[:2] for n in names if n[:2].isdigit()) == lessons
    for other in ("glossary", "concept inventory", "dashboard"):
        assert any(n.startswith(other) for n in names), f"no sizing row for {other}"
