"""The course site (``make site``: tools/build_site.py, Sphinx + MyST-NB + sphinx-book-theme).

Built once per session from the stored outputs (the ``course_site`` fixture in conftest.py):
a page per lesson in lesson order, search, the glossary, a learner-copy download per page,
no solutions anywhere (pages, sources, downloads), alt text on every image, nothing loaded from
a CDN (MathJax is served with the site), widget outputs replaced by a note, launch links only
once a repository URL is given. Accessibility in a browser: tests/test_accessibility.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

LESSON = re.compile(r"^\d\d_\w+\.ipynb$")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE
)
DETAILS = re.compile(r"<details>.*?</summary>(.*?)</details>", re.DOTALL)


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution(cell) -> bool:
    return "solution" in tags(cell)


def lessons(notebook_paths: list[Path]) -> list[Path]:
    return [p for p in notebook_paths if LESSON.match(p.name)]


def lesson_or_skip(notebook_path: Path) -> None:
    if not LESSON.match(notebook_path.name):
        pytest.skip(f"{notebook_path.name} is not a lesson page")


def page_of(course_site, notebook_path: Path) -> str:
    out, pages = course_site
    entry = next((p for p in pages if p["notebook"] == notebook_path.name), None)
    assert entry is not None, f"no page built for {notebook_path.name}"
    return (out / entry["page"]).read_text(encoding="utf-8")


def main_content(page: str) -> str:
    """The article of a page (navigation and header left out)."""
    start = page.index('<article class="bd-article"')
    return page[start : page.index("</article>", start)]


class ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


class DetailsText(HTMLParser):
    """Text inside and outside <details> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.inside: list[str] = []
        self.outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "details"

    def handle_endtag(self, tag):
        self.depth -= tag == "details"

    def handle_data(self, data):
        (self.inside if self.depth > 0 else self.outside).append(data)


def plain(text: str) -> str:
    """Whitespace collapsed and Sphinx's typographic quotes and dashes made plain."""
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "--"}))
    return re.sub(r"\s+", " ", text).strip()


def plain_windows(text: str, count: int = 5) -> list[str]:
    """Every run of ``count`` consecutive words of ``text`` free of maths and symbols (they
    render as typed)."""
    words = text.split()
    return [
        " ".join(words[i : i + count])
        for i in range(len(words) - count + 1)
        if all(re.fullmatch(r"[A-Za-z][\w'’-]*[,.;:]?", w) for w in words[i : i + count])
    ]


def plain_words(text: str, count: int = 5) -> str:
    """The first ``count`` consecutive words of ``text`` free of maths and symbols."""
    windows = plain_windows(text, count)
    return windows[0] if windows else ""


# ----------------------------------------------------------------------------- structure
def test_a_page_per_lesson_in_lesson_order(course_site, notebook_paths):
    out, pages = course_site
    expected = [p.name for p in sorted(lessons(notebook_paths))]
    assert [p["notebook"] for p in pages if p["kind"] == "lesson"] == expected
    assert pages[-1]["kind"] == "glossary"
    for entry in pages:
        assert (out / entry["page"]).is_file(), entry["page"]
    # the navigation lists the lessons in order, then the glossary
    index = (out / "index.html").read_text(encoding="utf-8")
    nav = index[index.index("bd-docs-nav") :]
    hrefs = re.findall(r'<a class="reference internal" href="([^"#]+)"', nav)
    ordered = [h for h in hrefs if h in {p["page"] for p in pages}]
    assert ordered[: len(pages)] == [p["page"] for p in pages]
    assert json.loads((out / "pages.json").read_text()) == pages
    assert not (out / "dashboard.html").exists(), "the Voila dashboard is not a page"


def test_page_has_the_notebook_title(course_site, notebook_path, load_tool):
    lesson_or_skip(notebook_path)
    page = page_of(course_site, notebook_path)
    title = load_tool("build_site").title_of(nbformat.read(notebook_path, as_version=4), "")
    assert title, f"{notebook_path.name} has no H1 title"
    shown = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert shown and plain(html.unescape(shown.group(1))).startswith(plain(title))
    h1 = re.search(r"<h1>(.*?)<a class=\"headerlink\"", main_content(page), re.DOTALL)
    assert h1 and plain(html.unescape(re.sub(r"<[^>]+>", "", h1.group(1)))) == plain(title)


def test_search_index_present(course_site):
    out, pages = course_site
    assert (out / "search.html").is_file()
    index = (out / "searchindex.js").read_text(encoding="utf-8")
    assert index.startswith("Search.setIndex(")
    for entry in pages:
        assert f'"{entry["docname"]}"' in index, f"{entry['docname']} is not in the search index"
    for word in ("simon", "interleukin", "melanoma"):  # stemmed full-text terms
        assert f'"{word}' in index.lower(), word


