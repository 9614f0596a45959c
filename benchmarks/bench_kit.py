"""Speed figures for the kit as a learner meets it: import time, widget redraws, notebooks.

    python benchmarks/bench_kit.py            # everything
    python benchmarks/bench_kit.py --quick    # skip executing the notebooks

Prints one table; asserts nothing (speed goals are figures to watch, not tests). Each widget
row times one control of one widget from its default state; the "worst setting" rows time a
redraw at the heaviest setting a learner can pick (most bars, arms or text). The CPU column
(this process only) is the figure to compare on a busy machine, where wall time waits for
other work.
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
    return timed_both(action, repeat)[0]


def timed_both(action, repeat: int = 5) -> tuple[float, float]:
    """Median wall time and median CPU time (this process) of ``action()``, in milliseconds."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


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


def worst_settings() -> list[tuple[str, float, float]]:
    """Redraw time (wall, CPU) at the heaviest setting of the widgets whose work grows with
    a control: the rate sampler's largest n, every toxicity row, every RCC regimen compared."""
    import matplotlib

    matplotlib.use("Agg")
    from il2kit import widgets

    sampler = widgets.RateSampler()
    sampler.controls["n"].value = sampler.controls["n"].max
    toxicity = widgets.ToxicityExplorer()
    for name in ("study", "regimen", "organ_system"):
        toxicity.controls[name].value = "all"
    comparer = widgets.RegimenComparer()
    comparer.controls["regimens"].value = tuple(k for _, k in comparer.model.regimen_options())
    cases = [
        (f"RateSampler, n = {sampler.controls['n'].max}", sampler),
        ("ToxicityExplorer, source, regimen and organ system all", toxicity),
        (f"RegimenComparer, all {len(comparer.regimens.value)} RCC regimens", comparer),
    ]
    rows = []
    for label, view in cases:
        if view.error:  # a broken setting would time an error message
            raise SystemExit(f"{label}: {view.error}")
        rows.append((f"worst setting, {label}", *timed_both(view.refresh, repeat=5)))
    return rows


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
    rows: list[tuple] = [("import il2kit", import_time_ms()), *engine_figures()]
    rows += [*widget_latencies(), *worst_settings()]
    if not args.quick:
        rows += notebook_times()
    print(
        f"# il2kit benchmarks: Python {platform.python_version()}, {platform.machine()}, "
        f"{__import__('os').cpu_count()} cores, load average {__import__('os').getloadavg()[0]:.1f}"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall':>10}     {'CPU':>10}")
    for label, ms, *cpu in rows:
        cpu_text = f"{cpu[0]:10.1f} ms" if cpu else ""
        print(f"{label:<{width}}  {ms:10.1f} ms  {cpu_text}")


if __name__ == "__main__":
    main()
