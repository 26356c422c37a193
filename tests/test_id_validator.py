"""ID numbers per GB 11643: structure, birth date and the MOD 11-2 check character."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cadres.validators import (
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_mobile,
)
from tests.factories.cadres import id_number_for


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example, with an X check character
        id_number_for("19320415"),
        id_number_for("19381105", region="370203"),
        id_number_for("19450701", serial="062"),
        id_number_for("19570229"[:6] + "28"),
    ],
)
def test_it_accepts_valid_numbers_of_older_people(number: str) -> None:
    assert validate_id_number(number) == number


def test_it_accepts_a_lower_case_x_and_spaces() -> None:
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


def test_it_accepts_a_county_code_that_no_longer_exists() -> None:
    # 370221 was 崂山县's code before the county became a district.
    assert validate_id_number(id_number_for("19480302", region="370221"))


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1101051949123100", "应为18位"),
        ("11010519491231002Y", "应为18位"),
        ("110105194912310021", "校验位不正确"),
        ("990105194912310021", "省级行政区划代码"),
        ("110105194913310021", "出生日期无效"),
    ],
)
def test_it_refuses_bad_numbers_in_chinese(number: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert message in " ".join(error.value.messages)


def test_it_refuses_a_birth_date_that_differs_from_the_record() -> None:
    number = id_number_for("19500307")
    assert validate_id_number(number, birth_date=date(1950, 3, 7)) == number
    with pytest.raises(ValidationError) as error:
        validate_id_number(number, birth_date=date(1950, 3, 8))
    assert "1950-03-07" in error.value.messages[0]


def test_it_normalises_mobiles() -> None:
    assert validate_mobile("+86 138 0000 8000") == "13800008000"
    with pytest.raises(ValidationError):
        validate_mobile("12800008000")


def test_it_masks_like_the_bureau_does() -> None:
    assert mask_id_number("370212195003071234") == "3702**********1234"
    assert mask_phone("13800008000") == "138****8000"
