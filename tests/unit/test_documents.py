"""The pure parts of the documents: how a value is written, which cells count as suppressed, where
the portal may read files from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from informatiebeeld.documents import charts, pdf
from informatiebeeld.documents.cells import cell, number, value_of
from informatiebeeld.documents.portal import _inside
from informatiebeeld.documents.published import peildatum_of
from informatiebeeld.documents.render import _jaarverslag


def test_numbers_are_written_the_dutch_way() -> None:
    assert number(1234567) == "1.234.567"
    assert number(Decimal("754373.87")) == "754.373,87"
    assert number(Decimal("0.2079"), 2) == "0,21"
    assert _jaarverslag(Decimal("754373.87")) == "754.373,87"
    assert _jaarverslag("754373.87 [1]") == "754.373,87 [1]"
    assert _jaarverslag(12) == "12"
    assert _jaarverslag("gg [2]") == "gg [2]"


def test_a_suppressed_cell_is_x_never_0_or_empty_and_a_missing_one_is_a_dash() -> None:
    row = {"records_totaal": None, "inwoners": None, "politie": 0, "naam": "<b>", "onderdrukt": {"records_totaal"}}
    assert "x</span>" in cell(row, "records_totaal") and "afgeschermd" in cell(row, "records_totaal")
    assert "–" in cell(row, "inwoners") and "x<" not in cell(row, "inwoners")
    assert cell(row, "politie") == "0"
    assert cell(row, "naam") == "&lt;b&gt;"
    assert value_of(None, "politie").known is False


def test_the_peildatum_is_what_every_partner_row_was_measured_on() -> None:
    rows = [
        {"laatste_levering": date(2026, 11, 20), "dagen_oud": 3},
        {"laatste_levering": date(2026, 11, 23), "dagen_oud": 0},
        {"laatste_levering": None, "dagen_oud": None},
    ]
    assert peildatum_of(rows) == date(2026, 11, 23)
    assert peildatum_of([]) is None


def test_a_suppressed_bar_is_an_x_label_and_no_bar() -> None:
    spec = charts.bars_with_median(
        [{"label": "A", "value": 7, "suppressed": False}, {"label": "B", "value": None, "suppressed": True}],
        "registraties",
        "test",
    )
    bars, labels = spec["layer"][0], spec["layer"][1]
    data = spec["data"]["values"]
    assert bars["mark"]["type"] == "bar" and "!datum.suppressed" in bars["transform"][0]["filter"]
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"] == {"value": "x"}
    assert [d["value"] for d in data if d["suppressed"]] == [None]
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg") and ">x</text>" in svg and "http" not in svg.replace("http://www.w3.org", "")


def test_the_portal_reads_only_regular_files_inside_its_folders(tmp_path: Path) -> None:
    root = tmp_path / "documents"
    (root / "r" / "2026-11-23").mkdir(parents=True)
    (root / "r" / "2026-11-23" / "index.html").write_text("ok")
    (tmp_path / "secret.txt").write_text("no")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert _inside(root, "r/2026-11-23/") == root / "r" / "2026-11-23" / "index.html"
    assert _inside(root, "../secret.txt") is None
    assert _inside(root, "link.txt") is None, "a link out of the folder is not followed"
    assert _inside(root, "r/missing.html") is None


def test_a_symlinked_index_out_of_the_folder_is_not_served(tmp_path: Path) -> None:
    root = tmp_path / "documents"
    (root / "r").mkdir(parents=True)
    (tmp_path / "secret.html").write_text("no")
    (root / "r" / "index.html").symlink_to(tmp_path / "secret.html")
    assert _inside(root, "r/") is None
    assert _inside(root, "r") is None


def test_the_portal_refuses_other_hosts_control_characters_and_sends_a_safe_redirect(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import http.client
    import threading

    from informatiebeeld.documents.portal import make_server

    monkeypatch.setenv("INFORMATIEBEELD_STATE_DIR", str(tmp_path))
    folder = tmp_path / "documents" / "noord_nederland" / "2026-11-23"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<p>ok</p>")
    server = make_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def get(path: str, host: str = "127.0.0.1") -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"Host": f"{host}:{port}"})
        return connection.getresponse()

    try:
        assert get("/documents/noord_nederland/2026-11-23/").status == 200
        assert get("/documents/noord_nederland/2026-11-23/", host="attacker.example").status == 400
        assert get("/documents/noord_nederland/2026-11-23%0d%0aSet-Cookie:%20a=b/..").status == 400
        assert get("/documents/%00").status == 400
        moved = get("/documents/noord_nederland/2026-11-23")
        assert moved.status == 301 and moved.getheader("Location") == "/documents/noord_nederland/2026-11-23/"
        page = get("/documents/noord_nederland/2026-11-23/index.html")
        assert "default-src 'none'" in page.getheader("Content-Security-Policy")
    finally:
        server.shutdown()
        server.server_close()


def test_the_background_printer_prints_every_page_added_and_hands_on_what_stopped_it(tmp_path: Path) -> None:
    chromium = pdf.find_chromium()
    assert chromium, "make test installs Chromium"
    pages = []
    for index in range(3):
        page = tmp_path / f"pagina-{index}.html"
        page.write_text(f"<!doctype html><h1>Pagina {index}</h1>", encoding="utf-8")
        pages.append(page)
    printer = pdf.BackgroundPrinter(chromium)
    for page in pages:
        printer.add(page, page.with_suffix(".pdf"))
    assert printer.finish() == [page.with_suffix(".pdf") for page in pages]
    assert all(page.with_suffix(".pdf").read_bytes().startswith(b"%PDF-") for page in pages)

    not_a_browser = pdf.BackgroundPrinter("/bin/false")
    not_a_browser.add(pages[0], tmp_path / "nooit.pdf")
    with pytest.raises(PlaywrightError):
        not_a_browser.finish()
    assert not (tmp_path / "nooit.pdf").exists()
