"""Build the course site: Sphinx + MyST-NB + sphinx-book-theme, from the stored outputs.

    python tools/build_site.py              # notebooks/*.ipynb -> site/
    python tools/build_site.py --out DIR

The site is for learners. This script stages the notebooks into a Sphinx source folder and runs
``sphinx-build -c tools/site`` (configuration there); nothing is re-executed. Staging, per lesson:

- cells tagged ``solution`` are left out; self-check cells lose their stored "✓" output, and the
  old-style ``check_answer(..., expected)`` cells (which compute the answer in the open) are left
  out;
- each figure gets its alt text from its "*Figure: ...*" description (the first such markdown
  cell after it; a table may sit between);
- a widget output (no widget state is stored) becomes a short note: the next cell's figure is
  the widget's default state;
- under the title, a link downloads the learner's copy of the notebook (tools/build_student.py:
  exercises without solutions, no outputs);
- the glossary's ``<a id="key"></a>`` anchors become MyST targets, so lessons' links
  ``glossary.ipynb#key`` resolve (``notebooks/glossary.ipynb``, also when only some notebooks
  are built).

Pages come in lesson order (file names), then the glossary; the dashboard (a Voila app) is not a
page. The build is warning-free (``-W``); MathJax is served with the site; launch links appear
once ``IL2KIT_REPOSITORY_URL`` is set (see tools/site/conf.py).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat

TOOLS_DIR = Path(__file__).resolve().parent
if str(TOOLS_DIR) not in sys.path:  # loaded by path (tests), not run as a script
    sys.path.insert(0, str(TOOLS_DIR))
from build_student import student_copy  # noqa: E402

REPO_ROOT = TOOLS_DIR.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "site"
CONF_DIR = TOOLS_DIR / "site"
GLOSSARY = "glossary.ipynb"
LEARNER_DIR = "_learner"

LESSON = re.compile(r"^\d\d_\w+\.ipynb$")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
WIDGET_NOTE = (
    '<p class="il2kit-widget-note">Interactive widget: download this notebook and open it in '
    "JupyterLab to use it. The figure after this cell shows its default state.</p>"
)
FIGURE_DESCRIPTION = re.compile(r"^\s*\*?\s*Figure\s*:", re.IGNORECASE)
OLD_SELF_CHECK = re.compile(r"\bcheck_answer\(")
SELF_CHECK = re.compile(r"^\s*check\(\s*[\"']\d\d\.\d+[\"']", re.MULTILINE)
H1 = re.compile(r"^#(?!#)\s*(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
NOTEBOOK_LINK = re.compile(r"\[([^\]]*)\]\(<?([\w.-]+\.ipynb)(#[\w.:-]*)?>?\)")
HTML_ANCHOR = re.compile(
    r"^[ \t]*<a\s+(?:id|name)=\"([\w.:-]+)\"\s*>\s*</a>[ \t]*\n?", re.MULTILINE
)


# ----------------------------------------------------------------------------- helpers
def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


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


def has_image(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and any(
        m in o.get("data", {}) for o in cell.get("outputs", []) for m in IMAGE_MIMES
    )


def alt_text(description: str) -> str:
    """Plain alt text from a "*Figure: ...*" paragraph: no emphasis, maths as its letters."""
    text = FIGURE_DESCRIPTION.sub("", description.strip(), count=1)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = re.sub(r"\\(?:mathrm|text|mathit)\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)  # \alpha -> alpha
    text = re.sub(r"[*_`${}]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def figure_descriptions(cells: list) -> dict[int, str]:
    """For each cell with an image output, the alt text of the first "*Figure: ...*" markdown
    cell after it (another figure in between ends the search)."""
    found = {}
    for i, cell in enumerate(cells):
        if not has_image(cell):
            continue
        for later in cells[i + 1 :]:
            if later.cell_type == "markdown" and FIGURE_DESCRIPTION.match(later.source):
                found[i] = alt_text(later.source)
                break
            if has_image(later):
                break
    return found


# ----------------------------------------------------------------------------- staging
def unlink_missing(nb: nbformat.NotebookNode, on_site: set[str]) -> None:
    """A link to a notebook that is not a page (the dashboard) keeps only its text."""

    def keep(match: re.Match) -> str:
        return match.group(0) if match.group(2) in on_site else match.group(1)

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(keep, cell.source)


def learner_page(
    nb: nbformat.NotebookNode, name: str, on_site: set[str] | None = None
) -> nbformat.NotebookNode:
    """The notebook as a learner's page: see the module docstring."""
    nb = copy.deepcopy(nb)
    unlink_missing(nb, on_site if on_site is not None else {name, GLOSSARY})
    nb.metadata.pop("widgets", None)
    descriptions = figure_descriptions(nb.cells)
    kept = []
    for i, cell in enumerate(nb.cells):
        if "solution" in tags(cell):
            continue
        if cell.cell_type == "code":
            if OLD_SELF_CHECK.search(cell.source) and "exercise" not in tags(cell):
                continue  # computes the expected answer in plain view
            if SELF_CHECK.search(cell.source):
                cell.outputs = []  # a stored "✓" says nothing on a page that cannot run
            for output in cell.get("outputs", []):
                if WIDGET_VIEW in output.get("data", {}):
                    output["data"] = {"text/html": WIDGET_NOTE}
            if i in descriptions:
                cell.metadata.setdefault("mystnb", {})["image"] = {"alt": descriptions[i]}
        kept.append(cell)
    nb.cells = kept
    insert_download_link(nb, name)
    return nb


