"""Sphinx configuration of the course site (``make site``; tools/build_site.py runs Sphinx).

Sphinx + MyST-NB + sphinx-book-theme, the stack under Jupyter Book 1: everything comes from
PyPI and the build needs no network. tools/build_site.py stages the notebooks (solutions
removed, alt text set, widget outputs replaced, a learner-copy download link per page) into a
source folder and runs ``sphinx-build -c tools/site``; this file only configures.

The Binder launch link is configured here but stays off until the repository is public: set
``IL2KIT_REPOSITORY_URL`` (e.g. https://github.com/<owner>/il2kit) when building. It opens the
page's lesson in ``learn/``, the learner copy that the repository's ``start`` script builds when
the Binder session starts. The theme's JupyterHub button is not offered: it is an nbgitpuller
link to the repository itself, i.e. the instructor copy with every solution run; a hub class
opens ``~/learn`` instead (instructors/deployment.md).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

project = "il2kit"
author = "il2kit contributors"
copyright = "il2kit contributors; text and figures CC BY 4.0, code MIT"
html_title = "il2kit: interleukin-2 therapy and clinical-trial design"
language = "en"

extensions = ["myst_nb", "sphinx.ext.mathjax"]

# ----------------------------------------------------------------------------- notebooks
nb_execution_mode = "off"  # the stored outputs are the content (nbval checks them)
nb_ipywidgets_js: dict = {}  # no widget state is stored; and never load require.js from a CDN
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_image"]
myst_heading_anchors = 3
exclude_patterns = ["_learner/**", "_build", "jupyter_execute", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]

# ----------------------------------------------------------------------------- maths, offline
# MathJax 3 is served with the site (copied from the sphinx-mathjax-offline wheel after the
# build), never fetched from a CDN: the site works offline and behind a school firewall.
mathjax_path = "mathjax/tex-chtml.js"
# The parts of MathJax the pages load: the combined TeX + CommonHTML component, its fonts, the
# menu and accessibility extensions it loads on demand, the TeX extensions (autoload), and the
# English speech rules of the explorer.
MATHJAX_PARTS = (
    "tex-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input/tex/extensions",
    "a11y",
    "ui",
    "sre/mathmaps/base.json",
    "sre/mathmaps/en.json",
)

# ----------------------------------------------------------------------------- theme
REPOSITORY_URL = os.environ.get("IL2KIT_REPOSITORY_URL", "").strip()
LAUNCH_PATH = "learn"  # the learner copy, built in the Binder session by ./start


def launch_buttons(repository_url: str) -> dict:
    """The theme's launch buttons: Binder only, and none until the repository is public."""
    if not repository_url:
        return {}
    return {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"}


html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": os.environ.get("IL2KIT_REPOSITORY_BRANCH", "main"),
    "path_to_docs": LAUNCH_PATH,
    "use_repository_button": bool(REPOSITORY_URL),
    "launch_buttons": launch_buttons(REPOSITORY_URL),
    # The theme's download button links to the page's source, i.e. the notebook WITH its
    # solutions: off. Each page links its learner copy instead (staged by build_site.py).
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # pydata's default pygments styles are the accessible a11y-high-contrast pair: keep them
}
html_copy_source = False  # _sources/ would hold the notebooks with their solutions
html_show_sourcelink = False
html_static_path = ["_static"]
html_css_files = ["il2kit.css"]
html_last_updated_fmt = None
html_permalinks_icon = "#"


def copy_mathjax(app, exception) -> None:
    """Serve MathJax from _static/mathjax (only the parts the pages load)."""
    if exception is not None or app.builder.format != "html":
        return
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("install the site extra: pip install -e '.[site]' (MathJax)")
    source = Path(spec.origin).parent / "static" / "mathjax"
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


def setup(app) -> None:
    app.connect("build-finished", copy_mathjax)
