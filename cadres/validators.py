"""Chinese resident identity numbers (GB 11643-1999) and mobile numbers.

Only the structure is checked: province prefix, a real birth date, the MOD 11-2 check
character. County codes are not looked up, because the people in the registry were often
born before their county's current code existed.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laoshan_portal import clock

PROVINCE_PREFIXES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
}  # fmt: skip
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARACTERS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def id_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def id_birth_date(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, *, birth_date: date | None = None) -> str:
    """Return the normalised number, or raise ValidationError with a Chinese message."""
    number = normalise_id_number(value)
    if not ID_PATTERN.match(number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."), code="format"
        )
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            _("The ID number does not start with a province code."), code="province"
        )
    born = id_birth_date(number)
    if born is None or born.year < 1890 or born > clock.today():
        raise ValidationError(_("The ID number does not hold a real birth date."), code="birth")
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check character is wrong: please check every digit."),
            code="checksum",
        )
    if birth_date is not None and born != birth_date:
        raise ValidationError(
            _("The birth date in the ID number (%(born)s) differs from the birth date given.")
            % {"born": born.isoformat()},
            code="birth_mismatch",
        )
    return number


def normalise_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def validate_mobile(value: str) -> str:
    number = normalise_mobile(value)
    if not MOBILE_PATTERN.match(number):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13–19."), code="mobile"
        )
    return number


def mask_id_number(value: str) -> str:
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else "****"


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 8 else "****"
