"""The one JSON file ``make bench`` leaves: every benchmark merges its named figures into it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH_JSON = Path(__file__).resolve().parents[1] / ".state" / "bench" / "bench.json"


def merge(figures: dict[str, Any]) -> Path:
    BENCH_JSON.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(BENCH_JSON.read_text(encoding="utf-8")) if BENCH_JSON.exists() else {}
    BENCH_JSON.write_text(json.dumps({**previous, **figures}, indent=2) + "\n", encoding="utf-8")
    return BENCH_JSON
