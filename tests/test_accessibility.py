"""Accessibility of the course site in a real browser: axe-core on every page, search offline.

The site (the ``course_site`` fixture: ``make site`` from the stored outputs) is served on
127.0.0.1 and opened in Debian's Chromium; axe-core (the ``axe-playwright-python`` package,
which ships it) audits each page: every ``*.html`` the build wrote (Sphinx's ``search.html`` and
``genindex.html`` included; the theme's templates in ``_static/`` are not pages), so a new page
is audited without a change here. Serious or critical violations fail, colour contrast of code
and outputs included (the theme's accessible a11y-high-contrast pygments styles are kept). The
dark colour scheme is audited on the pages where it differs most. The dashboard's audit and
keyboard test are in test_browser.py (they share its Voila server).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import axe_violations, chromium, local_page, static_server

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = Path(os.environ.get("IL2KIT_NOTEBOOKS_DIR", REPO_ROOT / "notebooks")).resolve()
LESSON = re.compile(r"^\d\d_\w+\.ipynb$")
# Pages the site must hold (a floor: the audit covers whatever else the build writes).
LESSON_PAGES = sorted(
    p.with_suffix(".html").name for p in NOTEBOOKS_DIR.glob("*.ipynb") if LESSON.match(p.name)
)
OTHER_PAGES = ["index.html", "glossary.html", "search.html", "genindex.html"]
MIN_PAGES = 23  # 19 lessons and the four above


def site_pages(folder: Path) -> list[str]:
    """Every page the build wrote: each ``*.html`` outside the ``_``-folders (``_static/``
    holds the theme's HTML templates, not pages)."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(folder).parts[:-1])
    )


@pytest.fixture(scope="module")
def served_site(course_site) -> Iterator[str]:
    folder, _ = course_site
    with static_server(folder) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as browser:
        yield browser


def audit(browser, url: str, scheme: str = "light") -> list[str]:
    with local_page(browser, color_scheme=scheme) as page:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if page.locator("mjx-container").count() or "math notranslate" in page.content():
            page.locator("mjx-container").first.wait_for()  # MathJax typeset, from the site
        violations = axe_violations(page)
        assert not page.blocked, f"the page asked the network for {page.blocked}"
        return violations


def test_every_page_has_no_serious_axe_violations(browser, served_site, course_site):
    pages = site_pages(course_site[0])
    assert len(pages) >= MIN_PAGES, pages
    missing = set(LESSON_PAGES + OTHER_PAGES) - set(pages)
    assert not missing, f"pages the site must hold are missing: {sorted(missing)}"
    failures = {}
    for name in pages:
        violations = audit(browser, f"{served_site}/{name}")
        if violations:
            failures[name] = violations
    assert not failures, "axe-core:\n" + "\n".join(
        f"{name}:\n" + "\n".join(v) for name, v in failures.items()
    )


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "search.html?q=Simon+design",
        "09_phase2_designs.html?highlight=simon",  # highlighted search terms
        "12_pooling_evidence.html",
    ],
)
def test_dark_mode_has_no_serious_axe_violations(browser, served_site, path):
    violations = audit(browser, f"{served_site}/{path}", scheme="dark")
    assert not violations, f"axe-core on {path} (dark):\n" + "\n".join(violations)


def test_search_works_offline(browser, served_site):
    with local_page(browser) as page:
        page.goto(f"{served_site}/search.html?q=Simon")
        results = page.locator("#search-results li a")
        results.first.wait_for()
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any("09_phase2_designs" in (h or "") for h in hrefs), hrefs
        assert not page.blocked


def test_maths_is_typeset_without_the_network(browser, served_site):
    with local_page(browser) as page:
        page.goto(f"{served_site}/09_phase2_designs.html")
        page.locator("mjx-container").first.wait_for()
        assert page.locator("mjx-container").count() > 5
        assert not page.blocked, page.blocked
