"""Layout checks the browser journeys share: tables at 375 px and no wrapped figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Cells whose text has two characters or more but that are narrower than two of them
# (a column squeezed to one character a line), described for the failure message.
_NARROW_CELLS = """() => [...document.querySelectorAll("table td, table th")]
  .filter((cell) => cell.offsetParent !== null && cell.innerText.trim().length >= 2)
  .filter((cell) => {
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner < 2 * parseFloat(style.fontSize) - 1;
  })
  .map((cell) => `${cell.innerText.trim().slice(0, 20)}: ${Math.round(cell.clientWidth)} px`)"""

# Buttons and button-like links in tables that stay outside the viewport even once scrolled
# into view (the table scrolls sideways, the page does not).
_BUTTONS_OUT_OF_VIEW = """() => [...document.querySelectorAll("table .btn, table button")]
  .filter((button) => button.offsetParent !== null)
  .filter((button) => {
    button.scrollIntoView({block: "nearest", inline: "nearest"});
    const box = button.getBoundingClientRect();
    return box.left < 0 || box.right > window.innerWidth + 0.5;
  })
  .map((button) => button.innerText.trim())"""

# Elements whose text runs over more than one line: the tops of its line boxes differ.
_WRAPPED = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = [...range.getClientRects()].map((box) => box.top);
    const size = parseFloat(getComputedStyle(element).fontSize);
    return tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 0.8 * size;
  })
  .map((element) => element.innerText.trim())"""


# Body text and table cells below 16 px (staff pages are read by older people too).
_SMALL_TEXT = """() => [document.body, ...document.querySelectorAll("main td, main th, main p")]
  .filter((element) => element.offsetParent !== null || element === document.body)
  .filter((element) => parseFloat(getComputedStyle(element).fontSize) < 16)
  .map((element) => `${element.tagName} ${getComputedStyle(element).fontSize}`)"""


def small_text(page: Page) -> list[str]:
    found: list[str] = page.evaluate(_SMALL_TEXT)
    return found


def narrow_cells(page: Page) -> list[str]:
    found: list[str] = page.evaluate(_NARROW_CELLS)
    return found


def buttons_out_of_view(page: Page) -> list[str]:
    found: list[str] = page.evaluate(_BUTTONS_OUT_OF_VIEW)
    return found


def wrapped(page: Page, selector: str) -> list[str]:
    """Elements matching ``selector`` whose text runs over more than one line."""
    found: list[str] = page.evaluate(_WRAPPED, selector)
    return found
