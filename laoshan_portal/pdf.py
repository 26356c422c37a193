"""PDFs from HTML templates (WeasyPrint), always with the portal's Chinese font."""

from __future__ import annotations

import atexit
import gc
import re
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# The CJK font of every PDF (see static/fonts/README.md for where it came from), and its
# common characters alone, numbered from one: named first, that face draws almost every
# PDF, which then embeds a few hundred glyphs, not tens of thousands of empty ones.
CJK_FONT = "fonts/NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"
COMMON_FONT = "fonts/LaoshanPortalSans-Common.otf"
COMMON_FONT_FAMILY = "Laoshan Portal Sans"
# What a PDF or a picture in it names as its font.
FONT_FAMILIES = f'"{COMMON_FONT_FAMILY}", "{CJK_FONT_FAMILY}"'
FONTS_CSS = "pdf/fonts.css"


@cache
def cjk_font_path(name: str = CJK_FONT) -> Path:
    found = finders.find(name)
    if not found:
        raise ImproperlyConfigured(f"{name} is missing from the static files")
    return Path(found).resolve()


def _allowed_roots() -> list[Path]:
    roots = [Path(directory).resolve() for directory in settings.STATICFILES_DIRS]
    return [*roots, Path(settings.STATIC_ROOT).resolve(), cjk_font_path().parent]


class LocalOnlyFetcher(URLFetcher):
    """Fetches data: URLs and static files, nothing else.

    Templates may one day show text typed by users; a PDF must not become a way to read
    files of the server or to make it call other hosts.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, timeout=5)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.lower().startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in _allowed_roots()):
                raise ValueError(f"PDF may not read {path}")
        return super().fetch(url, headers)


# The user agent's rules of footnotes and notes ("::footnote-call { ... }", five rules).
NOTE_RULE = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}$", re.MULTILINE)
NOTE_RULES = 5


@cache
def ua_stylesheet() -> CSS:
    """WeasyPrint's user-agent stylesheet without its footnote and note rules.

    Those rules match every element, so each element of a document got five
    pseudo-element styles computed (about 2,000 for a monthly report, a tenth of its
    layout) for footnotes and notes, which no portal PDF has (no ``float: footnote``).
    Should a WeasyPrint upgrade change them, the full stylesheet is used as it is.
    """
    text, removed = NOTE_RULE.subn("", weasyprint_html.UA)
    if removed != NOTE_RULES:
        return weasyprint_html.UA_STYLESHEET
    # Its @counter-style rules are WeasyPrint's own, already known to every document.
    return CSS(string=text, counter_style=CounterStyle())


class PortalHTML(HTML):
    """An HTML document styled with ``ua_stylesheet`` instead of WeasyPrint's own."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [
            ua_stylesheet() if sheet is weasyprint_html.UA_STYLESHEET else sheet
            for sheet in super()._ua_stylesheets(forms)
        ]


def fonts_stylesheet(font_config: FontConfiguration, fetcher: URLFetcher) -> CSS:
    faces = [
        {"url": cjk_font_path(COMMON_FONT).as_uri(), "family": COMMON_FONT_FAMILY},
        {"url": cjk_font_path().as_uri(), "family": CJK_FONT_FAMILY},
    ]
    css = render_to_string(FONTS_CSS, {"faces": faces, "families": FONT_FAMILIES})
    return CSS(string=css, font_config=font_config, url_fetcher=fetcher)


_thread_fonts = threading.local()
# A kept font configuration is made again after this long: it reads the font from a copy
# in a temporary folder, which a long-lived process should not outlive.
FONTS_KEPT_SECONDS = 3600


def _fonts() -> tuple[FontConfiguration, CSS]:
    """The font configuration of this thread and its stylesheet, kept for an hour.

    A new configuration copies the CJK font (16 MB) to a temporary folder and loads it,
    and the text layout learns its glyph metrics again: about a tenth of a monthly
    report's time, saved on every PDF but the first. Pango's font maps are not shared
    between threads, so each thread keeps its own.
    """
    kept = getattr(_thread_fonts, "kept", None)
    now = time.monotonic()
    if kept is None or now - kept[0] > FONTS_KEPT_SECONDS:
        font_config = FontConfiguration()
        stylesheet = fonts_stylesheet(font_config, LocalOnlyFetcher())
        kept = _thread_fonts.kept = (now, font_config, stylesheet)
    return kept[1], kept[2]


@atexit.register
def _drop_fonts() -> None:
    """Free the main thread's kept fonts while Pango and GLib are still whole.

    Left to the interpreter's last clean-up, the font map is unreferenced after the
    libraries it belongs to are torn down, and the process dies of a segmentation fault
    on its way out (a worker or a test run exiting with 139 after its work is done).
    """
    _thread_fonts.__dict__.pop("kept", None)
    gc.collect()


def render_pdf(template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF's bytes.

    The font stylesheet comes first, so a template only names the family (or nothing:
    the whole document defaults to it).
    """
    html = render_to_string(template_name, context or {})
    font_config, fonts_css = _fonts()
    # Relative URLs in a template name static files (static/fonts/.. is static/).
    static_root = cjk_font_path().parent.parent
    document = PortalHTML(
        string=html, base_url=static_root.as_uri() + "/", url_fetcher=LocalOnlyFetcher()
    )
    pdf: bytes = document.write_pdf(stylesheets=[fonts_css], font_config=font_config)
    return pdf
