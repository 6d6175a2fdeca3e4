"""The privacy rule of every identifier column, declared in the partner contracts.

- ``pseudonymise``: a keyed pseudonym (pseudonyms.py).
- ``year``: a birth date becomes its year. ``pc4``: a postcode becomes its four digits.
- ``scrub``: identifiers inside free text are replaced by typed placeholders (scrub.py).
- ``drop``: the column never leaves the reader.
"""

from __future__ import annotations

from informatiebeeld.config.contracts import load_contracts

_RULE_TEXT = {
    "pseudonymise": "keyed pseudonym (`{loaded}`)",
    "drop": "dropped",
    "year": "year only (`{loaded}`)",
    "pc4": "PC4 only (`{loaded}`)",
    "scrub": "identifiers replaced by typed placeholders (`[BSN]`, `[IBAN]`, `[TELEFOON]`, `[EMAIL]`, ...)",
}


def rules_table() -> str:
    """The privacy rule of every identifier column of every contract, as a markdown table."""

    lines = ["| partner / extract | column | kind | rule |", "|---|---|---|---|"]
    for partner, contract in load_contracts().items():
        for extract in contract.extracts:
            for column in extract.columns:
                if column.identifier:
                    rule = _RULE_TEXT[column.privacy].format(loaded=column.loaded_name)
                    lines.append(f"| {partner} / {extract.name} | `{column.name}` | {column.identifier} | {rule} |")
            for derived in extract.derived_pseudonyms:
                sources = "` + `".join(derived.from_)
                condition = f", only when `{derived.only_without}` is empty" if derived.only_without else ""
                rule = f"keyed linkage pseudonym (`{derived.name}`){condition}"
                lines.append(f"| {partner} / {extract.name} | `{sources}` | {derived.identifier} | {rule} |")
    return "\n".join(lines)
