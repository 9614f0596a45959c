"""The static site (tools/build_site.py): a page per notebook, its title, its figures, an index."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory, load_tool, notebook_paths) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("site")
    pages = load_tool("build_site").build_site(notebook_paths, out)
    return out, pages


def page_for(site, notebook_path: Path) -> tuple[str, dict]:
    out, pages = site
    entry = next((p for p in pages if p["notebook"] == notebook_path.name), None)
    assert entry is not None, f"no page built for {notebook_path.name}"
    return (out / entry["page"]).read_text(encoding="utf-8"), entry


def test_page_has_the_notebook_title(site, notebook_path, load_tool):
    page, entry = page_for(site, notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    title = load_tool("build_site").title_of(nb, "")
    assert title, f"{notebook_path.name} has no H1 title"
    assert entry["title"] == title
    shown = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert shown and html.unescape(shown.group(1)).strip() == title


def _is_solution(cell) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


def test_page_leaves_out_solutions(site, notebook_path):
    page, _ = page_for(site, notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    elsewhere = {
        ln.strip() for c in nb.cells if not _is_solution(c) for ln in c.source.splitlines()
    }
    for cell in filter(_is_solution, nb.cells):
        lines = [
            ln.strip()
            for ln in cell.source.splitlines()
            if len(ln.strip()) > 25 and ln.strip() not in elsewhere
        ]
        for line in lines:
            assert html.escape(line) not in page and line not in page, line


def test_page_shows_every_figure(site, notebook_path):
    page, _ = page_for(site, notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    nb.cells = [c for c in nb.cells if not _is_solution(c)]
    n_png = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    n_other = sum(
        m in o.get("data", {})
        for c in nb.cells
        for o in c.get("outputs", [])
        for m in IMAGE_MIMES[1:]
    )
    n_markdown = sum(
        len(MARKDOWN_IMAGE.findall(c.source)) for c in nb.cells if c.cell_type == "markdown"
    )
    n_img = len(re.findall(r"<img\b", page))
    assert n_img == n_png + n_other + n_markdown, (
        f"{n_img} <img> on the page, {n_png} PNG outputs, {n_other} other images, "
        f"{n_markdown} markdown images"
    )
    if n_png:
        assert n_img > 0
        assert 'src="data:image/png;base64,' in page  # embedded, no side files


def test_index_links_every_page(site, notebook_paths):
    out, pages = site
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert [href for href, _ in links] == [p["page"] for p in pages]
    assert [html.unescape(text) for _, text in links] == [p["title"] for p in pages]
    assert len(pages) == len(notebook_paths)
    for href, _ in links:
        assert (out / href).is_file(), href
