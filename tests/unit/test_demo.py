"""The demo generator: files follow their contracts, output is reproducible, and the data has shape."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import statistics
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Set
from datetime import date, datetime
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from informatiebeeld.config.contracts import Column, Extract, load_contracts, load_regions
from informatiebeeld_demo import generator as demo

DELIVERY = date(2025, 6, 30)
WINDOW_START = date(2022, 6, 30)
# A small region (6 gemeenten, Weesp merged into Amsterdam) and a larger one with several herindelingen.
REGIONS = ("amsterdam_amstelland", "rotterdam")
THEMED_PARTNERS = ("politie", "gemeente", "belastingdienst")
OLD_CODE_EXTRACTS = {("politie", "incidenten"), ("kvk", "handelsregister_mutaties")}

Rows = list[dict[str, object]]


# --- reading a delivery back, strictly by its contract ------------------------------------------


def _read(path: Path, extract: Extract) -> Rows:
    if extract.format == "xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            assert workbook.sheetnames == [extract.sheet]
            table = [list(row) for row in workbook[extract.sheet or ""].iter_rows(values_only=True)]
        finally:
            workbook.close()
    else:
        text = path.read_bytes().decode(extract.encoding)  # strict: fails on a wrong encoding
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=extract.delimiter, strict=True))
    header, *body = table
    assert header == [c.name for c in extract.columns], path
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    demo.generate(root, DELIVERY, REGIONS)
    return root


@pytest.fixture(scope="module")
def deliveries(landing: Path) -> dict[tuple[str, str, str], Rows]:
    result = {}
    for region in REGIONS:
        for partner, contract in load_contracts().items():
            for extract in contract.extracts:
                path = landing / region / partner / DELIVERY.isoformat() / extract.file_name
                result[(region, partner, extract.name)] = _read(path, extract)
    return result


@pytest.fixture(scope="module")
def profiles() -> dict[str, demo.RegionProfile]:
    return {region: demo.region_profile(region) for region in REGIONS}


@cache
def _themas() -> frozenset[str]:
    with (demo.SEEDS_DIR / "ref_themas.csv").open(encoding="utf-8") as handle:
        return frozenset(row["thema_code"] for row in csv.DictReader(handle))


# --- value checks per contract type (CSV text; XLSX cells are checked for their Python type) -------

_DECIMAL = {",": re.compile(r"\d+,\d{2}"), ".": re.compile(r"\d+\.\d{2}")}
_PHONE = re.compile(r"(06-?\d{8}|06( \d\d){4}|\+31 ?6 ?\d{8}|0\d{2,3}-\d{6,7})")


def _is_date_in_window(value: object, column: Column, extract: Extract, _gemeenten: set[str]) -> bool:
    parsed = value.date() if isinstance(value, datetime) else datetime.strptime(str(value), extract.date_format)
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if column.identifier == "birth_date":
        return 1950 <= day.year <= 2006
    return WINDOW_START <= day <= DELIVERY


def _is_list(value: object, allowed: Set[str], extract: Extract) -> bool:
    items = str(value).split(extract.list_separator)
    return 1 <= len(items) <= 3 and len(set(items)) == len(items) and set(items) <= allowed


CHECKS: dict[str, Callable[[object, Column, Extract, set[str]], bool]] = {
    "string": lambda v, c, e, g: isinstance(v, str) and v.strip() == v != "",
    "text": lambda v, c, e, g: isinstance(v, str) and len(v) < 400,
    "integer": lambda v, c, e, g: re.fullmatch(r"\d+", str(v)) is not None and int(str(v)) >= (c.min or 0),
    "decimal": lambda v, c, e, g: _DECIMAL[e.decimal_separator].fullmatch(str(v)) is not None,
    "date": _is_date_in_window,
    "boolean": lambda v, c, e, g: v in ("ja", "nee") if e.format == "csv" else isinstance(v, bool),
    "enum": lambda v, c, e, g: v in (c.values or ()),
    "list": lambda v, c, e, g: _is_list(v, set(c.values or ()), e),
    "thema_list": lambda v, c, e, g: _is_list(v, _themas(), e),
    "thema_code": lambda v, c, e, g: v in _themas(),
    "gemeente_code": lambda v, c, e, g: v in g,
    "sbi_code": lambda v, c, e, g: re.fullmatch(r"\d{4}", str(v)) is not None,
    "postcode": lambda v, c, e, g: stdnum_postcode.is_valid(str(v)) and str(v)[0] != "0",
    "bsn": lambda v, c, e, g: re.fullmatch(r"\d{9}", str(v)) is not None and stdnum_bsn.is_valid(str(v)),
    "iban": lambda v, c, e, g: str(v).startswith("NL") and stdnum_iban.is_valid(str(v)),
    "kvk_nummer": lambda v, c, e, g: re.fullmatch(r"\d{8}", str(v)) is not None,
    "phone": lambda v, c, e, g: _PHONE.fullmatch(str(v)) is not None,
    "email": lambda v, c, e, g: re.fullmatch(r"[a-z0-9.]+@[a-z]+\.example", str(v)) is not None,
}


def test_one_file_per_region_partner_and_extract(tmp_path: Path) -> None:
    paths = demo.generate(tmp_path, DELIVERY, ["amsterdam_amstelland"], scale=0.05)
    expected = sorted(
        tmp_path / "amsterdam_amstelland" / partner / "2025-06-30" / extract.file_name
        for partner, contract in load_contracts().items()
        for extract in contract.extracts
    )
    assert paths == expected
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == expected  # no partial files left


def test_every_value_follows_its_contract(
    deliveries: dict[tuple[str, str, str], Rows], profiles: dict[str, demo.RegionProfile]
) -> None:
    contracts = load_contracts()
    for (region, partner, name), rows in deliveries.items():
        extract = contracts[partner].extract(name)
        allowed = set(profiles[region].allowed_gemeente_codes())
        assert rows, (region, name)
        for row in rows:
            for column in extract.columns:
                value = row[column.name]
                if value is None or value == "":
                    assert not column.required, (name, column.name)
                    continue
                assert CHECKS[column.type](value, column, extract, allowed), (name, column.name, value)
        keys = [tuple(row[k] for k in extract.primary_key) for row in rows]
        assert len(set(keys)) == len(keys), (region, name)


def test_formats_per_contract(landing: Path) -> None:
    base = landing / "rotterdam"
    kvk = (base / "kvk/2025-06-30/handelsregister_mutaties.csv").read_text(encoding="utf-8").splitlines()
    assert re.search(r",20\d{6},", kvk[1])  # %Y%m%d, comma-delimited
    gemeente = (base / "gemeente/2025-06-30/bestuurlijke_maatregelen.csv").read_bytes()
    assert b"\r\n" in gemeente and re.search(rb";\d\d-\d\d-20\d\d;", gemeente)
    assert re.search(rb";\d+,\d\d\r\n", gemeente)  # decimal comma, never a thousands separator
    bevolking = [line.split(";") for line in (base / "cbs/2025-06-30/bevolking.csv").read_text().splitlines()]
    assert {(fields[1], fields[3]) for fields in bevolking[1:]} == {("2025", "ja")}
    inwoners = {fields[0]: int(fields[2]) for fields in bevolking[1:]}
    assert all(5_000 <= n <= 900_000 for n in inwoners.values())
    assert max(inwoners, key=inwoners.__getitem__) == "GM0599"  # Rotterdam is the big city
    sheet = openpyxl.load_workbook(base / "gemeente/2025-06-30/bibob_dossiers.xlsx")["Bibob"]
    assert sheet["C2"].is_date and sheet["C2"].number_format == "dd-mm-yyyy"
    assert isinstance(sheet["G2"].value, bool)


def test_windows_1252_files_are_really_windows_1252(landing: Path) -> None:
    non_ascii = 0
    for partner, contract in load_contracts().items():
        for extract in contract.extracts:
            if extract.encoding != "windows-1252":
                continue
            for region in REGIONS:
                raw = (landing / region / partner / DELIVERY.isoformat() / extract.file_name).read_bytes()
                if any(byte > 127 for byte in raw):
                    non_ascii += 1
                    with pytest.raises(UnicodeDecodeError):
                        raw.decode("utf-8")
    assert non_ascii > 0


def test_word_lists_exist_in_windows_1252() -> None:
    lists = [demo.VOORNAMEN, demo.ACHTERNAMEN, demo.STRATEN, demo.CASUS_CODENAMEN, demo.HANDELSNAAM_WOORDEN]
    lists += list(demo.THEMA_ZINNEN.values()) + list(demo.TEKST_SJABLONEN.values()) + [demo.TEKST_STAARTEN]
    for words in lists:
        for word in words:
            word.encode("cp1252")


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    runs = {}
    for name, seed in (("a", 42), ("b", 42), ("c", 43)):
        demo.generate(tmp_path / name, DELIVERY, ["amsterdam_amstelland"], scale=0.3, seed=seed)
        runs[name] = _hashes(tmp_path / name)
    assert runs["a"] == runs["b"]
    differing = [path for path, digest in runs["a"].items() if runs["c"][path] != digest]
    assert len(differing) >= len(runs["a"]) - 1  # only the bevolking sizes may, by chance, repeat
    workbook = next((tmp_path / "a").rglob("*.xlsx"))
    with zipfile.ZipFile(workbook) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2020-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_gemeente_codes_are_current_except_a_few_merged_ones(
    deliveries: dict[tuple[str, str, str], Rows], profiles: dict[str, demo.RegionProfile]
) -> None:
    for region in REGIONS:
        profile = profiles[region]
        assert profile.old_codes, region
        current = {g.code for g in profile.gemeenten}
        old_rows = total = 0
        for (row_region, partner, name), rows in deliveries.items():
            if row_region != region or "gemeente_code" not in rows[0]:
                continue
            codes = [row["gemeente_code"] for row in rows if row["gemeente_code"]]
            old = [code for code in codes if code not in current]
            assert set(old) <= set(profile.old_codes)
            if (partner, name) not in OLD_CODE_EXTRACTS:
                assert not old, (region, name)
            else:
                old_rows, total = old_rows + len(old), total + len(codes)
        assert 0 < old_rows < 0.05 * total, region


def test_references_between_files_hold(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    for region in REGIONS:
        incidents = {row["incident_nummer"] for row in deliveries[(region, "politie", "incidenten")]}
        betrokkenen = deliveries[(region, "politie", "betrokkenen")]
        assert {row["incident_nummer"] for row in betrokkenen} <= incidents
        per_incident = Counter(row["incident_nummer"] for row in betrokkenen)
        assert set(per_incident.values()) == {1, 2, 3}
        casussen = {row["casus_nummer"] for row in deliveries[(region, "riec", "casusregister")]}
        linked = [row["casus_nummer"] for row in deliveries[(region, "belastingdienst", "afpakken")]]
        assert {c for c in linked if c} <= casussen
        assert any(linked) and not all(linked)


def _identifier_in(text: str) -> bool:
    candidates = re.findall(r"\d{4}\.\d\d\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\b\d{9}\b", text)
    if any(stdnum_bsn.is_valid(c) for c in candidates):
        return True
    if any(stdnum_iban.is_valid(c) for c in re.findall(r"NL\d\d(?: ?[A-Z0-9]{4}){3} ?\d\d", text)):
        return True
    return re.search(r"@|(?:06|\+31 ?6)[ -]?\d|\b[1-9]\d{3} ?[A-Z]{2}\b|KvK \d{8}", text) is not None


def test_free_text_sometimes_holds_identifiers(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    texts = [
        str(row[column])
        for (_, partner, name), rows in deliveries.items()
        for column in ("omschrijving", "toelichting")
        for row in rows
        if row.get(column)
    ]
    share = sum(_identifier_in(text) for text in texts) / len(texts)
    assert 0.08 < share < 0.25
    assert any(re.search(r"\d{4}\.\d\d\.\d{3}|\d{3} \d{3} \d{3}", text) for text in texts)  # odd BSN spelling
    assert any(re.search(r"NL\d\d [A-Z]{4} \d{4} \d{4} \d\d", text) for text in texts)  # IBAN with spaces


def _hotspot_lift(rows: Rows, profile: demo.RegionProfile, thema: str) -> float:
    """Share of a thema's records in its hotspots, relative to the share of all other records there."""
    hot = set(profile.hotspots[thema])
    own = [row["gemeente_code"] in hot for row in rows if row["thema_code"] == thema]
    other = [row["gemeente_code"] in hot for row in rows if row["thema_code"] != thema]
    return (sum(own) / len(own)) / max(sum(other) / len(other), 0.01)


