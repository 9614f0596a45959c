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
    """A control's new value -> the model recomputed and the new picture encoded (PNG), which
    is all a view does before the browser receives the image."""
    import matplotlib

    matplotlib.use("Agg")
    from il2kit import widgets

    cases = [
        ("RegimenComparer: disease", widgets.RegimenComparer, "disease", ["melanoma", "rcc"]),
        ("RegimenComparer: endpoint", widgets.RegimenComparer, "endpoint", ["cr", "orr"]),
        ("ToxicityExplorer: organ", widgets.ToxicityExplorer, "organ_system", None),
        ("SimonDesigner: p1", widgets.SimonDesigner, "p1", [0.30, 0.20]),
        ("SampleSizePlanner: rate_b", widgets.SampleSizePlanner, "rate_b", [0.30, 0.20]),
        ("RateSampler: n", widgets.RateSampler, "n", [100, 40]),
        ("ShrinkageSimulator: k", widgets.ShrinkageSimulator, "k", [6, 4]),
        ("DoseCalculator: weight", widgets.DoseCalculator, "weight_kg", [80.0, 70.0]),
        ("SurrogateSimulator: HR", widgets.SurrogateSimulator, "os_hr_responders", [0.5, 1.0]),
    ]
    rows = []
    for label, cls, control_name, values in cases:
        view = cls()
        control = view.disease if control_name == "disease" else view.controls[control_name]
        if values is None:
            values = [o for o in control.options if o != "all"][:1] + ["all"]
        state = {"i": 0}

        def change(control=control, values=values, state=state):
            control.value = values[state["i"] % len(values)]
            state["i"] += 1

        change()  # warm caches (data files, the sample-size curve) as a learner's first move does
        rows.append((f"widget update, {label}", timed(change, repeat=8)))
    updates = [ms for _, ms in rows]
    rows.append(("widget update, median over widgets", statistics.median(updates)))
    rows.append(("widget update, slowest widget", max(updates)))
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
