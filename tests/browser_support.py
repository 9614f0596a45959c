"""Shared machinery of the real-browser tests (test_browser.py, test_accessibility.py).

Debian's ``/usr/bin/chromium`` driven by the Python ``playwright`` package (never
``playwright install``); every request that leaves 127.0.0.1 is blocked (Voila asks a CDN for
icon fonts; nothing may depend on the network). Servers (Voila, a static folder) listen on
127.0.0.1 only and stop at the end. With ``CI`` set a missing browser, playwright or axe fails
the tests; elsewhere they are skipped.
"""

from __future__ import annotations

import functools
import http.server
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_S = 60
VOILA_LAUNCHER = Path(__file__).resolve().parents[1] / "tools" / "voila_dashboard.py"
PAGE_MS = 30_000
# What counts as a failure in an axe-core audit (its other impacts: moderate, minor).
BLOCKING_IMPACTS = ("serious", "critical")


def unavailable(reason: str) -> None:
    """CI must run what it can: there a missing tool is a failure, elsewhere a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure)")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (skips or fails as :func:`unavailable` says when it cannot)."""
    if not CHROMIUM.is_file():
        unavailable(f"no {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def local_page(browser, **context_options) -> Iterator[Any]:
    """A page whose requests outside 127.0.0.1 are aborted (``blocked`` lists them)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_options)
    page = context.new_page()
    page.blocked = []

    def local_only(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.set_default_timeout(PAGE_MS)
    try:
        yield page
    finally:
        context.close()


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:
    """axe-core's violations of ``impacts`` on ``page``, one readable line per rule."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    results = Axe().run(page)
    lines = []
    for rule in results.response["violations"]:
        if rule["impact"] in impacts:
            targets = [" ".join(map(str, n["target"])) for n in rule["nodes"][:3]]
            lines.append(
                f"{rule['impact']} {rule['id']} x{len(rule['nodes'])}: {rule['help']} {targets}"
            )
    return lines


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until_up(proc: subprocess.Popen, url: str, log: Path, name: str) -> None:
    """Poll ``url`` until the server answers (any HTTP status: Voila answers 302 or 403 for
    /api/status); fail with its log if it exits or is not up within SERVER_START_S."""
    deadline = time.monotonic() + SERVER_START_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited ({proc.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered: the server is up
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{name} not up in {SERVER_START_S} s:\n{tail(log)}")
        time.sleep(0.3)


def terminate(proc: subprocess.Popen) -> None:
    """Stop a server started in its own session: terminate, then kill its process group."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@contextmanager
def voila_server(
    notebook: Path, home: Path, *extra: str
) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """Voila serving ``notebook`` on 127.0.0.1 with its own config and runtime folders under
    ``home``; yields (base URL, log file, process)."""
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    port = free_port()
    cmd = [
        sys.executable,
        str(VOILA_LAUNCHER),  # Voila with the stall fixed, as `make dashboard` runs it
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *extra,
    ]
    log_path = home / "voila.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=notebook.parent,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(proc, f"{base}/api/status", log_path, "Voila")
            yield base, log_path, proc
        finally:
            terminate(proc)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a thread); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
