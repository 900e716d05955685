import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    id_number_check_char,
    mask_id_number,
    normalize_mobile,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

VALID_ID = "11010519491231002X"  # DESIGN §3
# The machine is shared: generation speed is not what these tests are about.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
VALID_CREDIT_CODE = "91350100M000100Y43"  # DESIGN §3


def _message(func, value) -> str:
    with pytest.raises(ValidationError) as info:
        func(value)
    return " ".join(info.value.messages)


def test_design_examples_are_valid():
    validate_id_number(VALID_ID)
    validate_id_number(VALID_ID.lower())  # a lower-case x is what people type
    validate_credit_code(VALID_CREDIT_CODE)


def test_id_number_wrong_check_digit():
    assert "校验位" in _message(validate_id_number, "110105194912310021")


def test_id_number_wrong_length():
    assert "18位" in _message(validate_id_number, "11010519491231002")
    assert "18位" in _message(validate_id_number, VALID_ID + "1")


def test_id_number_bad_date():
    first17 = "11010519490230002"  # 30 February
    assert "出生日期" in _message(validate_id_number, first17 + id_number_check_char(first17))
    future = "110105" + (datetime.date.today() + datetime.timedelta(days=400)).strftime("%Y%m%d") + "002"
    assert "出生日期" in _message(validate_id_number, future + id_number_check_char(future))


def test_id_number_letters_refused():
    assert "数字" in _message(validate_id_number, "11010519491231A02X")


def test_credit_code_wrong_check_char_length_and_letters():
    assert "校验位" in _message(validate_credit_code, "91350100M000100Y44")
    assert "18位" in _message(validate_credit_code, "91350100M000100Y4")
    assert "不允许的字符" in _message(validate_credit_code, "91350100MO00100Y43")


def test_mobile_numbers():
    validate_mobile("13800138000")
    validate_mobile("+86 138-0013-8000")
    assert normalize_mobile("+86 138-0013-8000") == "13800138000"
    for bad in ("12800138000", "1380013800", "138001380001", "abc"):
        assert "11位" in _message(validate_mobile, bad)


def test_mask_keeps_region_and_last_two():
    assert mask_id_number(VALID_ID) == "1101" + "*" * 12 + "2X"


id_bodies = st.builds(
    lambda region, birth, seq: f"{region:06d}{birth:%Y%m%d}{seq:03d}",
    st.integers(min_value=110000, max_value=659999),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()),
    st.integers(min_value=0, max_value=999),
)


@relaxed
@given(id_bodies)
def test_generated_id_numbers_pass(body):
    validate_id_number(body + id_number_check_char(body))


@relaxed
@given(id_bodies, st.data())
def test_any_single_character_change_of_an_id_number_fails(body, data):
    valid = body + id_number_check_char(body)
    position = data.draw(st.integers(min_value=0, max_value=17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != valid[position]]))
    changed = valid[:position] + replacement + valid[position + 1 :]
    with pytest.raises(ValidationError):
        validate_id_number(changed)


credit_bodies = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@relaxed
@given(credit_bodies)
def test_generated_credit_codes_pass(body):
    validate_credit_code(body + credit_code_check_char(body))


@relaxed
@given(credit_bodies, st.data())
def test_any_single_character_change_of_a_credit_code_fails(body, data):
    valid = body + credit_code_check_char(body)
    position = data.draw(st.integers(min_value=0, max_value=17))
    replacement = data.draw(st.sampled_from([c for c in CREDIT_CODE_ALPHABET if c != valid[position]]))
    with pytest.raises(ValidationError):
        validate_credit_code(valid[:position] + replacement + valid[position + 1 :])