def insert_download_link(nb: nbformat.NotebookNode, name: str) -> None:
    """A markdown cell under the title cell linking the learner's copy."""
    link = nbformat.v4.new_markdown_cell(
        '<div class="il2kit-download">\n\n'
        f"{{download}}`Download this notebook <{LEARNER_DIR}/{name}>` "
        "(a learner's copy: exercises without their solutions, no outputs; run it in "
        "JupyterLab to use the code and the widgets).\n\n</div>"
    )
    link.id = "il2kit-download"
    first_h1 = next(
        (i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and H1.search(c.source)),
        -1,
    )
    nb.cells.insert(first_h1 + 1, link)


def glossary_page(nb: nbformat.NotebookNode, on_site: set[str]) -> nbformat.NotebookNode:
    """HTML anchors become MyST targets (Sphinx labels), so links to them resolve."""
    nb = copy.deepcopy(nb)
    unlink_missing(nb, on_site)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = HTML_ANCHOR.sub(lambda m: f"({m.group(1)})=\n", cell.source)
    return nb


def index_md(pages: list[dict]) -> str:
    lessons = "\n".join(p["docname"] for p in pages if p["kind"] == "lesson")
    reference = "\n".join(p["docname"] for p in pages if p["kind"] == "glossary")
    return f"""# il2kit: interleukin-2 therapy and clinical-trial design

*Historical and educational; not medical advice.* These pages are the kit's lessons as executed:
what the evidence on interleukin-2 (IL-2) for metastatic renal cell carcinoma and melanoma showed,
and how clinical-trial design decided it. Every page links a learner's copy of its notebook
(exercises without their solutions) to download and run in JupyterLab, where the code and the
widgets work. Search the lessons with the search box; terms are explained in the glossary.

```{{toctree}}
:caption: Lessons
:maxdepth: 1

{lessons}
```

```{{toctree}}
:caption: Reference
:maxdepth: 1

{reference}
```
"""


def stage(notebooks: Iterable[Path], src: Path) -> list[dict]:
    """Write the Sphinx source folder ``src``; return one entry per page, in order."""
    paths = sorted(Path(p) for p in notebooks)
    lessons = [p for p in paths if LESSON.match(p.name)]
    # the kit's glossary, also when the notebooks named leave it out (lessons link its terms)
    glossary = next((p for p in paths if p.name == GLOSSARY), NOTEBOOKS_DIR / GLOSSARY)
    (src / LEARNER_DIR).mkdir(parents=True, exist_ok=True)
    on_site = {p.name for p in lessons} | {GLOSSARY}
    pages = []
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        learner, _ = student_copy(nb)
        nbformat.write(learner, src / LEARNER_DIR / path.name)
        nbformat.write(learner_page(nb, path.name, on_site), src / path.name)
        pages.append(entry(path, nb, "lesson"))
    nb = nbformat.read(glossary, as_version=4)
    nbformat.write(glossary_page(nb, on_site), src / GLOSSARY)
    pages.append(entry(Path(GLOSSARY), nb, "glossary"))
    (src / "index.md").write_text(index_md(pages), encoding="utf-8")
    return pages


def entry(path: Path, nb: nbformat.NotebookNode, kind: str, **extra) -> dict:
    return {
        "notebook": path.name,
        "docname": path.stem,
        "page": path.with_suffix(".html").name,
        "title": title_of(nb, path.stem),
        "kind": kind,
        **extra,
    }


# ----------------------------------------------------------------------------- build
def build_site(
    notebooks: Iterable[Path] | None = None,
    out: Path = DEFAULT_OUT,
    *,
    repository_url: str | None = None,
    quiet: bool = True,
) -> list[dict]:
    """Stage ``notebooks`` (default: every notebook), build the site into ``out`` (replaced).

    Returns one ``{"notebook", "docname", "page", "title", "kind"}`` entry per page, in the
    navigation's order; ``kind`` is "lesson" or "glossary". ``repository_url``
    (default: the ``IL2KIT_REPOSITORY_URL`` environment variable) turns the Binder link on.
    """
    paths = list(notebooks) if notebooks is not None else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    out = Path(out).resolve()
    env = dict(os.environ)
    if repository_url is not None:
        env["IL2KIT_REPOSITORY_URL"] = repository_url
    with tempfile.TemporaryDirectory(prefix="il2kit-site-") as tmp:
        src, html = Path(tmp) / "src", Path(tmp) / "html"
        src.mkdir()
        pages = stage(paths, src)
        cmd = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(CONF_DIR),
            "-d",
            str(Path(tmp) / "doctrees"),
            "-W",
            "--keep-going",
            "-n",
            str(src),
            str(html),
        ]
        if quiet:
            cmd.insert(3, "-q")
        result = subprocess.run(cmd, env=env, capture_output=quiet, text=True, check=False)
        if result.returncode:
            raise RuntimeError(f"sphinx-build failed:\n{result.stdout or ''}{result.stderr or ''}")
        (html / ".buildinfo").unlink(missing_ok=True)
        (html / "pages.json").write_text(json.dumps(pages, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(html, out)
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to build (default: every notebook in notebooks/)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: site/)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build_site(args.notebooks or None, args.out, quiet=False)
    for p in pages:
        print(f"{p['page']}: {p['title']}")
    print(
        f"{len(pages)} page(s) and index.html in {args.out} "
        f"({time.perf_counter() - start:.1f} s); open {args.out / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
