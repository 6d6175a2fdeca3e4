"""The README stays true where it can be checked mechanically."""

from __future__ import annotations

from pathlib import Path

from informatiebeeld.privacy.rules import rules_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_privacy_rules_table_matches_the_contracts() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- privacy-rules:start -->") + len("<!-- privacy-rules:start -->")
    end = text.index("<!-- privacy-rules:end -->")
    assert text[start:end].strip() == rules_table(), "run `informatiebeeld privacy-rules` and update the README"


def test_quick_start_shows_exactly_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick_start = text[text.index("## Quick start") : text.index("## Architecture")]
    assert "make demo" in quick_start and "make test" in quick_start
