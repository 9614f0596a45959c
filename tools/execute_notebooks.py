"""Re-execute notebooks top to bottom in a fresh kernel and save them in place.

    python tools/execute_notebooks.py                      # every notebook in notebooks/
    python tools/execute_notebooks.py notebooks/04_*.ipynb # only these
    python tools/execute_notebooks.py --timeout 600

Each notebook runs in a new ``python3`` kernel of the current environment with ``notebooks/`` as
its working directory, a fixed hash seed and the inline matplotlib backend, so the stored outputs
(nbval's expectations) are reproducible. Cell ids are kept. The notebook-level widget state is
dropped (it holds random model ids and a copy of every widget figure); the cells'
``application/vnd.jupyter.widget-view+json`` outputs stay. A notebook that raises, or whose outputs
name a path on this machine, is reported and not saved; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import default

if str(Path(__file__).resolve().parent) not in sys.path:  # loaded by path, not as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_checks import MACHINE_PATH, offending_lines  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"

KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYTHONHASHSEED": "0",
}
WIDGET_STATE_KEY = "widgets"


def machine_paths(nb: nbformat.NotebookNode) -> list[str]:
    """'cell N: <line>' for each output line that names an absolute path on this machine."""
    return offending_lines(nb, MACHINE_PATH)


def strip_widget_state(nb: nbformat.NotebookNode) -> None:
    """Drop the notebook-level widget state; keep the cells' widget-view outputs."""
    nb.metadata.pop(WIDGET_STATE_KEY, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # per-cell timing stamps, if any


class CurrentEnvKernelSpecs(KernelSpecManager):
    """``python3`` always means this interpreter (as nbval's --nbval-current-env does), even if
    a user-wide kernelspec of that name points at another Python."""

    def get_kernel_spec(self, kernel_name: str):
        if kernel_name == "python3":
            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES,
                **ipykernel.kernelspec.get_kernel_dict(),
            )
        return super().get_kernel_spec(kernel_name)


class CurrentEnvKernelManager(KernelManager):
    @default("kernel_spec_manager")
    def _current_env_specs(self) -> KernelSpecManager:
        return CurrentEnvKernelSpecs(data_dir=self.data_dir)


def execute_notebook(path: Path, *, timeout: int = 300) -> float:
    """Execute ``path`` in place; return the seconds it took. Raises on error or machine paths."""
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    os.environ.update(KERNEL_ENV)  # the kernel inherits this process's environment
    client = NotebookClient(
        nb,
        kernel_manager_class=CurrentEnvKernelManager,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        allow_errors=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    strip_widget_state(nb)
    leaks = machine_paths(nb)
    if leaks:
        raise ValueError(f"{path.name}: outputs name machine paths:\n  " + "\n  ".join(leaks))
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to execute (default: every notebook in notebooks/)",
    )
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (300)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks in {NOTEBOOKS_DIR}")
        return 0
    failed = []
    for path in paths:
        try:
            seconds = execute_notebook(path, timeout=args.timeout)
        except (CellExecutionError, ValueError, TimeoutError) as exc:
            failed.append(path.name)
            print(f"FAILED {path.name}: not saved\n{exc}", file=sys.stderr)
            continue
        print(f"{seconds:6.1f} s  {path.name}")
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
