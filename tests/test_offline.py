"""The kit never reaches the network: every notebook runs with outbound sockets blocked.

A ``sitecustomize`` module on the kernel's ``PYTHONPATH`` makes ``socket.connect`` refuse every
address outside the loopback range (the kernel itself talks to Jupyter over 127.0.0.1), so a
notebook or library that tried to download anything would fail here.
"""

from __future__ import annotations

import textwrap

import nbformat
import pytest
from nbclient import NotebookClient

BLOCKER = textwrap.dedent(
    """
    import socket

    _connect = socket.socket.connect


    def _loopback_only(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise OSError(f"il2kit offline test: network access to {host!r} is blocked")
        return _connect(self, address)


    socket.socket.connect = _loopback_only
    """
)


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("offline")
    (folder / "sitecustomize.py").write_text(BLOCKER)
    return folder


def _run(nb, path, folder, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(folder))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    return client.execute()


def test_the_blocker_blocks(offline_env, tmp_path, monkeypatch, notebooks_dir):
    """The test can fail: a notebook that opens a socket to a public address errors."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket\nsocket.create_connection(('93.184.216.34', 80), timeout=2)"
        )
    ]
    with pytest.raises(Exception, match="network access .* is blocked"):
        _run(nb, notebooks_dir / "x.ipynb", offline_env, monkeypatch)


@pytest.mark.slow
def test_notebook_runs_offline(notebook_path, offline_env, monkeypatch):
    nb = nbformat.read(notebook_path, as_version=4)
    _run(nb, notebook_path, offline_env, monkeypatch)  # raises CellExecutionError on any error
