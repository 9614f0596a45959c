"""Measure what a class costs a JupyterHub: kernel memory per lesson and per dashboard, and how
long concurrent dashboard loads take (instructors/deployment.md quotes its output).

    python tools/measure_sizing.py                     # everything (about 6 minutes)
    python tools/measure_sizing.py --lessons           # peak memory of each lesson's kernel
    python tools/measure_sizing.py --dashboard 1 4 8   # Voila: n simultaneous dashboard loads

Lessons: each notebook runs top to bottom in a fresh kernel of this environment (as
``make execute`` does, nothing saved); the kernel then reports its peak resident memory
(``ru_maxrss``). Dashboard: Voila serves notebooks/dashboard.ipynb on 127.0.0.1; headless
Chromium opens n pages at once (Voila started as `make dashboard` starts it, through
tools/voila_dashboard.py, unless --plain-voila) and times each until its figure shows; the
Voila kernels' resident memory is read while they are all alive. CPU per load, in core-seconds:
the server side (Voila's process and its kernels, from their CPU times) and the whole machine
(every core's busy time while the pages load, so the browser and anything else running too),
each divided by n. Needs the test extra (playwright, Debian's /usr/bin/chromium). Loopback
only; every server stops at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import nbformat
import psutil

TOOLS_DIR = Path(__file__).resolve().parent
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))
from execute_notebooks import KERNEL_ENV, CurrentEnvKernelManager  # noqa: E402

REPO_ROOT = TOOLS_DIR.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
PEAK_CELL = "import resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
CHROMIUM = "/usr/bin/chromium"
# The dashboard's figure: a PNG <img> with alt text (tests/test_browser.py waits for the same).
FIGURE = "img[src^='data:image/png'][alt^='Figure']"
# A load that shows no figure in this time counts as stalled (reported, not waited for).
TIMEOUT_MS = int(os.environ.get("IL2KIT_SIZING_TIMEOUT_MS", "120000"))


def lesson_peaks(paths: Sequence[Path]) -> list[tuple[str, float, float]]:
    """(notebook, seconds, peak MiB of its kernel) for each notebook."""
    from nbclient import NotebookClient

    os.environ.update(KERNEL_ENV)
    rows = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            kernel_manager_class=CurrentEnvKernelManager,
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
        peak_kib = int("".join(o.get("text", "") for o in nb.cells[-1].outputs).strip())
        rows.append((path.name, seconds, peak_kib / 1024))
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kernels_of(proc: subprocess.Popen) -> list[psutil.Process]:
    return [
        c
        for c in psutil.Process(proc.pid).children(recursive=True)
        if "ipykernel" in " ".join(c.cmdline())
    ]


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def busy_seconds() -> float:
    """Busy core-seconds of the whole machine since boot (every core, anything running)."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0)


async def load_pages(
    base: str, n: int, proc: subprocess.Popen
) -> tuple[list[float], list[float], float, float]:
    """Open ``n`` dashboard pages at once: (seconds to each page's figure, kernels' MiB, CPU
    core-seconds of Voila and its kernels, busy core-seconds of the machine) during the loads."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = await browser.new_context()

        async def local_only(route) -> None:
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                await route.continue_()
            else:
                await route.abort()

        await context.route("**/*", local_only)

        async def one() -> float:
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(base + "/", wait_until="commit")
            try:
                await page.locator(FIGURE).first.wait_for(timeout=TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - a stalled load (see deployment.md): count it
                return float("inf")
            return time.perf_counter() - start

        server = psutil.Process(proc.pid)
        server_before, busy_before = cpu_seconds(server), busy_seconds()
        times = await asyncio.gather(*(one() for _ in range(n)))
        kernels = kernels_of(proc)
        memory = [k.memory_info().rss / 2**20 for k in kernels]
        server_cpu = cpu_seconds(server) - server_before + sum(cpu_seconds(k) for k in kernels)
        busy = busy_seconds() - busy_before
        await browser.close()
    return list(times), memory, server_cpu, busy


def dashboard_loads(
    counts: Sequence[int], voila_args: Sequence[str] = (), plain_voila: bool = False
) -> list[tuple[int, list[float], list[float], float, float]]:
    rows = []
    for n in counts:
        with tempfile.TemporaryDirectory() as home, open(f"{home}/voila.log", "wb") as log:
            env = dict(
                os.environ,
                JUPYTER_CONFIG_DIR=f"{home}/config",
                JUPYTER_RUNTIME_DIR=f"{home}/runtime",
                MPLBACKEND=KERNEL_ENV["MPLBACKEND"],
            )
            port = free_port()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    *(["-m", "voila"] if plain_voila else [str(TOOLS_DIR / "voila_dashboard.py")]),
                    str(NOTEBOOKS_DIR / "dashboard.ipynb"),
                    "--no-browser",
                    f"--port={port}",
                    "--Voila.ip=127.0.0.1",
                    *voila_args,
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                for _ in range(200):
                    try:
                        urllib.request.urlopen(base + "/api/status", timeout=2).close()
                        break
                    except urllib.error.HTTPError:
                        break
                    except OSError:
                        time.sleep(0.3)
                times, memory, server_cpu, busy = asyncio.run(load_pages(base, n, proc))
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        rows.append((n, times, memory, server_cpu, busy))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", action="store_true", help="peak memory per lesson kernel")
    parser.add_argument(
        "--dashboard", nargs="*", type=int, help="simultaneous dashboard loads (1 4 8 12)"
    )
    parser.add_argument(
        "--plain-voila", action="store_true", help="Voila as released (without the stall fix)"
    )
    parser.add_argument(
        "--voila-arg", action="append", default=[], help="an extra Voila option (repeatable)"
    )
    args = parser.parse_args(argv)
    everything = not args.lessons and args.dashboard is None
    print(
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, Python "
        f"{sys.version.split()[0]}"
    )
    if args.lessons or everything:
        paths = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
        rows = lesson_peaks(paths)
        print("\nnotebook                                   run s   kernel peak MiB")
        for name, seconds, mib in rows:
            print(f"{name:42s} {seconds:6.1f}   {mib:7.0f}")
        peaks = [mib for _, _, mib in rows]
        print(f"{'median / max':42s} {'':6s}   {statistics.median(peaks):7.0f} / {max(peaks):.0f}")
    if args.dashboard or everything:
        counts = args.dashboard or [1, 4, 8, 12]
        print("\nsimultaneous dashboard loads: seconds to the figure (median, max); kernel MiB")
        for n, times, memory, server_cpu, busy in dashboard_loads(
            counts, args.voila_arg, args.plain_voila
        ):
            per = statistics.median(memory) if memory else float("nan")
            done = [t for t in times if t != float("inf")] or [float("nan")]
            stalled = sum(t == float("inf") for t in times)
            print(
                f"{n:3d} at once: median {statistics.median(done):5.1f} s, "
                f"max {max(done):5.1f} s; {len(memory)} kernels, {per:.0f} MiB each, "
                f"{sum(memory):.0f} MiB in all; CPU per load {server_cpu / n:.1f} core-s "
                f"(Voila + kernels), {busy / n:.1f} core-s (machine, browser included)"
                + (
                    f"; {stalled} stalled (no figure in {TIMEOUT_MS / 1000:.0f} s)"
                    if stalled
                    else ""
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
