"""axe-core on every page the browser journeys visit: no critical or serious violation.

The vendored ``vendor/axe-core/axe.min.js`` (see its README) is evaluated in the page
through the DevTools protocol, which the portal's Content-Security-Policy does not apply
to, so nothing is added to the portal and nothing is fetched at run time. Each page is
checked once it has loaded, and again in its final state when the journey ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("critical", "serious")
_RUN = """async (impacts) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((rule) => impacts.includes(rule.impact))
    .map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      help: rule.help,
      targets: rule.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      summary: (rule.nodes[0] && rule.nodes[0].failureSummary) || "",
    }));
}"""


def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """The critical and serious axe-core violations of the page as it is now, one a line."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(_RUN, list(FAILING_IMPACTS))
    return [
        f"axe {rule['impact']} {rule['id']} at {page.url}: {rule['help']} "
        f"({', '.join(rule['targets'])}) {rule['summary']!r}"
        for rule in found
    ]
