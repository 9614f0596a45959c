"""The glossary and the order of ideas.

``notebooks/glossary.ipynb`` is markdown only: one cell per term, the anchor
``<a id="term-key"></a>`` first, a plain-language definition and where the term is taught. Its
cells' metadata (``glossary: {key, match, output}``) hold the patterns that find a use of the
term in a lesson's prose and in a printed output.

Rules checked for every lesson:

* the first use of each glossary term in its prose (headings, code, math, HTML, quotations, the
  References and the text of other links left aside) is a link
  ``[...](glossary.ipynb#term-key)``;
* a term a printed output uses (the pooling line's "logit scale, tau2, Q, p", a comparison's
  "odds ratio") is linked no later than the end of the section that prints it, unless an
  earlier lesson already explains it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

GLOSSARY = "glossary.ipynb"
LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
MASKS = [
    re.compile(r"^(```|~~~).*?^\1", re.M | re.S),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"(?<![\\$])\$[^$\n]+\$"),  # inline math
    re.compile(r"<[^>\n]+>"),  # HTML tags
    re.compile(r"^#{1,6} .*$", re.M),  # headings
    re.compile(r"^>.*$", re.M),  # quotations (the review's abstract, verbatim)
]
CITATIONS = re.compile(r"^##\s+References", re.M)


def glossary_terms(glossary_path: Path) -> dict[str, dict]:
    """key -> {"match": [compiled], "output": [compiled]} from the glossary's cell metadata."""
    nb = nbformat.read(glossary_path, as_version=4)
    terms = {}
    for cell in nb.cells:
        entry = cell.get("metadata", {}).get("glossary")
        if entry:
            terms[entry["key"]] = {
                "match": [re.compile(p) for p in entry["match"]],
                "output": [re.compile(p) for p in entry.get("output", [])],
            }
    return terms


def masked(text: str) -> str:
    """``text`` with code, math, HTML, headings and link targets blanked (positions kept)."""
    chars = list(text)
    for pattern in MASKS:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                if chars[i] != "\n":
                    chars[i] = " "
    for m in LINK.finditer(text):
        for i in range(m.start(2) - 1, m.end()):
            chars[i] = " "
    return "".join(chars)


def uses(nb, patterns: list[re.Pattern], key: str) -> list[tuple[int, int, int, bool]]:
    """Each use of a term in the markdown cells: (cell, start, end, linked to its entry).

    A match inside the text of a link to another target is not a use (links cannot nest).
    Overlapping matches of the term's patterns count once, the longest first.
    """
    found = []
    target = f"{GLOSSARY}#{key}"
    in_references = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(r"^## ", cell.source, re.M):
            in_references = bool(CITATIONS.search(cell.source))
        if cell.cell_type != "markdown" or in_references:
            continue
        text = masked(cell.source)
        links = [(m.start(1), m.end(1), m.group(2)) for m in LINK.finditer(cell.source)]
        spans: list[tuple[int, int]] = []
        for pattern in patterns:
            spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
        taken: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            link = next((lk for lk in links if lk[0] <= start and end <= lk[1]), None)
            if link is not None and link[2] != target:
                continue
            found.append((index, start, end, link is not None))
    return found


def section_of(nb) -> list[int]:
    """For each cell, the number of '## ' headings at or before it."""
    sections, count = [], 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"^## ", cell.source, re.M):
            count += 1
        sections.append(count)
    return sections


def output_text(cell) -> str:
    return "".join(
        o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
    )


def lesson(path: Path) -> bool:
    return bool(re.match(r"\d\d_", path.name))


# ----------------------------------------------------------------------------- the glossary
@pytest.fixture(scope="module")
def terms(notebooks_dir) -> dict[str, dict]:
    path = notebooks_dir / GLOSSARY
    if not path.exists():
        pytest.fail(f"{GLOSSARY} is missing")
    return glossary_terms(path)


REQUIRED = {
    "confidence-interval",
    "p-value",
    "power",
    "alpha",
    "beta",
    "odds-ratio",
    "risk-difference",
    "logit",
    "random-effects",
    "heterogeneity",
    "i2",
    "tau2",
    "cochran-q",
    "pet",
    "en",
    "orr",
    "cr",
    "pr",
    "os",
    "pfs",
    "monte-carlo-standard-error",
    "hazard-ratio",
    "intention-to-treat",
    "surrogate-endpoint",
}