def test_hotspots_concentrate_a_thema(
    deliveries: dict[tuple[str, str, str], Rows], profiles: dict[str, demo.RegionProfile]
) -> None:
    for region in REGIONS:
        profile = profiles[region]
        assert all(1 <= len(h) <= 4 for h in profile.hotspots.values())
        incidents = deliveries[(region, "politie", "incidenten")]
        per_thema: dict[str, Counter[str]] = defaultdict(Counter)
        for row in incidents:
            per_thema[str(row["thema_code"])][str(row["gemeente_code"])] += 1
        concentrated = []
        for thema, counts in per_thema.items():
            values = [counts.get(g.code, 0) for g in profile.gemeenten]
            top, top_count = counts.most_common(1)[0]
            if top in profile.hotspots[thema] and top_count >= 2 * statistics.median(values) + 3:
                concentrated.append(thema)
        assert len(concentrated) >= 2, (region, concentrated)
        for partner, name in (("politie", "incidenten"), ("gemeente", "signalen")):
            rows = deliveries[(region, partner, name)]
            themas = [t for t, n in Counter(row["thema_code"] for row in rows).items() if n >= 15]
            lifts = [_hotspot_lift(rows, profile, str(thema)) for thema in themas]
            assert statistics.median(lifts) >= 2.0, (region, name, lifts)


