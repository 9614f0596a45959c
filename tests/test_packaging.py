"""Install paths: the wheel carries the data, the lock pins every dependency of every extra,
and ``import il2kit`` stays light. (environment.yml: tests/test_deployment.py.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _names(requirements: list[str]) -> dict[str, str]:
    """Map a normalised package name to its version specifier."""
    out = {}
    for req in requirements:
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
        assert m, req
        out[m.group(1).lower().replace("_", "-")] = m.group(2).replace(" ", "")
    return out


def test_lock_pins_every_dependency_exactly():
    """The runtime dependencies and those of every extra are pinned (``make lock``)."""
    lock = _names(
        [
            ln
            for ln in (ROOT / "requirements" / "lock.txt").read_text().splitlines()
            if ln and not ln.startswith("#")
        ]
    )
    assert all(spec.startswith("==") for spec in lock.values())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = list(pyproject["project"]["dependencies"])
    for extra in pyproject["project"]["optional-dependencies"].values():
        wanted += [r for r in extra if not r.startswith("il2kit[")]  # extras of extras
    assert set(_names(wanted)) <= set(lock), set(_names(wanted)) - set(lock)


def test_extras_of_extras_name_existing_extras():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = pyproject["project"]["optional-dependencies"]
    for name, requirements in extras.items():
        for req in requirements:
            if req.startswith("il2kit["):
                inner = req[len("il2kit[") : -1].split(",")
                assert set(inner) <= set(extras) - {name}, f"{name}: {req}"


def test_version_is_one_number_everywhere():
    """il2kit/__init__.py is the source: pyproject.toml declares the version dynamic and reads
    it from there, the installed metadata carries it, and CITATION.cff repeats it. (After a
    version bump, refresh an editable install: ``pip install -e . --no-deps``.)"""
    from importlib.metadata import version

    import il2kit

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "il2kit/__init__.py"
    (cff,) = re.findall(
        r"^version:\s*[\"']?([^\"'\s]+)", (ROOT / "CITATION.cff").read_text(), flags=re.M
    )
    assert il2kit.__version__ == "0.2.0"
    assert version("il2kit") == il2kit.__version__
    assert cff == il2kit.__version__


def test_import_is_light():
    code = (
        "import sys, il2kit; heavy = [m for m in ('matplotlib', 'ipywidgets', 'scipy', 'pandas') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_wheel_carries_the_data_and_works_outside_the_repo(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("il2kit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for csv in ("trials", "regimens", "toxicity", "timeline", "sources", "quotes"):
        assert f"il2kit/_data/{csv}.csv" in names
    assert not any("_staging" in n for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import json, il2kit, il2kit.data as d; "
        "print(json.dumps([il2kit.__file__, str(d.data_dir()), list(il2kit.load_trials().shape)]))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, folder, shape = json.loads(out.stdout)
    assert module_file.startswith(str(target))
    assert folder.startswith(str(target))
    assert shape[0] >= 60


def _public_modules() -> list[str]:
    """il2kit and every module and subpackage below it whose name has no leading "_"."""
    import importlib
    import pkgutil

    import il2kit

    names = ["il2kit"]
    for info in pkgutil.walk_packages(il2kit.__path__, "il2kit."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    for name in names:
        importlib.import_module(name)
    return names


def test_public_all_lists_each_name_once_and_every_name_exists():
    import collections
    import importlib

    modules = _public_modules()
    assert {"il2kit", "il2kit.plotting", "il2kit.widgets", "il2kit.evidence"} <= set(modules)
    checked = 0
    for name in modules:
        module = importlib.import_module(name)
        listed = getattr(module, "__all__", None)
        if listed is None:
            continue
        checked += 1
        twice = sorted(k for k, c in collections.Counter(listed).items() if c > 1)
        assert not twice, (name, twice)
        assert all(hasattr(module, k) for k in listed), (
            name,
            [k for k in listed if not hasattr(module, k)],
        )
    assert checked >= 10
