"""Timing of the computation engine: Simon design searches and Monte-Carlo trials.

Run: ``python benchmarks/bench_engine.py`` (``--quick`` skips the nmax = 1000 searches). Prints
figures only, never asserts them. Where R can load clinfun (``Rscript -e 'library(clinfun)'``;
clinfun is not packaged in Debian, and ``R_LIBS`` may point at a private library), clinfun's
``ph2simon`` runs on the same problems and its time and designs are printed beside il2kit's.
The review's slow cases (close rates near 0.5, nmax 400 to 1000, infeasible searches) are
included. clinfun has no trial simulator, so the simulation figures stand alone (R's
``rbinom`` would time a random-number generator, not the same work). Each il2kit search runs
in a fresh Python process, which reports its time and its peak resident memory (interpreter and
imports included, about 100 MB).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time

from il2kit.design import simon_design
from il2kit.simulate import simulate_simon, simulate_single_arm

SIMON_CASES = [  # p0, p1, alpha, beta, nmax
    (0.05, 0.25, 0.10, 0.10, 100),
    (0.10, 0.30, 0.05, 0.20, 100),
    (0.20, 0.40, 0.05, 0.20, 100),
    (0.50, 0.70, 0.05, 0.20, 100),
    (0.20, 0.30, 0.05, 0.20, 400),
    (0.45, 0.55, 0.05, 0.20, 400),
    (0.50, 0.52, 0.05, 0.20, 400),  # infeasible: needs ~3,900 patients
    (0.50, 0.55, 0.05, 0.20, 400),  # infeasible
    (0.50, 0.55, 0.05, 0.20, 600),  # infeasible
]
LARGE_CASES = [
    (0.50, 0.55, 0.05, 0.20, 1000),
    (0.50, 0.56, 0.05, 0.20, 1000),
    (0.30, 0.35, 0.05, 0.20, 1000),
]

R_SCRIPT = r"""
suppressPackageStartupMessages(library(clinfun))
args <- as.numeric(commandArgs(trailingOnly = TRUE))
t <- system.time(res <- tryCatch(ph2simon(args[1], args[2], args[3], args[4], nmax = args[5]),
                                 error = function(e) NULL))[["elapsed"]]
if (is.null(res)) {
  cat(sprintf('{"seconds": %.3f, "designs": null}', t))
} else {
  o <- res$out
  fmt <- function(r) sprintf("[%d, %d, %d, %d]", r[1], r[2], r[3], r[4])
  cat(sprintf('{"seconds": %.3f, "designs": {"minimax": %s, "optimal": %s}}', t,
              fmt(o[1, 1:4]), fmt(o[which.min(o[, 5]), 1:4])))
}
"""


def clinfun_available() -> bool:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return False
    probe = subprocess.run(
        [rscript, "-e", "library(clinfun)"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0


def run_clinfun(case: tuple) -> dict:
    out = subprocess.run(
        ["Rscript", "-e", R_SCRIPT, *map(str, case)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


PY_SCRIPT = """
import json, resource, sys, time
from il2kit.design import InfeasibleDesignError, simon_design
p0, p1, alpha, beta, nmax = (float(v) for v in sys.argv[1:6])
start = time.perf_counter()
designs = {}
try:
    for criterion in ("minimax", "optimal"):
        d = simon_design(p0, p1, alpha=alpha, beta=beta, criterion=criterion, nmax=int(nmax))
        designs[criterion] = [d.r1, d.n1, d.r, d.n]
except InfeasibleDesignError:
    designs = None
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "designs": designs}))
"""


def run_il2kit(case: tuple) -> tuple[float, float, dict | None]:
    """Seconds (both criteria), peak resident MiB, designs as (r1, n1, r, n) lists."""
    out = subprocess.run(
        [sys.executable, "-c", PY_SCRIPT, *map(str, case)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["peak_mib"], result["designs"]


def best_of(fn, repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the nmax = 1000 searches")
    args = parser.parse_args()
    with_r = clinfun_available()
    print(
        "Simon designs, minimax + optimal; time and peak memory per search (clinfun: ph2simon)"
        + ("" if with_r else "; clinfun not available, il2kit only")
    )
    cases = SIMON_CASES + ([] if args.quick else LARGE_CASES)
    for case in cases:
        seconds, peak, designs = run_il2kit(case)
        p0, p1, alpha, beta, nmax = case
        label = f"  p0={p0:.2f} p1={p1:.2f} a={alpha:.2f} b={beta:.2f} nmax={nmax:4d}"
        found = "infeasible" if designs is None else f"{designs['minimax']} {designs['optimal']}"
        line = f"{label}: il2kit {seconds:6.2f} s, {peak:5.0f} MiB peak, {found}"
        if with_r:
            ref = run_clinfun(case)
            same = ref["designs"] == designs
            line += f" | clinfun {ref['seconds']:6.2f} s, designs {'same' if same else 'DIFFER'}"
        print(line, flush=True)

    print("Single-arm trials (best of 3; il2kit only: clinfun has no simulator):")
    t = best_of(lambda: simulate_single_arm(0.2, 30, n_trials=1_000_000, with_ci=False, rng=1))
    print(f"  n=30, 1,000,000 trials, without intervals: {t:.3f} s")
    t = best_of(lambda: simulate_single_arm(0.2, 30, n_trials=1_000_000, threshold=0.2, rng=1))
    print(f"  n=30, 1,000,000 trials, exact intervals and threshold: {t:.3f} s")
    t = best_of(lambda: simulate_single_arm(0.2, 10**6, n_trials=10, rng=1))
    print(f"  n=1,000,000 patients, 10 trials, exact intervals: {t:.3f} s")
    d = simon_design(0.1, 0.3)
    t = best_of(lambda: simulate_simon(d, 0.2, n_trials=1_000_000, rng=1))
    print(f"Simon trials, 1,000,000 (best of 3): {t:.3f} s")


if __name__ == "__main__":
    main()
