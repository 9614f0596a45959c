"""The kit's look: the Okabe-Ito palette, named colour roles, markers and the figure style.

Okabe & Ito (2008), "Color Universal Design": the eight colours stay distinct under the common
forms of colour-vision deficiency. Every series is also labelled directly or by marker, so no
meaning rests on colour alone.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axis import Axis
from matplotlib.ticker import PercentFormatter

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Colours by role, so notebooks and widgets never spell a hex code.
PALETTE = {
    "main": OKABE_ITO["blue"],  # the quantity the figure is about
    "compare": OKABE_ITO["orange"],  # what it is compared with
    "alert": OKABE_ITO["vermillion"],  # a threshold, a reference line, a warning
    "good": OKABE_ITO["green"],
    "soft": OKABE_ITO["sky_blue"],  # a background distribution
    "neutral": "#595959",  # grey with 7:1 contrast on white
    "highlight": OKABE_ITO["yellow"],  # shaded bands only (low contrast on white)
    "other": OKABE_ITO["purple"],
    "ink": OKABE_ITO["black"],
}

# Yellow is left out of the series colours: lines and markers in it have too little contrast
# on white (WCAG 1.4.11 asks 3:1 for graphics); it stays for shaded bands (PALETTE["highlight"]).
CYCLE = [
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black")
]
MARKERS = ["s", "o", "^", "D", "v", "P", "X", "h"]

#: matplotlib settings of every kit figure (applied per figure with :func:`kit_style`).
KIT_STYLE: dict[Any, Any] = {
    "axes.prop_cycle": cycler(color=CYCLE),
    "figure.dpi": 100,
    "figure.figsize": (7.5, 4.5),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "savefig.bbox": "tight",
    # Unhinted glyphs: text is most of a forest plot's drawing time, and FreeType renders it
    # about a third faster without hinting (a widget redraw: 56 -> 38 ms for the comparer).
    "text.hinting": "no_hinting",
}


def use_kit_style() -> None:
    """Make the kit's style matplotlib's default for this session (a notebook's setup cell)."""
    mpl.rcParams.update(KIT_STYLE)


@contextmanager
def kit_style() -> Iterator[None]:
    """The kit's style for the figures made inside the ``with`` block only (widgets use this,
    so a redraw never changes the notebook's global style)."""
    with mpl.rc_context(KIT_STYLE):
        yield


def percent_axis(axis: Axis, *, decimals: int = 0) -> Axis:
    """Label an axis holding proportions (0-1) in percent: ``percent_axis(ax.xaxis)``."""
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))
    return axis


@lru_cache(maxsize=1)
def _regimen_order() -> tuple[str, ...]:
    from il2kit.data import load_regimens

    return tuple(load_regimens()["regimen"].astype(str))


def regimen_style(regimen: str) -> tuple[str, str]:
    """A regimen's own (colour, marker), the same in every figure and selection.

    Colours follow the regimen's row in ``regimens.csv`` through the 7-colour cycle, and the
    marker changes each time the colours wrap, so up to 56 regimens are told apart.
    """
    order = _regimen_order()
    i = order.index(regimen) if regimen in order else zlib.crc32(regimen.encode()) % 56
    return CYCLE[i % len(CYCLE)], MARKERS[(i // len(CYCLE)) % len(MARKERS)]