# ----------------------------------------------------------------------------- no solutions
def test_page_leaves_out_solutions(course_site, notebook_path):
    lesson_or_skip(notebook_path)
    page = main_content(page_of(course_site, notebook_path))
    nb = nbformat.read(notebook_path, as_version=4)
    elsewhere = {ln.strip() for c in nb.cells if not is_solution(c) for ln in c.source.splitlines()}
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for cell in filter(is_solution, nb.cells):
        for line in cell.source.splitlines():
            line = line.strip()
            if len(line) > 25 and line not in elsewhere:
                assert line not in text, f"solution line on the page: {line}"
    assert "✓" not in text, "a stored '✓ correct' self-check output reached the page"
    assert "check_answer(" not in text, "an old-style self-check computes the answer in view"


def test_answers_stay_inside_their_details_blocks(course_site, notebook_path):
    """ "Check your understanding" answers render collapsed, not in the clear after <details>."""
    lesson_or_skip(notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    answers = [
        plain(re.sub(r"<[^>]+>|[*_`$]", "", a))
        for c in nb.cells
        if c.cell_type == "markdown"
        for a in DETAILS.findall(c.source)
    ]
    if not answers:
        pytest.skip(f"{notebook_path.name} has no <details> answers")
    parser = DetailsText()
    parser.feed(main_content(page_of(course_site, notebook_path)))
    inside, outside = plain(" ".join(parser.inside)), plain(" ".join(parser.outside))
    for answer in answers:
        windows = plain_windows(answer)
        assert windows, f"no plain words to look for in: {answer[:80]}"
        assert any(w in inside for w in windows), f"answer not inside <details>: {answer[:80]}"
        # a phrase may recur in the lesson's prose; the answer leaks if every phrase of it does
        leaked = all(w in outside for w in windows if w in inside)
        assert not leaked, f"answer printed in the clear: {answer[:80]}"


def test_no_source_or_solution_leaks_through_files(course_site, notebook_paths):
    out, _ = course_site
    assert not any((out / "_sources").rglob("*")), "_sources/ would serve the notebooks"
    notebooks = sorted(out.rglob("*.ipynb"))
    assert all(p.parent.parent.name == "_downloads" for p in notebooks), notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert not any(is_solution(c) for c in nb.cells), f"{path.name}: solution cell"
        assert not any(c.get("outputs") for c in nb.cells), f"{path.name}: stored outputs"
    assert len(notebooks) == len(lessons(notebook_paths))
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "_sources/" not in text, f"{page.name} links a source file"
        assert "btn-download-source" not in text, f"{page.name}: the theme's download button"


def test_download_link_per_page_to_the_learner_copy(course_site, notebook_path):
    lesson_or_skip(notebook_path)
    out, _ = course_site
    page = page_of(course_site, notebook_path)
    links = re.findall(r'href="(_downloads/[^"]+\.ipynb)"', page)
    assert links, f"{notebook_path.name}: no download link"
    assert all(Path(link).name == notebook_path.name for link in links)
    learner = nbformat.read(out / links[0], as_version=4)
    stubs = [c for c in learner.cells if "exercise" in tags(c)]
    original = nbformat.read(notebook_path, as_version=4)
    assert len(stubs) == sum("exercise" in tags(c) for c in original.cells)


# ----------------------------------------------------------------------------- images, assets
def test_every_image_has_alt_text_from_its_description(course_site, notebook_path, load_tool):
    lesson_or_skip(notebook_path)
    parser = ImageCollector()
    parser.feed(main_content(page_of(course_site, notebook_path)))
    nb = nbformat.read(notebook_path, as_version=4)
    nb.cells = [c for c in nb.cells if not is_solution(c)]
    n_outputs = sum(
        any(m in o.get("data", {}) for m in IMAGE_MIMES)
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    n_markdown = sum(
        len(MARKDOWN_IMAGE.findall(c.source)) for c in nb.cells if c.cell_type == "markdown"
    )
    assert len(parser.images) == n_outputs + n_markdown, (
        f"{len(parser.images)} <img> on the page, {n_outputs} image outputs, "
        f"{n_markdown} markdown images"
    )
    described = load_tool("build_site").figure_descriptions(nb.cells)
    for image in parser.images:
        alt = (image.get("alt") or "").strip()
        assert len(alt) > 15, f"{image.get('src')}: alt text {alt!r}"
        assert not re.search(r"\.(png|jpe?g|gif|svg)$|_images/|jupyter_execute", alt), alt
        assert "No description has been provided" not in alt
    figure_alts = [i["alt"] for i in parser.images if "_images/" in (i.get("src") or "")]
    assert sorted(figure_alts) == sorted(html.unescape(a) for a in described.values())


def test_nothing_is_loaded_from_a_cdn(course_site):
    out, _ = course_site
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = EXTERNAL_ASSET.findall(text)
        assert not found, f"{page.name} loads from the network: {found}"
    for css in out.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(errors="replace"))
        assert not urls, f"{css.relative_to(out)} imports from the network"


def test_mathjax_is_served_with_the_site(course_site, notebook_paths):
    out, pages = course_site
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    fonts = list((out / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    assert len(fonts) > 10
    with_maths = [p for p in pages if "math notranslate" in (out / p["page"]).read_text()]
    assert with_maths, "no page has maths: the test would prove nothing"
    for entry in with_maths:
        text = (out / entry["page"]).read_text(encoding="utf-8")
        assert 'src="_static/mathjax/tex-chtml.js' in text, entry["page"]


def test_widget_outputs_become_a_note(course_site, notebook_path):
    lesson_or_skip(notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    widgets = sum(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    page = page_of(course_site, notebook_path)
    assert page.count('class="il2kit-widget-note"') == widgets


# ----------------------------------------------------------------------------- glossary, launch
@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, load_tool):
    """A two-page site: a lesson linking glossary terms, the kit's glossary (not among the
    notebooks named, added all the same), and a repository URL, so the launch links are on."""
    folder = tmp_path_factory.mktemp("fixture-notebooks")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# A lesson\n\nThe [odds ratio](glossary.ipynb#odds-ratio) and the "
            "[ORR](glossary.ipynb#orr); the [dashboard](dashboard.ipynb) is no page."
        ),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    path = folder / "01_lesson.ipynb"
    nbformat.write(nb, path)
    out = tmp_path_factory.mktemp("fixture-site") / "html"
    pages = load_tool("build_site").build_site(
        [path],
        out,
        repository_url="https://github.com/example/il2kit",
    )
    return out, pages


def test_glossary_is_a_page_and_lessons_link_its_terms(fixture_site, course_site):
    out, pages = fixture_site
    assert [p["kind"] for p in pages] == ["lesson", "glossary"]
    assert pages[-1]["notebook"] == "glossary.ipynb", "the kit's glossary is added to any build"
    assert 'id="wilson-interval"' in (out / "glossary.html").read_text(encoding="utf-8")
    lesson = (out / "01_lesson.html").read_text(encoding="utf-8")
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    for key in ("odds-ratio", "orr"):
        assert f'href="glossary.html#{key}"' in lesson, key
        assert f'id="{key}"' in glossary, key
    assert "dashboard.ipynb" not in lesson and "dashboard.html" not in lesson
    real_out, real_pages = course_site
    assert (real_out / "glossary.html").is_file()
    assert real_pages[-1]["notebook"] == "glossary.ipynb"


def test_launch_links_only_once_the_repository_is_public(fixture_site, course_site):
    """Binder opens the lesson in learn/ (the learner copy ./start builds), never notebooks/;
    no hub button (the theme's is an nbgitpuller link to the instructor copy)."""
    out, _ = fixture_site
    lesson = html.unescape((out / "01_lesson.html").read_text(encoding="utf-8"))
    binder = "https://mybinder.org/v2/gh/example/il2kit/main?urlpath=lab/tree/learn/01_lesson.ipynb"
    assert binder in lesson
    assert "tree/notebooks/" not in lesson and "git-pull" not in lesson
    real_out, _ = course_site
    for page in real_out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "mybinder.org" not in text and "git-pull" not in text, page.name


@pytest.mark.slow
def test_make_site_command_builds_the_same_site(tmp_path, course_site, repo_root):
    """`make site` runs ``tools/build_site.py`` as a script (its ``main``: default notebooks,
    argument parsing), which the other tests, calling ``build_site()``, do not: run it into a
    temporary folder (about 10 s) and compare with the session's site."""
    out = tmp_path / "html"
    run = subprocess.run(
        [sys.executable, str(repo_root / "tools" / "build_site.py"), "--out", str(out)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    real_out, real_pages = course_site
    assert f"{len(real_pages)} page(s) and index.html in {out}" in run.stdout
    assert sorted(p.name for p in out.glob("*.html")) == sorted(
        p.name for p in real_out.glob("*.html")
    )
    assert (out / "searchindex.js").is_file()
    assert not any((out / "_sources").rglob("*")), "_sources/ would serve the notebooks"
