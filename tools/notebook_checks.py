"""Checks on notebook outputs shared by the tools and the tests (one copy of each rule).

``tools/execute_notebooks.py`` refuses to save a notebook whose outputs name a path on this
machine; ``tests/test_notebook_hygiene.py`` fails on the same outputs. Both use
:data:`MACHINE_PATH`, :func:`output_texts` and :func:`offending_lines` from here. Scripts in
``tools/`` import it as ``notebook_checks`` (their own folder is first on ``sys.path``); pytest
finds it through ``pythonpath = ["tools"]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = [
    "MACHINE_PATH",
    "MEMORY_ADDRESS",
    "TEXT_MIMES",
    "TIMESTAMP",
    "offending_lines",
    "output_texts",
]

# An absolute path on some machine: a POSIX home, temporary or mount folder, or a Windows user
# folder. The lookbehind keeps a URL's path part (https://host/tmp/...) and relative paths out.
MACHINE_PATH = re.compile(
    r"(?<![\w.:/-])(?:/(?:root|tmp|work|home|Users|private|var/folders|mnt)/|[A-Za-z]:\\\\?Users\\)"
)
# A wall-clock time: 2026-11-27 12:34, 2026-11-27T12:34:56, 12:34:56.789 ...
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\b\d{2}:\d{2}:\d{2}\.\d+")
# A memory address as in ``<matplotlib.lines.Line2D at 0x7f3a...>``.
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,16}\b")
# The output formats that hold text (images are base64 and are never searched).
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_texts(output: Mapping[str, Any]) -> Iterator[str]:
    """Every text an output stores: a stream, an error's value and traceback, text formats.

    >>> list(output_texts({"output_type": "stream", "name": "stdout", "text": ["a\\n", "b"]}))
    ['a\\nb']
    >>> list(output_texts({"output_type": "display_data", "data": {"image/png": "iVBOR"}}))
    []
    """
    kind = output.get("output_type")
    if kind == "stream":
        yield _joined(output.get("text", ""))
    elif kind == "error":
        yield str(output.get("evalue", ""))
        yield "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    for mime in TEXT_MIMES:
        if mime in data:
            yield _joined(data[mime])


def offending_lines(nb: Mapping[str, Any], pattern: re.Pattern[str]) -> list[str]:
    """``"cell N: <line>"`` for each output line of ``nb`` that ``pattern`` matches.

    >>> nb = {"cells": [{"cell_type": "code", "outputs": [
    ...     {"output_type": "stream", "name": "stdout", "text": "saved /tmp/x.csv\\nok"}]}]}
    >>> offending_lines(nb, MACHINE_PATH)
    ['cell 0: saved /tmp/x.csv']
    >>> offending_lines(nb, TIMESTAMP)
    []
    """
    hits = []
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                for line in text.splitlines():
                    if pattern.search(line):
                        hits.append(f"cell {index}: {line.strip()[:160]}")
    return hits
