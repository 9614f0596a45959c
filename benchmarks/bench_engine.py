"""Timing of the computation engine: Simon design search and Monte-Carlo trials.

Run: python benchmarks/bench_engine.py. Prints figures only (no assertions); the targets are
about 20 ms per Simon search with nmax=100 and under 0.5 s for a million single-arm trials.
"""

from __future__ import annotations

import time

from il2kit.design import simon_design
from il2kit.simulate import simulate_simon, simulate_single_arm


def best_of(fn, repeat: int = 5) -> float:
    """Fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    cases = [
        (0.05, 0.25, 0.10, 0.10),
        (0.10, 0.30, 0.05, 0.20),
        (0.20, 0.40, 0.05, 0.20),
        (0.50, 0.70, 0.05, 0.20),
        (0.70, 0.90, 0.05, 0.20),
    ]
    print("Simon design search, nmax=100 (best of 5):")
    for p0, p1, alpha, beta in cases:
        for criterion in ("optimal", "minimax"):
            kwargs = dict(alpha=alpha, beta=beta, criterion=criterion, nmax=100)
            t = best_of(lambda p0=p0, p1=p1, kw=kwargs: simon_design(p0, p1, **kw))
            d = simon_design(p0, p1, alpha=alpha, beta=beta, criterion=criterion)
            print(
                f"  p0={p0:.2f} p1={p1:.2f} alpha={alpha:.2f} beta={beta:.2f} "
                f"{criterion:8s} {d.r1}/{d.n1}, {d.r}/{d.n}: {1000 * t:6.1f} ms"
            )
    t = best_of(lambda: simon_design(0.2, 0.4, nmax=200), repeat=3)
    print(f"  p0=0.20 p1=0.40 optimal, nmax=200: {1000 * t:6.1f} ms")

    print("Single-arm trials, n=30 patients, 1,000,000 trials (best of 3):")
    t = best_of(
        lambda: simulate_single_arm(0.2, 30, n_trials=1_000_000, with_ci=False, rng=1), repeat=3
    )
    print(f"  without intervals: {t:.3f} s")
    t = best_of(
        lambda: simulate_single_arm(0.2, 30, n_trials=1_000_000, threshold=0.2, rng=1), repeat=3
    )
    print(f"  with exact intervals and threshold: {t:.3f} s")
    d = simon_design(0.1, 0.3)
    t = best_of(lambda: simulate_simon(d, 0.2, n_trials=1_000_000, rng=1), repeat=3)
    print(f"Simon trials, 1,000,000 (best of 3): {t:.3f} s")


if __name__ == "__main__":
    main()
