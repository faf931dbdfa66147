"""Calculations in text: operator words, imperatives, sharing, groups, halving and doubling."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lexicon.values.arithmetic import Calculation, find_calculation


def _calc(left: str | None, operator: str, right: str) -> Calculation:
    return Calculation(None if left is None else Decimal(left), operator, Decimal(right))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("What is 12 plus 3.30", _calc("12", "plus", "3.30"), id="plus-word"),
        pytest.param("12 + 3.30", _calc("12", "plus", "3.30"), id="plus-sign"),
        pytest.param("20 minus 4.70", _calc("20", "minus", "4.70"), id="minus-word"),
        pytest.param("20 - 4.70", _calc("20", "minus", "4.70"), id="minus-hyphen"),
        pytest.param("20 − 4.70", _calc("20", "minus", "4.70"), id="minus-sign"),
        pytest.param("6 times 7", _calc("6", "multiply", "7"), id="times"),
        pytest.param("6 x 7", _calc("6", "multiply", "7"), id="x"),
        pytest.param("6 × 7", _calc("6", "multiply", "7"), id="times-sign"),
        pytest.param("84 divided by 4", _calc("84", "divide", "4"), id="divided-by"),
        pytest.param("84 ÷ 4", _calc("84", "divide", "4"), id="divide-sign"),
    ],
)
def test_an_operator_between_two_numbers_is_read(text: str, expected: Calculation) -> None:
    """Words and signs for the four operations give the matching calculator key."""
    assert find_calculation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Add 12 and 3.30", _calc("12", "plus", "3.30"), id="add-and"),
        pytest.param("Add 250 to 75", _calc("250", "plus", "75"), id="add-to"),
        pytest.param("Subtract 5 from 20", _calc("20", "minus", "5"), id="subtract-from"),
        pytest.param("Multiply 6 by 7", _calc("6", "multiply", "7"), id="multiply-by"),
        pytest.param("Divide 84 by 4", _calc("84", "divide", "4"), id="divide-by"),
    ],
)
def test_an_imperative_names_the_operation(text: str, expected: Calculation) -> None:
    """'subtract B from A' takes B away from A, not the other way round."""
    assert find_calculation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Split $45.90 between the 3 of us", _calc("45.90", "divide", "3"), id="split-amount"
        ),
        pytest.param(
            "Share 120 sweets among 8 kids", _calc("120", "divide", "8"), id="share-among"
        ),
        pytest.param(
            "Dinner came to $45.90. Split it between the 3 of us",
            _calc("45.90", "divide", "3"),
            id="split-it-said-before",
        ),
    ],
)
def test_sharing_an_amount_divides_it(text: str, expected: Calculation) -> None:
    """Splitting a bill divides it by the number of people, even when said in two sentences."""
    assert find_calculation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("14 boxes of 24 cans", _calc("14", "multiply", "24"), id="boxes-of"),
        pytest.param(
            "5 pizzas at $12.50 each", _calc("5", "multiply", "12.50"), id="at-price-each"
        ),
    ],
)
def test_groups_of_things_multiply(text: str, expected: Calculation) -> None:
    """A count of groups times the size of each group gives the total."""
    assert find_calculation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Halve 48", _calc("48", "divide", "2"), id="halve"),
        pytest.param("Double 21", _calc("21", "multiply", "2"), id="double"),
    ],
)
def test_halve_and_double_take_one_number(text: str, expected: Calculation) -> None:
    """'halve 48' divides by two and 'double 21' multiplies by two."""
    assert find_calculation(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Halve it", id="halve-it"),
        pytest.param("Halve the number on the display", id="number-shown"),
    ],
)
def test_halving_without_a_number_continues_from_the_display(text: str) -> None:
    """With no number given, the calculator halves what it already shows."""
    found = find_calculation(text)
    assert found == _calc(None, "divide", "2")
    assert found.result is None


def test_doubling_a_number_said_before_uses_it() -> None:
    """'The recipe needs 3 eggs. Double it' doubles the 3."""
    assert find_calculation("The recipe needs 3 eggs. Double it") == _calc("3", "multiply", "2")


def test_thousands_separators_are_read() -> None:
    """'1,200' is twelve hundred, not two numbers."""
    found = find_calculation("1,200 - 350")
    assert found == _calc("1200", "minus", "350")
    assert found.result == 850


@pytest.mark.parametrize(
    ("text", "result"),
    [
        pytest.param("12 plus 3.30", Decimal("15.30"), id="plus"),
        pytest.param("Subtract 4.70 from 20", Decimal("15.30"), id="minus"),
        pytest.param("5 pizzas at $12.50 each", Decimal("62.50"), id="multiply"),
        pytest.param("Split $45.90 between the 3 of us", Decimal("15.30"), id="divide"),
        pytest.param("Take 350 away from $1,204.50", Decimal("854.50"), id="currency-thousands"),
    ],
)
def test_the_result_is_an_exact_decimal(text: str, result: Decimal) -> None:
    """Money adds up to the cent, with no floating-point error."""
    found = find_calculation(text)
    assert found is not None
    assert isinstance(found.result, Decimal)
    assert found.result == result


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Call Ann at 5 pm", id="call"),
        pytest.param("Turn on Wi-Fi", id="setting"),
        pytest.param("Set an alarm for 6:45", id="alarm"),
        pytest.param("", id="empty"),
    ],
)
def test_a_sentence_without_a_calculation_gives_none(text: str) -> None:
    """A request that is not arithmetic is not mistaken for a sum."""
    assert find_calculation(text) is None


def test_dividing_by_zero_has_no_result() -> None:
    """Dividing by zero is recognised but gives no answer rather than crashing."""
    found = find_calculation("9 divided by 0")
    assert found == _calc("9", "divide", "0")
    assert found.result is None
