"""Run Voila with a fix for its intermittent stall (``make dashboard`` and the browser tests).

    python tools/voila_dashboard.py notebooks/dashboard.ipynb [voila options]

About one Voila page load in 15-20 here (more under load) never finishes: the kernel has run
the cell and is idle, Voila waits on and the page shows only heartbeats. Voila 0.5 sends the
kernel a request (setting ``VOILA_KERNEL_ID``) without waiting for its reply and then executes
the cells; a reply that arrives in between can leave the shell channel's wait (one poll of a
ZeroMQ socket, no timeout) without a wake-up. Without that request 30 loads in 30 finished.
This launcher makes every wait of an asyncio kernel-client channel re-poll every
``SLICE_S`` seconds (same messages, same overall timeout), then hands over to Voila unchanged
(instructors/deployment.md: the numbers).

A hub serving dashboards through Voila's server extension (``/voila/render/...``) runs no such
launcher: it gets the fix only if the image's ``jupyter_server_config.py`` imports this module
and calls :func:`patch` (instructors/deployment.md gives the snippet; tests/test_deployment.py
checks that it installs the re-polling wait). Without it, reload a page that stays empty.
"""

from __future__ import annotations

import sys
import time
from queue import Empty
from typing import Any

from jupyter_client.channels import AsyncZMQSocketChannel
from voila.app import main as voila_main

SLICE_S = 0.5

_get_msg = AsyncZMQSocketChannel.get_msg


async def get_msg_repolled(self: AsyncZMQSocketChannel, timeout: float | None = None) -> Any:
    """``get_msg`` in slices of SLICE_S: a missed wake-up costs half a second, not forever."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = SLICE_S if deadline is None else min(SLICE_S, deadline - time.monotonic())
        try:
            return await _get_msg(self, timeout=max(left, 0.0))
        except Empty:
            if deadline is not None and time.monotonic() >= deadline:
                raise


def patch() -> None:
    AsyncZMQSocketChannel.get_msg = get_msg_repolled  # type: ignore[method-assign]


if __name__ == "__main__":
    patch()
    sys.exit(voila_main())
