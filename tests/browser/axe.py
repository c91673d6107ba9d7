"""Accessibility checks with axe-core (shipped inside axe-playwright-python)."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def serious_axe_violations(page: Page, context: str | dict | None = None) -> list[dict]:
    """``context``: a selector, or axe's include/exclude, to check a part."""
    results = _axe.run(page, context=context, options={"resultTypes": ["violations"]})
    return [
        v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]


def assert_no_serious_axe_violations(page: Page) -> None:
    violations = serious_axe_violations(page)
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(described)
