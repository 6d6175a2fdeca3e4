"""What the commands print (the demo's ledger and publication lines, run summaries, status,
validate-extract) holds no identifier: checked with the detector, and against values planted in a
hostile delivery."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from informatiebeeld.cli.main import main, print_deliveries, print_published
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy import detect
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration
REGION = "limburg"
BSN, NAME, PHONE = "123456782", "Pietersma", "0612345678"


def test_printed_output_holds_no_identifier(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), "printed-key-" + "p" * 40)
    shutil.rmtree(landing_dir(), ignore_errors=True)
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.1, seed=51)  # plants identifiers in free text
    hostile = landing_dir() / REGION / "politie" / "2026-11-22" / "betrokkenen.csv"
    hostile.parent.mkdir(parents=True, exist_ok=True)
    hostile.write_text(f"I-1;1;verdachte;{BSN};{NAME};Jan;1980-04-01;{PHONE};XK-123-B\n", encoding="utf-8")
    assert main(["validate-extract", str(hostile), "--partner", "politie"]) == 1
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    assert main(["status", "--region", REGION]) == 0
    print_deliveries(clean_warehouse, [REGION])
    print_published(clean_warehouse)
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert "quarantined" in text and "published" in text.lower()
    timed = re.search(r'"step_seconds": (\{[^}]*\})', printed.out)
    assert timed and list(json.loads(timed.group(1))) == ["ingest", "dbt_build", "candidate", "gate", "publish"]
    assert [n for n in (BSN, NAME, PHONE) if n in text] == []
    findings = detect.find_identifiers(text)
    assert findings == [], detect.describe_findings(text)
