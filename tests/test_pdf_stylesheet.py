"""PDFs are styled with WeasyPrint's user-agent stylesheet less its footnote and note
rules, which no portal PDF uses: the same bytes, without computing their styles."""

from __future__ import annotations

from typing import Any

from weasyprint import HTML
from weasyprint import html as weasyprint_html
from weasyprint.css import StyleFor

from laoshan_portal import pdf

PAGE = """<!doctype html><html lang="zh-Hans"><body>
<h2>月度报告</h2><p class="summary">崂山区 2026年11月</p>
<table><thead><tr><th>指标</th><th>本月</th></tr></thead>
<tbody><tr><td>志愿服务时长</td><td>120.5</td></tr><tr><td>调解案件</td><td>3</td></tr></tbody></table>
<ul><li>一</li><li>二</li></ul>
<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><text x="2" y="12">12</text></svg>
</body></html>"""


def _write(document_class: type[HTML]) -> bytes:
    font_config, fonts_css = pdf._fonts()
    document = document_class(string=PAGE, url_fetcher=pdf.LocalOnlyFetcher())
    written: bytes = document.write_pdf(stylesheets=[fonts_css], font_config=font_config)
    return written


def test_the_lean_stylesheet_drops_only_the_footnote_and_note_rules() -> None:
    lean = pdf.ua_stylesheet()
    assert lean is not weasyprint_html.UA_STYLESHEET  # this WeasyPrint's five rules were found
    removed = set(weasyprint_html.UA.splitlines()) - set(
        pdf.NOTE_RULE.sub("", weasyprint_html.UA).splitlines()
    )
    assert len(removed) == pdf.NOTE_RULES
    assert all(line.startswith(("::footnote-", "::note-")) for line in removed)


def test_a_pdf_is_the_same_with_the_lean_stylesheet(monkeypatch: Any) -> None:
    computed: list[Any] = []
    original = StyleFor.set_computed_styles

    def counting(self: Any, element: Any, parent: Any, **kwargs: Any) -> Any:
        computed.append(kwargs.get("pseudo_type"))
        return original(self, element, parent, **kwargs)

    monkeypatch.setattr(StyleFor, "set_computed_styles", counting)
    full = _write(HTML)
    full_count = len(computed)
    computed.clear()
    lean = _write(pdf.PortalHTML)
    assert lean == full
    assert not {"footnote-call", "note-call"} & set(computed)
    assert len(computed) < full_count / 2