def test_silent_partners_are_silent(
    deliveries: dict[tuple[str, str, str], Rows], profiles: dict[str, demo.RegionProfile]
) -> None:
    for region in REGIONS:
        profile = profiles[region]
        assert {"zorgfraude"} <= profile.silent_themas("politie")
        assert {"omg", "jonge_aanwas"} <= profile.silent_themas("belastingdienst")
        for (row_region, partner, name), rows in deliveries.items():
            if row_region != region or partner not in THEMED_PARTNERS or "thema_code" not in rows[0]:
                continue
            seen = {row["thema_code"] for row in rows}
            assert not seen & profile.silent_themas(partner), (region, name)
    silent_regions = [r for r in load_regions() if "logistiek" in demo.region_profile(r).silent_themas("gemeente")]
    assert len(silent_regions) == len(load_regions()) // 2


def test_casusregister_has_spread(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    for region in REGIONS:
        casussen = deliveries[(region, "riec", "casusregister")]
        starts = [date.fromisoformat(str(c["startdatum"])) for c in casussen]
        ends = [date.fromisoformat(str(c["einddatum"])) if c["einddatum"] else None for c in casussen]
        assert None in ends and any(ends)
        assert len({s.year for s in starts}) >= 3
        assert any(e and e.year > s.year for s, e in zip(starts, ends, strict=True))
        assert all(e is None or s <= e <= DELIVERY for s, e in zip(starts, ends, strict=True))
        assert {len(str(c["themas"]).split("|")) for c in casussen} == {1, 2, 3}
        assert {c["herkomst"] for c in casussen} == {
            "signaal_partner",
            "handhavingsknelpunt",
            "ondermijningsbeeld",
        }
        knelpunten = [c for c in casussen if c["handhavingsknelpunt_code"]]
        assert knelpunten and all(c["herkomst"] == "handhavingsknelpunt" for c in knelpunten)


def test_sbi_codes_mix_risk_branches_and_others(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    with (demo.SEEDS_DIR / "ref_sbi_risicobranches.csv").open(encoding="utf-8") as handle:
        risk = {row["sbi_code"] for row in csv.DictReader(handle)}
    rows = deliveries[("rotterdam", "kvk", "handelsregister_mutaties")]
    share = sum(row["sbi_code"] in risk for row in rows) / len(rows)
    assert 0.25 < share < 0.6


def test_volumes_follow_scale(tmp_path: Path, deliveries: dict[tuple[str, str, str], Rows]) -> None:
    counts = {key[1:]: len(rows) for key, rows in deliveries.items() if key[0] == "amsterdam_amstelland"}
    assert counts[("politie", "incidenten")] == 300
    assert counts[("kvk", "handelsregister_mutaties")] == 500
    assert counts[("cbs", "bevolking")] == 6
    assert 300 < counts[("politie", "betrokkenen")] < 900
    for scale, incidents in ((0.1, 30), (0.0001, 1)):
        folder = tmp_path / str(scale)
        demo.generate(folder, DELIVERY, ["amsterdam_amstelland"], scale=scale)
        for partner, contract in load_contracts().items():
            for extract in contract.extracts:
                rows = _read(folder / "amsterdam_amstelland" / partner / "2025-06-30" / extract.file_name, extract)
                assert len(rows) >= 1
                if extract.name == "incidenten":
                    assert len(rows) == incidents
                if extract.name == "bevolking":
                    assert len(rows) == 6


def test_unknown_region_and_bad_scale_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown region"):
        demo.generate(tmp_path, DELIVERY, ["atlantis"])
    with pytest.raises(ValueError, match="scale"):
        demo.generate(tmp_path, DELIVERY, ["limburg"], scale=0)


def test_an_extract_the_generator_does_not_know_still_gets_a_valid_file(tmp_path: Path) -> None:
    extract = Extract.model_validate(
        {
            "name": "meldingen",
            "description": "A contract that does not exist yet.",
            "file_name": "meldingen.csv",
            "bewaartermijn_dagen": 365,
            "format": "csv",
            "cadence": "daily",
            "primary_key": ["melding_id"],
            "columns": [
                {"name": "melding_id", "type": "string", "required": True},
                {"name": "datum", "type": "date", "required": True},
                {"name": "gemeente_code", "type": "gemeente_code", "required": True},
                {"name": "soort", "type": "enum", "required": True, "values": ["a", "b"]},
                {"name": "bedrag", "type": "decimal", "required": True},
                {"name": "notitie", "type": "text"},
            ],
        }
    )
    profile = demo.region_profile("limburg")
    context = demo._Context(profile, demo._load_reference(demo.SEEDS_DIR), 42, 0.1, DELIVERY)
    path = demo._write_extract(context, "om", extract, tmp_path)
    rows = _read(path, extract)
    assert len(rows) == 5
    allowed = set(profile.allowed_gemeente_codes())
    for row in rows:
        for column in extract.columns:
            if column.required:
                assert CHECKS[column.type](row[column.name], column, extract, allowed), column.name


def test_ondermijningsbeelden_spread_over_years_and_gemeenten(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    for region in REGIONS:
        beelden = deliveries[(region, "riec", "ondermijningsbeelden")]
        current = {g.code for g in demo.region_profile(region).gemeenten}
        assert len(beelden) >= 4
        assert len({r["beeld_nummer"] for r in beelden}) == len(beelden)
        years = {date.fromisoformat(str(r["opleverdatum"])).year for r in beelden}
        assert len(years) >= 2
        assert all(WINDOW_START <= date.fromisoformat(str(r["opleverdatum"])) <= DELIVERY for r in beelden)
        assert {r["gemeente_code"] for r in beelden} <= current
        assert {r["soort"] for r in beelden} <= {"gemeentelijk", "thematisch", "gebiedsgericht"}


def test_casus_subjecten_belong_to_casussen_and_recur_at_partners(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    for region in REGIONS:
        casussen = {row["casus_nummer"]: row for row in deliveries[(region, "riec", "casusregister")]}
        subjecten = deliveries[(region, "riec", "casus_subjecten")]
        assert {row["casus_nummer"] for row in subjecten} == set(casussen), "every casus has subjects"
        for row in subjecten:
            assert (row["bsn"] != "") == (row["subject_soort"] == "persoon"), row
            assert (row["kvk_nummer"] != "") == (row["subject_soort"] == "bedrijf"), row
            assert str(row["toegevoegd_op"]) >= str(casussen[row["casus_nummer"]]["startdatum"])
            assert str(row["toegevoegd_op"]) <= DELIVERY.isoformat()
        casus_bsns = {row["bsn"] for row in subjecten if row["bsn"]}
        casus_kvks = {row["kvk_nummer"] for row in subjecten if row["kvk_nummer"]}
        politie = {row["bsn"] for row in deliveries[(region, "politie", "betrokkenen")] if row["bsn"]}
        fiscaal = {row["bsn"] for row in deliveries[(region, "belastingdienst", "fiscale_signalen")] if row["bsn"]}
        kvk = {row["kvk_nummer"] for row in deliveries[(region, "kvk", "handelsregister_mutaties")]}
        assert casus_bsns & politie & fiscaal, "some casus persons are known to politie and Belastingdienst"
        assert casus_kvks & kvk, "some casus companies are in the Handelsregister"
        assert politie - casus_bsns, "most persons the politie names are in no casus"


def test_handhavingsknelpunten_cover_areas_a_branche_and_persons(deliveries: dict[tuple[str, str, str], Rows]) -> None:
    risk_sbi = {row["sbi_code"] for row in deliveries[(REGIONS[0], "kvk", "handelsregister_mutaties")]}
    for region in REGIONS:
        knelpunten = deliveries[(region, "riec", "handhavingsknelpunten")]
        codes = {row["hhk_code"] for row in knelpunten}
        used = {row["handhavingsknelpunt_code"] for row in deliveries[(region, "riec", "casusregister")]}
        assert used - {""} <= codes, "casussen refer to registered knelpunten"
        soorten = Counter(row["scope_soort"] for row in knelpunten)
        assert soorten["gebied"] >= 2 and soorten["branche"] == 1 and soorten["persoon"] >= 1, soorten
        assert any(row["pc4"] for row in knelpunten) and any(
            row["gemeente_code"] and not row["pc4"] for row in knelpunten
        )
        assert all(row["sbi_code"] in risk_sbi | {""} for row in knelpunten)
        for row in knelpunten:
            assert row["geldig_vanaf"] and (not row["geldig_tot"] or row["geldig_tot"] > row["geldig_vanaf"])
            assert not _identifier_in(str(row["naam"])), row["naam"]


def _data_rows(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def test_a_national_night_splits_its_volumes_over_the_regions_by_inwoners(tmp_path: Path) -> None:
    """``national``: politie and Handelsregister 2:1 as in NATIONAL_ROWS, each region's share of
    the country's volume its share of the inwoners."""
    from informatiebeeld_demo.common.context import NATIONAL_ROWS
    from informatiebeeld_demo.common.reference import load_reference
    from informatiebeeld_demo.common.regions import build_profile

    fraction, regions = 0.001, ["amsterdam_amstelland", "oost_nederland"]
    demo.generate(tmp_path, date(2026, 11, 23), regions, seed=3, national=fraction,
                  partners=["politie", "kvk", "gemeente"])  # fmt: skip
    rows = {
        region: {
            extract: _data_rows(next((tmp_path / region).glob(f"*/2026-11-23/{extract}.csv")))
            for extract in ("incidenten", "handelsregister_mutaties")
        }
        for region in regions
    }
    reference = load_reference(None, on=date(2026, 11, 23))
    inwoners = {region: sum(g.inwoners for g in build_profile(region, 3, reference).gemeenten)
                for region in load_regions()}  # fmt: skip
    for region in regions:
        share = inwoners[region] / sum(inwoners.values())
        for extract, key in (("incidenten", ("politie", "incidenten")),
                             ("handelsregister_mutaties", ("kvk", "handelsregister_mutaties"))):  # fmt: skip
            expected = NATIONAL_ROWS[key] * fraction * share
            assert abs(rows[region][extract] - expected) <= 1, (region, extract, rows[region][extract], expected)
    assert rows["oost_nederland"]["incidenten"] > 2 * rows["amsterdam_amstelland"]["incidenten"]
    with pytest.raises(ValueError, match="national"):
        demo.generate(tmp_path, date(2026, 11, 23), regions, national=0)
