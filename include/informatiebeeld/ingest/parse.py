"""Parsing one delivered value into its contract type; a value that does not parse raises RowError."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import Column, Extract
from informatiebeeld.ingest.violations import RowError
from informatiebeeld.privacy.normalise import normalise_text
from informatiebeeld.privacy.pseudonyms import normalise_phone

_TRUE = {"ja", "j", "true", "1", "yes", "y", "waar"}


_FALSE = {"nee", "n", "false", "0", "no", "onwaar"}


def _parse_decimal(text: str, separator: str) -> Decimal:
    cleaned = text.replace(" ", "")
    if separator == ",":
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise RowError("decimal", f"not a number with decimal separator {separator!r}") from error
    if not number.is_finite():
        raise RowError("decimal", "not a finite number")
    return number


def _parse_date(value: Any, date_format: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), date_format).date()
    except ValueError as error:
        raise RowError("date_format", f"not a date in format {date_format}") from error


def _parse_typed(column: Column, value: Any, extract: Extract) -> Any:  # noqa: C901 - one branch per type
    kind = column.type
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    if kind in ("string", "text"):
        return text
    if kind == "integer":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if not re.fullmatch(r"-?\d+", text):
            raise RowError("integer", "not a whole number")
        if len(text.lstrip("-")) > 19:  # beyond any 64-bit integer; int() would refuse thousands of digits
            raise RowError("integer_range", "outside the range of a 64-bit integer")
        return int(text)
    if kind == "decimal":
        return (
            Decimal(str(value)) if isinstance(value, int | float) else _parse_decimal(text, extract.decimal_separator)
        )
    if kind == "date":
        return _parse_date(value, extract.date_format)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise RowError("boolean", "not ja/nee")
    if kind == "enum":
        if text not in (column.values or ()):
            raise RowError("allowed_values", f"not one of {', '.join(column.values or ())}")
        return text
    if kind in ("list", "thema_list"):
        allowed = reference.thema_codes() if kind == "thema_list" else frozenset(column.values or ())
        items = [item.strip() for item in text.split(extract.list_separator) if item.strip()]
        unknown = [item for item in items if item not in allowed]
        if not items or unknown:
            message = f"{len(unknown)} of {len(items)} list items unknown" if items else "empty list"
            raise RowError("allowed_values", message)
        return extract.list_separator.join(items)
    if kind == "gemeente_code":
        code = text.upper()
        if not re.fullmatch(r"GM\d{4}", code):
            raise RowError("gemeente_code_format", "not a CBS gemeente code GMxxxx")
        if code not in reference.known_gemeente_codes():
            raise RowError("known_gemeente_code", "not a current or merged CBS gemeente code")
        return code
    if kind == "thema_code":
        if text not in reference.thema_codes():
            raise RowError("known_thema_code", "not a thema of ref_themas")
        return text
    if kind == "sbi_code":
        code = text.replace(".", "")
        if not re.fullmatch(r"\d{4,5}", code):
            raise RowError("sbi_code_format", "not an SBI code of 4 or 5 digits")
        return code
    if kind == "postcode":
        try:
            return stdnum_postcode.validate(text)
        except StdnumValidationError as error:
            raise RowError("postcode", "not a valid Dutch postcode") from error
    if kind == "bsn":
        if not stdnum_bsn.is_valid(text):
            raise RowError("bsn_11_proef", "not a valid BSN (11-proef)")
        return stdnum_bsn.compact(text)
    if kind == "iban":
        if not stdnum_iban.is_valid(text):
            raise RowError("iban_checksum", "not a valid IBAN")
        return stdnum_iban.compact(text)
    if kind == "kvk_nummer":
        if not re.fullmatch(r"\d{8}", text):
            raise RowError("kvk_nummer_format", "not a KvK number of 8 digits")
        return text
    if kind == "phone":
        normalised = normalise_phone(text)
        if normalised is None:
            raise RowError("phone_format", "not a Dutch phone number")
        return normalised
    if kind == "email":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise RowError("email_format", "not an e-mail address")
        return text.lower()
    raise RowError("type", f"unknown type {kind}")


# What PostgreSQL can hold: bigint, numeric (at most 131072 digits before the point, 16383 after),
# and text without NUL. A value beyond them is a rejected row, not a failed COPY.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
NUMERIC_MAX_EXPONENT = 131_071
NUMERIC_MAX_SCALE = 16_383


def _check_storable(parsed: Any) -> None:
    if isinstance(parsed, bool):
        return
    if isinstance(parsed, int) and not BIGINT_MIN <= parsed <= BIGINT_MAX:
        raise RowError("integer_range", "outside the range of a 64-bit integer")
    if isinstance(parsed, Decimal) and parsed != 0:
        exponent = parsed.adjusted()
        if exponent > NUMERIC_MAX_EXPONENT or -parsed.as_tuple().exponent > NUMERIC_MAX_SCALE:  # type: ignore[operator]
            raise RowError("decimal_range", "outside the range of a decimal the warehouse can hold")


def parse_value(column: Column, value: Any, extract: Extract) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise RowError("nul_character", "holds a NUL character, which the warehouse cannot store")
    if isinstance(value, str):
        # One form for every way a value can be typed (digits of any script, dash and space
        # variants, compatibility characters) before anything looks at it.
        value = normalise_text(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise RowError("required", "value is required")
        return None
    parsed = _parse_typed(column, value, extract)
    _check_storable(parsed)
    if column.min is not None and isinstance(parsed, int | Decimal) and parsed < column.min:
        raise RowError("minimum", f"below the minimum {column.min:g}")
    return parsed
