"""Rendering a region's documents (or the national one) into a dated folder with an index.

``<documents>/<region>/<peildatum>/`` holds ``index.html``, ``gemeente/<GMxxxx>-<jaar>.html``,
``thema/<thema>-<jaar>.html`` and ``jaarverslag.html``, each with a PDF next to it where a Chromium is
available. ``<documents>/landelijk/<date>/`` holds the national jaarverslag page.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import psycopg

from informatiebeeld.config.contracts import load_regions
from informatiebeeld.config.paths import state_dir
from informatiebeeld.config.private import open_private, private_dir
from informatiebeeld.documents import pages, pdf
from informatiebeeld.documents.cells import cell, number, value_of
from informatiebeeld.documents.published import Published, read_national, read_region

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
CADANS = {"daily": "dagelijks", "weekly": "wekelijks", "monthly": "maandelijks", "yearly": "jaarlijks"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip
NATIONAL = "landelijk"
_FOOTNOTED_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)((?: \[\d+\])+)")


def documents_dir() -> Path:
    return state_dir() / "documents"


def _datum(value: date | datetime) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _jaarverslag(value: Any) -> str:
    """A cell of the export's layout ("12", "754373.87 [1]", "gg [2]") with its number in Dutch notation."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number(value, 0 if float(value).is_integer() else 2)
    footnoted = _FOOTNOTED_NUMBER.fullmatch(str(value))
    if footnoted:
        return _jaarverslag(Decimal(footnoted[1])) + footnoted[2]
    return str(value)


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    env.filters.update(datum=_datum, cadans=lambda c: CADANS.get(c, c), jaarverslag=_jaarverslag)
    env.globals.update(cell=cell, value_of=value_of, css=(TEMPLATES / "style.css").read_text(encoding="utf-8"))
    return env


@dataclass
class Rendered:
    folder: Path
    html: list[Path] = field(default_factory=list)
    pdf: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None

    def counts(self) -> dict[str, Any]:
        """For XCom and logs: what was written, no content."""
        return {"folder": str(self.folder), "html": len(self.html), "pdf": len(self.pdf),
                "pdf_skipped": self.pdf_skipped}  # fmt: skip


def _write(path: Path, template: str, context: dict[str, Any]) -> Path:
    private_dir(path.parent)
    with open_private(path, "w", encoding="utf-8") as out:
        out.write(_environment().get_template(template).render(**context))
    return path


def _common(published: Published, region: str | None) -> dict[str, Any]:
    regions = load_regions()
    return {
        "region_name": regions[region].name if region else "LIEC: alle RIEC's",
        "threshold": (regions[region] if region else min(regions.values(), key=lambda r: r.suppressie_drempel))
        .suppressie_drempel,
        "peildatum": published.peildatum,
        "generated": datetime.now().astimezone(),
        "schema": published.schema,
    }  # fmt: skip


def _start_printing(rendered: Rendered, want_pdf: bool) -> pdf.BackgroundPrinter | None:
    """A printer for the pages about to be written, or None (and the reason in ``rendered``)."""
    if not want_pdf:
        rendered.pdf_skipped = "not asked for"
        return None
    chromium = pdf.find_chromium()
    if chromium is None:
        rendered.pdf_skipped = "no Chromium found (set INFORMATIEBEELD_CHROMIUM or install chromium)"
        log.warning("documents in %s are HTML only: %s", rendered.folder, rendered.pdf_skipped)
        return None
    return pdf.BackgroundPrinter(chromium)


def _add_page(rendered: Rendered, printer: pdf.BackgroundPrinter | None, html: Path) -> None:
    rendered.html.append(html)
    if printer is not None:
        printer.add(html, html.with_suffix(".pdf"))


def _finish_printing(rendered: Rendered, printer: pdf.BackgroundPrinter | None) -> None:
    if printer is None:
        return
    try:
        rendered.pdf = printer.finish()
    except Exception as error:  # the documents stand without their PDFs; the index then links none
        rendered.pdf_skipped = f"printing failed ({type(error).__name__})"
        log.warning("documents in %s are HTML only: %s", rendered.folder, rendered.pdf_skipped)


