"""The ingest keeps heavy libraries out of its process: pyarrow imports pandas (about 40 MB) as soon as
it converts a Python object, and Great Expectations or dbt have no business in a load at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.integration.test_bad_deliveries import INCIDENT_HEADER

# Hand-typed rows that take every path of the columnar engine: plain values, free text with
# identifiers (scrubbed), text folding changes, a refused identifier in a plain column, values out of
# range, a wrong field count.
ROWS = [
    ["I-001", "2026-11-02", "GM0014", "drugs", "handel", "9711 AA", "melding zonder bijzonderheden"],
    ["I-002", "2026-11-03", "GM0014", "drugs", "handel", "9711AB", "bsn 111222333 gezien bij de woning"],
    ["I-003", "2026-11-04", "GM0014", "drugs", "opslag", "9712 CD", "tel 06-12345678, kenteken 12-ABC-3"],
    ["I-004", "2026-11-05", "GM0014", "drugs", "handel", "9712 CD", "Straße İstanbul café, Dhr. Jansen"],
    ["111222333", "2026-11-06", "GM0014", "drugs", "handel", "9713 EF", "nummer in het verkeerde veld"],
    ["I-006", "99999-01-01", "GM0014", "drugs", "handel", "9713 EF", "datum buiten bereik"],
    ["I-007", "2026-11-07", "GM0014", "drugs"],
]

CHILD = """
import json, sys
from datetime import UTC, date, datetime
from pathlib import Path
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.load import LoadState, stream_rows
from informatiebeeld.privacy.keys import PseudonymKey

path = Path(sys.argv[1])
extract = load_contracts()["politie"].extract("incidenten")
day = date(2026, 11, 22)
transformer = RowTransformer(extract, PseudonymKey(version="t", secret=b"k" * 32), str(path), "noord_nederland", day)
state = LoadState()


class Collected:
    data = b""

    def write(self, data):
        self.data += data


copy = Collected()
stream_rows(path, extract, transformer, state, copy, 1, day, datetime(2026, 11, 23, tzinfo=UTC), engine="columnar")
heavy = {"pandas", "great_expectations", "dbt", "sqlalchemy", "airflow"}
heavy = sorted({m.split(".")[0] for m in sys.modules} & heavy)
lines = copy.data.decode().splitlines()
print(json.dumps({"read": state.rows_read, "loaded": state.rows_loaded, "rejected": len(state.rejected_rows),
                  "heavy": heavy, "lines": lines}))
"""


def test_a_columnar_load_imports_no_pandas_gx_or_dbt(tmp_path: Path) -> None:
    path = tmp_path / "incidenten.csv"
    path.write_text("\n".join(";".join(row) for row in [INCIDENT_HEADER, *ROWS]) + "\n", encoding="utf-8")
    output = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True).stdout
    outcome = json.loads(output.strip().splitlines()[-1])
    assert outcome["heavy"] == []
    assert outcome["read"] == len(ROWS)
    assert outcome["rejected"] >= 3  # the BSN in incident_nummer, the year 99999, the short row
    assert outcome["loaded"] == outcome["read"] - outcome["rejected"] == len(outcome["lines"]) >= 4
    copied = "\n".join(outcome["lines"])
    for identifier in ("111222333", "12345678", "12-ABC-3", "Jansen"):
        assert identifier not in copied