def test_glossary_is_markdown_with_an_anchor_per_term(notebooks_dir, terms):
    nb = nbformat.read(notebooks_dir / GLOSSARY, as_version=4)
    assert all(c.cell_type == "markdown" for c in nb.cells), "the glossary is markdown only"
    assert REQUIRED <= set(terms), f"missing terms: {sorted(REQUIRED - set(terms))}"
    for cell in nb.cells:
        entry = cell.get("metadata", {}).get("glossary")
        if not entry:
            continue
        key = entry["key"]
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key), key
        assert cell.source.startswith(f'<a id="{key}"></a>'), f"{key}: the anchor comes first"
        assert "*Where it is taught:*" in cell.source, f"{key}: say where it is taught"
        body = cell.source.split("\n\n", 2)[1]
        assert len(body.split()) >= 12, f"{key}: a definition in plain words, please"
        assert entry["match"], f"{key}: no pattern to find its uses"
    keys = [c.metadata["glossary"]["key"] for c in nb.cells if "glossary" in c.metadata]
    assert len(keys) == len(set(keys)), "a term is defined twice"


def test_glossary_links_point_to_real_notebooks_and_anchors(notebooks_dir, terms):
    for path in sorted(notebooks_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for _, target in LINK.findall(cell.source):
                if target.startswith(f"{GLOSSARY}#"):
                    assert target.split("#", 1)[1] in terms, f"{path.name}: {target} has no entry"
                elif target.endswith(".ipynb") and path.name == GLOSSARY:
                    assert (notebooks_dir / target).exists(), target


# ----------------------------------------------------------------------------- the lessons
def test_first_use_of_each_term_links_to_the_glossary(notebook_path, terms):
    if not lesson(notebook_path):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    unlinked = []
    for key, patterns in terms.items():
        found = uses(nb, patterns["match"], key)
        if found and not found[0][3]:
            index, start, end, _ = found[0]
            word = nb.cells[index].source[start:end]
            unlinked.append(f"cell {index}: {word!r} -> [{word}]({GLOSSARY}#{key})")
    assert not unlinked, "first uses without a glossary link:\n" + "\n".join(unlinked)


def linked_keys(path: Path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return set(re.findall(rf"\]\({re.escape(GLOSSARY)}#([a-z0-9-]+)\)", text))


def test_printed_terms_are_explained_by_the_end_of_their_section(
    notebook_path, terms, notebooks_dir
):
    """A printed term is linked by the end of its section, or in an earlier lesson."""
    if not lesson(notebook_path):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    earlier = set().union(
        *(
            linked_keys(p)
            for p in sorted(notebooks_dir.glob("*.ipynb"))
            if lesson(p) and p.name < notebook_path.name
        )
    )
    sections = section_of(nb)
    missing = []
    for key, patterns in terms.items():
        printed_at = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and any(p.search(output_text(c)) for p in patterns["output"])
        ]
        if not printed_at or key in earlier:
            continue
        linked = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and f"]({GLOSSARY}#{key})" in c.source
        ]
        first_print = printed_at[0]
        if not linked or sections[min(linked)] > sections[first_print]:
            missing.append(f"{key} (printed in cell {first_print})")
    assert not missing, "printed but not explained by the end of the section: " + ", ".join(missing)


def test_the_known_cases_of_the_learner_review(notebooks_dir, terms):
    """04's power and odds ratio, 02's pooling line, 09's Monte-Carlo standard error."""
    cases = {
        "04_finding3_lower_doses.ipynb": ["power", "odds-ratio", "p-value"],
        "02_finding1_high_dose_response.ipynb": ["logit", "tau2", "cochran-q", "p-value", "i2"],
        "09_phase2_designs.ipynb": ["monte-carlo-standard-error", "pet", "en"],
    }
    for name, keys in cases.items():
        nb = nbformat.read(notebooks_dir / name, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for key in keys:
            assert f"]({GLOSSARY}#{key})" in text, f"{name} does not link {key}"