def render_region(
    conn: psycopg.Connection,
    region: str,
    year: int | None = None,
    gemeenten: list[str] | None = None,
    themas: list[str] | None = None,
    out_root: Path | None = None,
    want_pdf: bool = True,
) -> Rendered:
    """The region's documents from its published schema; every gemeente and thema unless some are asked for."""
    published = read_region(conn, region)
    year = year or pages.default_year(published)
    folder = (out_root or documents_dir()) / region / (published.peildatum or date.today()).isoformat()
    complete = not gemeenten and not themas
    if complete:  # a night's folder holds that night's documents only, none left from an earlier rendering
        shutil.rmtree(folder, ignore_errors=True)
    common = _common(published, region)
    rendered = Rendered(folder)
    printer = _start_printing(rendered, want_pdf)
    sections: list[tuple[str, list[dict[str, Any]]]] = []
    try:
        entries = []
        for code, _ in published.gemeenten():
            if gemeenten and code not in gemeenten:
                continue
            context = pages.gemeente_context(published, code, year)
            path = _write(folder / "gemeente" / f"{code}-{year}.html", "gemeente.html.j2", {**common, **context})
            entries.append({"title": context["title"], "html": f"gemeente/{path.name}"})
            _add_page(rendered, printer, path)
        sections.append(("Gemeentelijke informatiebeelden", entries))
        entries = []
        for code, _ in published.themas():
            if themas and code not in themas:
                continue
            context = pages.thema_context(published, code, year)
            path = _write(folder / "thema" / f"{code}-{year}.html", "thema.html.j2", {**common, **context})
            entries.append({"title": context["title"], "html": f"thema/{path.name}"})
            _add_page(rendered, printer, path)
        sections.append(("Thematische informatiebeelden", entries))
        if complete:
            context = pages.jaarverslag_context(published, published.years(), regional=True)
            path = _write(folder / "jaarverslag.html", "jaarverslag.html.j2", {**common, **context})
            _add_page(rendered, printer, path)
            sections.append(("Jaarverslag", [{"title": context["title"], "html": "jaarverslag.html"}]))
    finally:
        _finish_printing(rendered, printer)
    if complete or not (folder / "index.html").exists():  # a few documents by hand keep the night's index
        _index(folder, f"Informatiebeelden {common['region_name']} {year}", common, sections, rendered)
    log.info("rendered documents of %s: %s", region, rendered.counts())
    return rendered


def render_national(conn: psycopg.Connection, out_root: Path | None = None, want_pdf: bool = True,
                    on: date | None = None) -> Rendered:  # fmt: skip
    published = read_national(conn)
    years = sorted({r["jaar"] for r in published.tables.get("jaarverslag_tabel1", [])})
    folder = (out_root or documents_dir()) / NATIONAL / (on or date.today()).isoformat()
    common = _common(published, None)
    context = pages.jaarverslag_context(published, years, regional=False)
    rendered = Rendered(folder)
    printer = _start_printing(rendered, want_pdf)
    try:
        _add_page(rendered, printer, _write(folder / "jaarverslag.html", "jaarverslag.html.j2", {**common, **context}))
    finally:
        _finish_printing(rendered, printer)
    _index(folder, "Landelijke informatiebeelden", common,
           [("Jaarverslag", [{"title": context["title"], "html": "jaarverslag.html"}])], rendered)  # fmt: skip
    return rendered


def _index(folder: Path, title: str, common: dict[str, Any], sections: list[Any], rendered: Rendered) -> None:
    printed = {p.with_suffix(".html") for p in rendered.pdf}
    for _, entries in sections:
        for entry in entries:
            if folder / entry["html"] in printed:
                entry["pdf"] = entry["html"].removesuffix(".html") + ".pdf"
    _write(folder / "index.html", "index.html.j2", {**common, "title": title, "sections": sections})
