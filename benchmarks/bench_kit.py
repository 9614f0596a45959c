"""Speed figures for the kit as a learner meets it: import time, widget redraws, notebooks.

    python benchmarks/bench_kit.py            # everything
    python benchmarks/bench_kit.py --quick    # skip executing the notebooks

Prints one table; asserts nothing (speed goals are figures to watch, not tests).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(action, repeat: int = 5) -> float:
    """Median wall time of ``action()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def import_time_ms() -> float:
    code = (
        "import time; t = time.perf_counter(); import il2kit; "
        "print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def widget_latencies() -> list[tuple[str, float]]:
    """Input change -> figure drawn (model recomputed, matplotlib figure rendered to PNG)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from il2kit import widgets

    def render(view):
        view.figure.savefig(io.BytesIO(), format="png")

    rows = []
    cases = [
        ("RegimenComparer: disease", widgets.RegimenComparer, "disease", ["melanoma", "rcc"]),
        ("RegimenComparer: endpoint", widgets.RegimenComparer, "endpoint", ["cr", "orr"]),
        ("ToxicityExplorer: organ", widgets.ToxicityExplorer, "organ", None),
        ("SimonDesigner: p1", widgets.SimonDesigner, "p1", [0.30, 0.20]),
        ("SampleSizePlanner: p2", widgets.SampleSizePlanner, "p2", [0.30, 0.20]),
        ("RateSampler: n", widgets.RateSampler, "n", [100, 40]),
        ("ShrinkageSimulator: k", widgets.ShrinkageSimulator, "k", [6, 4]),
        ("DoseCalculator: weight", widgets.DoseCalculator, "weight", [80.0, 70.0]),
        ("SurrogateSimulator: HR", widgets.SurrogateSimulator, "hr", [0.5, 1.0]),
    ]
    for label, cls, control_name, values in cases:
        view = cls()
        control = getattr(view, control_name)
        if values is None:
            values = [o for o in control.options if o != "all"][:1] + ["all"]
        state = {"i": 0}

        def change(view=view, control=control, values=values, state=state):
            control.value = values[state["i"] % len(values)]
            state["i"] += 1
            render(view)

        rows.append((f"widget update, {label}", timed(change, repeat=6)))
    return rows


def notebook_times() -> list[tuple[str, float]]:
    import nbformat
    from nbclient import NotebookClient

    rows = []
    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        seconds = time.perf_counter() - start
        total += seconds
        rows.append((f"notebook {path.stem}", seconds * 1000))
    rows.append(("all notebooks (sequential)", total * 1000))
    return rows


def engine_figures() -> list[tuple[str, float]]:
    from il2kit.design import simon_design
    from il2kit.simulate import simulate_single_arm

    return [
        (
            "simon_design optimal, p0=0.05 p1=0.20, nmax=100",
            timed(lambda: simon_design(0.05, 0.20, criterion="optimal")),
        ),
        (
            "simon_design minimax, p0=0.05 p1=0.20, nmax=100",
            timed(lambda: simon_design(0.05, 0.20, criterion="minimax")),
        ),
        (
            "1,000,000 single-arm trials (no CIs)",
            timed(
                lambda: simulate_single_arm(0.15, 40, n_trials=1_000_000, with_ci=False, rng=1),
                repeat=3,
            ),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip executing the notebooks")
    args = parser.parse_args()
    rows = [("import il2kit", import_time_ms()), *engine_figures(), *widget_latencies()]
    if not args.quick:
        rows += notebook_times()
    print(
        f"# il2kit benchmarks: Python {platform.python_version()}, {platform.machine()}, "
        f"{__import__('os').cpu_count()} cores"
    )
    width = max(len(r[0]) for r in rows)
    for label, ms in rows:
        print(f"{label:<{width}}  {ms:10.1f} ms")


if __name__ == "__main__":
    main()
