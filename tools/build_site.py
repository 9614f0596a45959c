"""Build a static HTML site of the executed notebooks (no re-execution).

    python tools/build_site.py              # notebooks/*.ipynb -> site/
    python tools/build_site.py --out DIR

The site is for learners, so exercise solutions are left out (cells tagged ``solution``; the
self-check outputs stay); ``--with-solutions`` keeps them for an instructors' copy.
One page per notebook (nbconvert's HTMLExporter, lab template, images embedded) and an
``index.html`` listing the notebooks by their titles (each notebook's H1). When a notebook stores
widget state the page includes it; otherwise each widget output is replaced by a short note, since
the figure of the widget's default state is the output of the cell that follows it.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="il2kit-widget-note"><em>Interactive widget: open this notebook in JupyterLab to '
    "use it. The output of the next cell shows its default state.</em></p>"
)
H1 = re.compile(r"^#(?!#)\s*(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def title_of(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The text of the notebook's first H1 heading (markdown emphasis and links removed)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = H1.search(FENCE.sub("", cell.source))
        if match:
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))
            return re.sub(r"[*_`]", "", text).strip()
    return fallback


def replace_stateless_widgets(nb: nbformat.NotebookNode) -> int:
    """Without stored widget state a widget output renders as nothing: put a note there."""
    if "application/vnd.jupyter.widget-state+json" in nb.metadata.get("widgets", {}):
        return 0
    replaced = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output["data"] = {"text/html": WIDGET_NOTE}
                replaced += 1
    return replaced


def without_solutions(nb: nbformat.NotebookNode) -> int:
    """Drop the cells tagged ``solution``; return how many were dropped."""
    keep = [c for c in nb.cells if "solution" not in c.get("metadata", {}).get("tags", [])]
    dropped = len(nb.cells) - len(keep)
    nb.cells = keep
    return dropped


def build_site(
    notebooks: Iterable[Path] | None = None,
    out: Path = DEFAULT_OUT,
    *,
    with_solutions: bool = False,
) -> list[dict]:
    """Write one HTML page per notebook and ``index.html`` into ``out``.

    Returns one ``{"notebook", "page", "title"}`` entry per notebook, in index order.
    """
    paths = sorted(notebooks) if notebooks is not None else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    pages = []
    for path in paths:
        path = Path(path)
        nb = nbformat.read(path, as_version=4)
        title = title_of(nb, path.stem)
        replace_stateless_widgets(nb)
        if not with_solutions:
            without_solutions(nb)
        resources = {"metadata": {"name": title, "path": str(path.parent)}}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        page = path.with_suffix(".html").name
        (out / page).write_text(body, encoding="utf-8")
        pages.append({"notebook": path.name, "page": page, "title": title})
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    return pages


def index_html(pages: list[dict]) -> str:
    items = "\n".join(
        f'    <li><a href="{html.escape(p["page"])}">{html.escape(p["title"])}</a>'
        f" <small>({html.escape(p['notebook'])})</small></li>"
        for p in pages
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>il2kit notebooks</title>
  <style>body {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5; }}
  </style>
</head>
<body>
  <h1>il2kit notebooks</h1>
  <p>Interleukin-2 therapy for metastatic renal cell carcinoma and melanoma, and what its history
  teaches about clinical-trial design. Educational material, not medical advice. These pages show
  the notebooks as executed; to change the widgets and run the code, open them in JupyterLab.</p>
  <ol>
{items}
  </ol>
</body>
</html>
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to render (default: every notebook in notebooks/)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: site/)"
    )
    parser.add_argument(
        "--with-solutions", action="store_true", help="keep the exercise solutions (instructors)"
    )
    args = parser.parse_args(argv)
    pages = build_site(args.notebooks or None, args.out, with_solutions=args.with_solutions)
    for p in pages:
        print(f"{p['page']}: {p['title']}")
    print(f"{len(pages)} page(s) and index.html in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
