"""axe-core finds no accessibility violation on any kind of page (WCAG rules and best practices)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .helpers import PAGE_KINDS, open_page, path_of, settle

pytestmark = pytest.mark.browser

KINDS = (*PAGE_KINDS[:-1], "positions", "page", "404")


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(page, axe, base_url, site, kind):
    path = path_of(site, kind)
    open_page(page, base_url, path, 404 if kind == "404" else 200)
    settle(page, kind)
    if kind == "search":  # check the interface Pagefind draws, not an empty box
        page.wait_for_selector("#search input", timeout=10_000)
    violations = axe.run(page).response["violations"]
    assert not violations, f"{path}: {len(violations)} axe violation(s):\n{describe(violations)}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations_in_dark_mode(page, axe, base_url, site, kind):
    """The dark colour scheme keeps its contrasts too."""
    page.emulate_media(color_scheme="dark")
    path = path_of(site, kind)
    open_page(page, base_url, path, 404 if kind == "404" else 200)
    settle(page, kind)
    if kind == "search":
        page.wait_for_selector("#search input", timeout=10_000)
    violations = axe.run(page).response["violations"]
    assert not violations, f"{path} (dark): {len(violations)} axe violation(s):\n{describe(violations)}"
