"""What a privacy officer types for an inzage: every kind, more than one of a kind, nothing echoed."""

from __future__ import annotations

import pytest

from informatiebeeld.governance.inzage import parse_request


def test_every_kind_and_more_than_one_of_a_kind() -> None:
    request = parse_request(
        [
            "111222333",
            "phone: 06-12345678",
            "phone: +31 20 456 7890",
            "name: Jansen | Piet | 1980-05-17",
            "email: p.jansen@voorbeeld.nl",
            "iban: NL91ABNA0417164300",
            "kenteken: 12-ABC-3",
            "address: 1234 AB | 10",
            "kvk: 12345678",
            "",
        ]
    )
    assert [kind for kind, _ in request] == [
        "bsn", "phone", "phone", "name", "email", "iban", "kenteken", "address", "kvk",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    ["Jansen, Piet: 1980-05-17", "bsn: 111222334", "phone: abc", "kvk: -", "name: Jansen | 1980-05-17",
     "address: 1234 | 10", "email: jansen", "kenteken: 12"],
)  # fmt: skip
def test_what_cannot_be_looked_up_is_refused_without_repeating_it(line: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_request([line])
    message = str(refused.value)
    assert message.startswith("line 1: ")
    for part in line.replace(":", " ").replace("|", " ").split():
        if part not in {"bsn", "phone", "kvk", "name", "address", "email", "kenteken", "-"}:
            assert part not in message, f"{part!r} echoed"


def test_nothing_to_look_for_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to look for"):
        parse_request(["", "  "])
