"""Clopper-Pearson limits at very large n in 40-digit arithmetic (mpmath), for il2kit.rates.

R's binom.test covers n = 1e6 and 1e9 (binom_large.json); this extends the check to
n = 2**53 - 1, the largest count il2kit accepts, for small responder counts (where the limits
are sums of a few binomial terms, computable exactly). Needs mpmath, which is not a dependency
of the kit; run with any Python that has it, from the repository root:

    python tests/reference/engine_r/make_beta_precision.py

It rewrites beta_precision.json next to this script (values with 17 significant digits).
"""

import json
from pathlib import Path


def main() -> None:
    import mpmath as mp  # imported here: the test suite collects this file without mpmath

    mp.mp.dps = 40

    def tail_below(x: int, n: int, p):
        """P(X <= x) for X ~ Bin(n, p), summed term by term."""
        n_ = mp.mpf(n)
        terms = (mp.binomial(n_, k) * p**k * mp.exp((n_ - k) * mp.log1p(-p)) for k in range(x + 1))
        return mp.fsum(terms)

    def solve(f, low, high):
        """The root of the monotone ``f`` bracketed by ``(low, high)``, by 140 bisections."""
        f_low = f(low)
        assert f_low * f(high) < 0, "root not bracketed"
        for _ in range(140):
            mid = (low + high) / 2
            f_mid = f(mid)
            if (f_mid < 0) == (f_low < 0):
                low, f_low = mid, f_mid
            else:
                high = mid
        return (low + high) / 2

    rows = []
    for n in (10**6, 10**9, 10**12, 10**15, 2**53 - 1):
        for x in (1, 3, 10):
            for level in ("0.9", "0.95", "0.99"):
                a = (1 - mp.mpf(level)) / 2
                rate = mp.mpf(x) / n
                # upper limit: P(X <= x | p) = a; lower limit: P(X >= x | p) = a
                high = solve(lambda p, x=x, n=n, a=a: tail_below(x, n, p) - a, rate, rate * 10)
                low = solve(
                    lambda p, x=x, n=n, a=a: 1 - tail_below(x - 1, n, p) - a, rate / 1e3, rate
                )
                rows.append(
                    {
                        "responders": x,
                        "n": n,
                        "confidence_level": float(level),
                        "exact_low": float(mp.nstr(low, 17)),
                        "exact_high": float(mp.nstr(high, 17)),
                    }
                )
    out = {
        "provenance": {
            "mpmath_version": mp.__version__,
            "digits": 40,
            "script": "tests/reference/engine_r/make_beta_precision.py",
        },
        "description": "Clopper-Pearson limits solved from binomial tail sums in 40 digits.",
        "rows": rows,
    }
    path = Path(__file__).with_name("beta_precision.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
