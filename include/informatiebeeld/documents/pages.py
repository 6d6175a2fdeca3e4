"""What each document shows, as a template context built from published rows only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.documents import charts
from informatiebeeld.documents.cells import value_of
from informatiebeeld.documents.published import Published
from informatiebeeld.publish.export import Cell, Table, build_table

SOURCES = (
    ("politie_incidenten", "Politie: incidenten"),
    ("gemeente_signalen", "Gemeente: signalen"),
    ("bibob_dossiers", "Gemeente: Bibob-dossiers"),
    ("bestuurlijke_maatregelen", "Gemeente: bestuurlijke maatregelen"),
    ("fiscale_signalen", "Belastingdienst: fiscale signalen"),
    ("kvk_inschrijvingen", "KvK: inschrijvingen"),
    ("kvk_uitschrijvingen", "KvK: uitschrijvingen"),
    ("riec_casussen", "RIEC: casussen"),
)
THEMA_SOURCES = tuple((c, label) for c, label in SOURCES if c not in ("kvk_inschrijvingen", "kvk_uitschrijvingen")) + (
    ("kvk_inschrijvingen_risicobranche", "KvK: inschrijvingen in risicobranches"),
)
HANDELSREGISTER = (
    ("kvk_inschrijvingen", "Inschrijvingen"),
    ("kvk_uitschrijvingen", "Uitschrijvingen"),
    ("kvk_verloop", "Verloop (inschrijvingen min uitschrijvingen)"),
    ("inschrijvingen_risicobranche", "Inschrijvingen in risicobranches"),
    ("uitschrijvingen_risicobranche", "Uitschrijvingen in risicobranches"),
    ("vestigingen_risicobranche", "Vestigingen in risicobranches"),
    ("adressen_met_veel_inschrijvingen", "Adressen met veel inschrijvingen"),
    ("inschrijvingen_op_drukke_adressen", "Inschrijvingen op die adressen"),
)
SUBJECTEN = (
    ("personen_in_scope", "Personen in beeld"),
    ("personen_bij_meerdere_partners", "waarvan bij meer dan één partner bekend"),
    ("personen_niet_gekoppeld", "waarvan niet aan een casus gekoppeld"),
    ("bedrijven_in_scope", "Bedrijven in beeld"),
    ("bedrijven_bij_meerdere_partners", "waarvan bij meer dan één partner bekend"),
    ("bedrijven_niet_gekoppeld", "waarvan niet aan een casus gekoppeld"),
)
POSITIE = {"boven_mediaan": "boven de regiomediaan", "op_mediaan": "op de regiomediaan",
           "onder_mediaan": "onder de regiomediaan"}  # fmt: skip
TREND_THEMAS = 3


def short_name(partner_naam: str) -> str:
    """ "Kamer van Koophandel (Handelsregister)" as "Kamer van Koophandel", for narrow columns."""
    return partner_naam.split(" (")[0]


def _sources(published: Published) -> list[dict[str, Any]]:
    names = {code: contract.name for code, contract in load_contracts().items()}
    rows = sorted(published.tables.get("partner_actualiteit", []), key=lambda r: (r["partner_code"], r["extract"]))
    return [{**r, "partner_naam": names.get(r["partner_code"], r["partner_code"])} for r in rows]


def _year_row(rows: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    return next((r for r in rows if r["jaar"] == year), None)


def _position(row: dict[str, Any]) -> str | None:
    """Derived from the count, so shown only where the count itself is."""
    if not value_of(row, "records_totaal").known:
        return None
    return POSITIE.get(row.get("positie_tov_regio") or "")


def _rate_or_count(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """Per 10,000 inwoners where the rate is known, else the number of records."""
    if any(value_of(r, "records_per_10000_inwoners").known for r in rows):
        return "records_per_10000_inwoners", "registraties per 10.000 inwoners"
    return "records_totaal", "registraties"


def _thema_bars(rows: list[dict[str, Any]], label_column: str, description: str) -> str:
    column, title = _rate_or_count(rows)
    items = [
        {
            "label": r[label_column],
            "value": r.get(column),
            "suppressed": value_of(r, column).suppressed,
            "median": r.get("regio_mediaan_per_10000_inwoners") if column != "records_totaal" else None,
        }
        for r in rows
    ]
    return charts.to_svg(charts.bars_with_median(items, title, description))


def _gemeente_trend(published: Published, gemeente: str, themas: list[dict[str, Any]], year: int) -> str | None:
    months = [
        r for r in published.by("gemeente_informatiebeeld_periode", "gemeente_code", gemeente)
        if r["periode_soort"] == "maand" and r["jaar"] in (year - 1, year)
    ]  # fmt: skip
    chosen = [t["thema_code"] for t in themas if value_of(t, "records_totaal").known and t["records_totaal"]]
    chosen = chosen[:TREND_THEMAS]
    points: list[dict[str, Any]] = []
    for thema in chosen:
        rows = sorted((r for r in months if r["thema_code"] == thema), key=lambda r: r["periode"])
        if not rows:
            continue
        column, title = _rate_or_count(rows)
        for r in rows:
            name = r["thema_naam"]
            points.append({"panel": name, "periode": r["periode"], "serie": "gemeente", "value": r.get(column),
                           "suppressed": value_of(r, column).suppressed})  # fmt: skip
            if column == "records_per_10000_inwoners":
                points.append({"panel": name, "periode": r["periode"], "serie": "regiomediaan",
                               "value": r.get("regio_mediaan_per_10000_inwoners"), "suppressed": False})  # fmt: skip
    if not points:
        return None
    return charts.to_svg(charts.trend(points, title, "verloop per maand van de drie grootste thema's"))


def gemeente_context(published: Published, gemeente: str, year: int) -> dict[str, Any]:
    overzicht = sorted(published.by("gemeente_overzicht", "gemeente_code", gemeente), key=lambda r: r["jaar"])
    if not overzicht:
        raise LookupError(f"gemeente {gemeente} is not in {published.schema}")
    naam = overzicht[-1]["gemeente_naam"]
    periode = published.by("gemeente_informatiebeeld_periode", "gemeente_code", gemeente)
    jaren = [r for r in periode if r["periode_soort"] == "jaar"]
    this_year = sorted((r for r in jaren if r["jaar"] == year),
                       key=lambda r: (not value_of(r, "records_totaal").known, -(r.get("records_totaal") or 0),
                                      r["thema_naam"]))  # fmt: skip
    per_thema_year: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in jaren:
        per_thema_year[r["thema_naam"]][r["jaar"]] = r
    vlekken = [r for r in published.by("gemeente_witte_vlekken", "gemeente_code", gemeente) if r["jaar"] == year]
    partners = sorted({(r["partner_code"], short_name(r["partner_naam"])) for r in vlekken})
    matrix = {(r["thema_naam"], r["partner_code"]): r for r in vlekken}
    handelsregister = sorted(published.by("gemeente_handelsregister", "gemeente_code", gemeente),
                             key=lambda r: r["jaar"])  # fmt: skip
    return {
        "title": f"Gemeentelijk ondermijningsbeeld {naam} {year}",
        "gemeente_code": gemeente,
        "gemeente_naam": naam,
        "year": year,
        "years": [r["jaar"] for r in overzicht],
        "overzicht": overzicht,
        "overzicht_this_year": _year_row(overzicht, year),
        "sources": SOURCES,
        "themas": [{"row": r, "positie": _position(r)} for r in this_year],
        "themas_chart": _thema_bars(this_year, "thema_naam", f"registraties per thema in {naam}, {year}")
        if this_year
        else None,
        "trend_chart": _gemeente_trend(published, gemeente, this_year, year),
        "trend_table": sorted(per_thema_year.items()),
        "witte_vlekken": {
            "partners": partners,
            "themas": sorted({r["thema_naam"] for r in vlekken}),
            "matrix": matrix,
        },  # fmt: skip
        "handelsregister": handelsregister,
        "handelsregister_rows": HANDELSREGISTER,
        "partners": _sources(published),
    }


def thema_context(published: Published, thema: str, year: int) -> dict[str, Any]:
    overview = sorted(published.by("thema_informatiebeeld", "thema_code", thema), key=lambda r: r["jaar"])
    if not overview:
        raise LookupError(f"thema {thema} is not in {published.schema}")
    naam = overview[-1]["thema_naam"]
    per_gemeente = sorted(
        (r for r in published.by("gemeente_informatiebeeld_periode", "thema_code", thema)
         if r["periode_soort"] == "jaar" and r["jaar"] == year),
        key=lambda r: (not value_of(r, "records_totaal").known, -(r.get("records_totaal") or 0), r["gemeente_naam"]),
    )  # fmt: skip
    gemeente_names = {code: name for code, name in published.gemeenten()}
    this_year = _year_row(overview, year)
    dekking = sorted((r for r in published.by("thema_dekking", "thema_code", thema) if r["jaar"] == year),
                     key=lambda r: r["partner_naam"])  # fmt: skip
    draden = sorted(
        (r for r in published.by("thema_rode_draden", "thema_code", thema) if r["jaar"] == year),
        key=lambda r: (not value_of(r, "casussen_samen").known, -(r.get("casussen_samen") or 0),
                       r["samen_met_thema_naam"]),
    )  # fmt: skip
    draden_items = [{"label": r["samen_met_thema_naam"], "value": r.get("casussen_samen"),
                     "suppressed": value_of(r, "casussen_samen").suppressed} for r in draden]  # fmt: skip
    return {
        "title": f"Thematisch informatiebeeld {naam} {year}",
        "thema_code": thema,
        "thema_naam": naam,
        "year": year,
        "overview": overview,
        "this_year": this_year,
        "meest_genoemd": gemeente_names.get((this_year or {}).get("meest_genoemde_gemeente_code") or ""),
        "sources": THEMA_SOURCES,
        "gemeenten": [{"row": r, "positie": _position(r)} for r in per_gemeente],
        "gemeenten_chart": _thema_bars(per_gemeente, "gemeente_naam", f"registraties over {naam} per gemeente, {year}")
        if per_gemeente
        else None,
        "concentratie": [
            r["gemeente_naam"]
            for r in per_gemeente
            if r.get("is_concentratiegemeente") and value_of(r, "records_totaal").known
        ],  # fmt: skip
        "dekking": dekking,
        "rode_draden": draden,
        "rode_draden_chart": charts.to_svg(
            charts.bars_with_median(draden_items, "casussen met beide thema's", f"rode draden van {naam}, {year}")
        )
        if draden
        else None,
        "subjecten": _year_row(published.by("thema_subjecten", "thema_code", thema), year),
        "subjecten_rows": SUBJECTEN,
        "partners": _sources(published),
    }


def _tables(published: Published, year: int, regional: bool) -> list[Table]:
    tables = []
    for number, (mart, value_column, _) in ((1, ("jaarverslag_tabel1", "waarde", "")),
                                            (2, ("jaarverslag_tabel2", "bedrag_eur", ""))):  # fmt: skip
        cells = [
            Cell(r["rapportage_regio_code"], r["rapportage_regio_naam"], r["rij_volgorde"], r["rij_code"],
                 r["rij_omschrijving"], r[value_column], r["status"], r["voetnoot"])
            for r in published.rows(mart, jaar=year) if r.get("rapportage_regio_code")
        ]  # fmt: skip
        if not cells:
            continue
        table = build_table(number, cells)
        if regional:  # one region: its column is its own total
            table.header, table.rows = table.header[:-1], [row[:-1] for row in table.rows]
        tables.append(table)
    return tables


def jaarverslag_context(published: Published, years: list[int], regional: bool) -> dict[str, Any]:
    scope = published.region or "landelijk"
    return {
        "title": ("Jaarverslag: Tabel 1 en 2" if regional else "Landelijk jaarverslag: Tabel 1 en 2"),
        "scope": scope,
        "years": [(year, _tables(published, year, regional)) for year in sorted(years, reverse=True)],
    }


def default_year(published: Published, on: date | None = None) -> int:
    years = published.years()
    if (on or published.peildatum) and years:
        wanted = (on or published.peildatum).year  # type: ignore[union-attr]
        if wanted in years:
            return wanted
    return years[-1] if years else (on or date.today()).year
