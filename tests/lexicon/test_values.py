"""Values in text: phone numbers, times, dates, durations, numbers, amounts, percentages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lexicon.values import (
    Amount,
    Date,
    Phone,
    Time,
    find_amounts,
    find_phones,
    find_times,
    parse_amount,
    parse_date,
    parse_duration,
    parse_number,
    parse_percent,
    parse_phone,
    parse_time,
    parse_weekday,
    resolve_date,
    same_date,
    same_phone,
    same_time,
)

# -- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits", "international"),
    [
        ("(650) 555-0100", "6505550100", False),
        ("650 555 0100", "6505550100", False),
        ("650-555-0100", "6505550100", False),
        ("650.555.0100", "6505550100", False),
        ("(650)555-0100", "6505550100", False),
        ("555-0100", "5550100", False),
        ("6505550100", "6505550100", False),
        ("+1 650-555-0100", "16505550100", True),
        ("+1 (650) 555-0100", "16505550100", True),
        ("+16505550100", "16505550100", True),
        ("+44 (0)20 7946 0958", "442079460958", True),
        ("0044 20 7946 0958", "442079460958", True),
        ("020 7946 0958", "02079460958", False),
        ("01 23 45 67 89", "0123456789", False),
        ("01.23.45.67.89", "0123456789", False),
        ("650\u2011555\u20110100", "6505550100", False),
        ("\u0666\u0665\u0660 \u0665\u0665\u0665 \u0660\u0661\u0660\u0660", "6505550100", False),
    ],
)
def test_a_phone_number_is_read_in_any_common_form(
    text: str, digits: str, international: bool
) -> None:
    assert parse_phone(text) == Phone(digits, international)


@pytest.mark.parametrize(
    "text",
    [
        "(650)",  # an area code alone
        "555-010",  # too few digits
        "+1 234 567 890 123 456 7",  # more than E.164's fifteen
        "2026-11-22",  # a date
        "22.11.2026",
        "1.234.567",  # a number grouped in thousands
        "1,234,567",
        "$650 555 0100x",
        "650 555 0100 2",  # a lone digit ends no phone number
        "650.555-0100",  # dots mixed with other separators
        "(650) (555) 0100",
        "7:30",
        "call me",
        "",
    ],
)
def test_what_is_not_a_phone_number_is_refused(text: str) -> None:
    assert parse_phone(text) is None


def test_phone_numbers_are_found_whole_in_a_sentence() -> None:
    text = "Call (650) 555-0100 or +1 650-555-0199 before 2026-11-22, 7:30."
    found = find_phones(text)
    assert [f.written for f in found] == ["(650) 555-0100", "+1 650-555-0199"]
    assert all(text[f.start : f.end] == f.written for f in found)
    assert found[0].value == Phone("6505550100", False)


def test_a_phone_number_followed_by_more_digits_is_the_number_it_starts_with() -> None:
    found = find_phones("Dial 650 555 0100 2 times")
    assert [f.written for f in found] == ["650 555 0100"]


def test_numbers_that_are_not_phones_are_not_found() -> None:
    assert find_phones("Paid $1,234,567 on 22.11.2026 at 10:30, room 12, ISBN 1.234.567") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(650) 555-0100", "650.555.0100"),
        ("(650) 555-0100", "+1 650-555-0100"),
        ("+1 650-555-0100", "6505550100"),
        ("020 7946 0958", "+44 20 7946 0958"),
        ("+44 (0)20 7946 0958", "020 7946 0958"),
        ("0044 20 7946 0958", "+44 20 7946 0958"),
        ("1-650-555-0100", "+1 650 555 0100"),
    ],
)
def test_one_phone_number_written_two_ways_is_the_same(a: str, b: str) -> None:
    assert same_phone(a, b)
    assert same_phone(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(650) 555-0100", "(650) 555-0101"),
        ("555-0100", "+1 650 555 0100"),  # the area code is missing, not implied
        ("+1 650 555 0100", "+44 650 555 0100"),
        ("(650) 555-0100", "not a number"),
        ("", ""),
    ],
)
def test_different_phone_numbers_are_not_the_same(a: str, b: str) -> None:
    assert not same_phone(a, b)


def test_same_phone_takes_parsed_numbers_too() -> None:
    assert same_phone(Phone("16505550100", True), "(650) 555-0100")


# -- times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("7:05", 7, 5),
        ("07:05", 7, 5),
        ("0:00", 0, 0),
        ("19:30", 19, 30),
        ("23:59", 23, 59),
        ("7:05 pm", 19, 5),
        ("7:05 PM", 19, 5),
        ("7:05pm", 19, 5),
        ("7:05 p.m.", 19, 5),
        ("7:05 a.m.", 7, 5),
        ("12:30 am", 0, 30),
        ("12:30 pm", 12, 30),
        ("7.30pm", 19, 30),
        ("7 am", 7, 0),
        ("11pm", 23, 0),
        ("seven pm", 19, 0),
        ("7 o'clock", 7, 0),
        ("seven o\u2019clock", 7, 0),
        ("noon", 12, 0),
        ("Midday", 12, 0),
        ("midnight", 0, 0),
        ("half past seven", 7, 30),
        ("quarter past 7", 7, 15),
        ("a quarter to eight", 7, 45),
        ("quarter to eight", 7, 45),
        ("ten past six", 6, 10),
        ("twenty-five to nine", 8, 35),
        ("twenty minutes past four", 4, 20),
        ("half past seven pm", 19, 30),
        ("quarter to one am", 0, 45),
        ("quarter to twelve pm", 11, 45),
    ],
)
def test_a_time_is_read_in_any_common_form(text: str, hour: int, minute: int) -> None:
    assert parse_time(text) == Time(hour, minute)


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "24:00",
        "7:61",
        "7:5",
        "13 pm",
        "0 am",
        "19:30 pm",
        "13 o'clock",
        "7",  # a bare number is not a time
        "7.30",  # without am or pm a dot is a decimal point
        "forty past seven",
        "half past thirteen",
        "1:30:00",
        "noonday",
        "",
    ],
)
def test_impossible_or_unwritten_times_are_refused(text: str) -> None:
    assert parse_time(text) is None


def test_times_are_found_in_a_sentence() -> None:
    text = "Wake me at 7:05 pm, again at half past seven, not at 25:00 or 1:30:00 or 3.14."
    found = find_times(text)
    assert [(f.written, f.value) for f in found] == [
        ("7:05 pm", Time(19, 5)),
        ("half past seven", Time(7, 30)),
    ]
    assert all(text[f.start : f.end] == f.written for f in found)


def test_times_are_not_found_inside_words_dates_or_numbers() -> None:
    assert find_times("Room 7, ISO 2026-11-22, v1.12.30, 10 amps, 5 apples") == []


def test_a_time_prints_on_the_24_hour_clock() -> None:
    assert str(Time(7, 5)) == "07:05"


def test_same_time_compares_what_is_meant() -> None:
    assert same_time("7:05 pm", "19:05")
    assert same_time("noon", Time(12, 0))
    assert not same_time("7:05", "7:05 pm")
    assert not same_time("25:00", "25:00")


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("November 22", Date(11, 22)),
        ("Nov 22", Date(11, 22)),
        ("nov. 22nd", Date(11, 22)),
        ("Sept 3", Date(9, 3)),
        ("November 22, 2026", Date(11, 22, 2026)),
        ("Sunday, November 22, 2026", Date(11, 22, 2026)),
        ("Sun, 22 Nov 2026", Date(11, 22, 2026)),
        ("22 Nov 2026", Date(11, 22, 2026)),
        ("22 November", Date(11, 22)),
        ("the 22nd of November", Date(11, 22)),
        ("2026-11-22", Date(11, 22, 2026)),
        ("22.11.2026", Date(11, 22, 2026)),
        ("11/22", Date(11, 22)),  # month first
        ("3/4", Date(3, 4)),
        ("22/11", Date(11, 22)),  # 22 cannot be a month
        ("11/22/2026", Date(11, 22, 2026)),
        ("11/22/26", Date(11, 22, 2026)),
        ("Feb 29", Date(2, 29)),
        ("Feb 29, 2028", Date(2, 29, 2028)),
    ],
)
def test_a_date_is_read_in_any_common_form(text: str, date: Date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "February 30",
        "Feb 29, 2027",  # not a leap year
        "November 31",
        "13/13",
        "2026-13-01",
        "Monday, November 22, 2026",  # November 22, 2026 is a Sunday
        "Smarch 3",
        "November",
        "22",
        "",
    ],
)
def test_impossible_or_incomplete_dates_are_refused(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("Monday", 0), ("tue", 1), ("Thurs.", 3), ("SUNDAY", 6), ("Funday", None), ("", None)],
)
def test_weekdays_count_from_monday(text: str, weekday: int | None) -> None:
    assert parse_weekday(text) == weekday


FRIDAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", FRIDAY),
        ("Tomorrow", datetime.date(2026, 11, 21)),
        ("yesterday", datetime.date(2026, 11, 19)),
        ("the day after tomorrow", datetime.date(2026, 11, 22)),
        ("Monday", datetime.date(2026, 11, 23)),
        ("Friday", datetime.date(2026, 11, 27)),  # "Today" would be said for today
        ("next Saturday", datetime.date(2026, 11, 21)),
        ("last Friday", datetime.date(2026, 11, 13)),
        ("last Thursday", datetime.date(2026, 11, 19)),
        ("November 22", datetime.date(2026, 11, 22)),  # this year, as phones show it
        ("Jan 3, 2027", datetime.date(2027, 1, 3)),
    ],
)
def test_a_day_is_resolved_from_today(text: str, day: datetime.date) -> None:
    assert resolve_date(text, today=FRIDAY) == day


@pytest.mark.parametrize("text", ["someday", "Feb 29", "next week", ""])
def test_days_that_cannot_be_resolved_are_refused(text: str) -> None:
    assert resolve_date(text, today=FRIDAY) is None


def test_same_date_compares_days_however_written() -> None:
    assert same_date("Nov 22", "2026-11-22")
    assert same_date("11/22/2026", "Sunday, 22 November 2026")
    assert same_date(Date(11, 22), "22.11.2026")
    assert not same_date("Nov 22, 2025", "2026-11-22")
    assert not same_date("Nov 22", "Nov 23")
    assert not same_date("tomorrow", "Nov 21")  # relative words need today
    assert same_date("tomorrow", "Nov 21", today=FRIDAY)
    assert same_date("Sunday", "2026-11-22", today=FRIDAY)
    assert not same_date("Monday", "2026-11-22", today=FRIDAY)
    assert not same_date("someday", "someday", today=FRIDAY)


# -- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90 seconds", 90),
        ("5 min", 300),
        ("5 mins", 300),
        ("two minutes", 120),
        ("a minute", 60),
        ("an hour", 3600),
        ("half an hour", 1800),
        ("a half hour", 1800),
        ("a quarter of an hour", 900),
        ("three quarters of an hour", 2700),
        ("an hour and a half", 5400),
        ("one and a half hours", 5400),
        ("1.5 hours", 5400),
        ("1,5 hours", 5400),
        ("1h 30m", 5400),
        ("1h30m", 5400),
        ("2 hrs 5 mins", 7500),
        ("1 hour, 20 minutes and 5 seconds", 4805),
        ("1 hour 20 minutes, and 5 seconds", 4805),
        ("twenty-five minutes", 1500),
        ("a hundred seconds", 100),
        ("13-minute", 780),
        ("2 days", 172800),
        ("1:30:00", 5400),
        ("1:30", 90),  # m:ss, as Android's timer shows it
        ("05:00", 300),
        ("0:45", 45),
    ],
)
def test_a_duration_is_read_in_seconds(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "30 minutes 1 hour",  # units go from the largest down
        "5 minutes 3 minutes",
        "1:75",
        "1:30:75",
        "hour",
        "5",
        "5 apples",
        "five six minutes",
        "1h 30",
        "and 5 minutes",
        "5 minutes and",
        "",
    ],
)
def test_what_is_not_a_duration_is_refused(text: str) -> None:
    assert parse_duration(text) is None


# -- numbers, amounts, percentages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", "42"),
        ("-3", "-3"),
        ("\u22123.5", "-3.5"),
        ("1,234", "1234"),
        ("1,234,567.89", "1234567.89"),
        ("1.5", "1.5"),
        ("1.234", "1.234"),  # a dot before three digits is still a decimal point
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("5,50", "5.50"),
        ("1 234 567", "1234567"),
        ("1\u202f234,5", "1234.5"),
        ("zero", "0"),
        ("seven", "7"),
        ("twenty-five", "25"),
        ("twenty five", "25"),
        ("a hundred", "100"),
        ("a hundred and five", "105"),
        ("one hundred twenty", "120"),
        ("fifteen hundred", "1500"),
        ("two thousand three hundred and four", "2304"),
        ("a thousand", "1000"),
        ("nine hundred ninety-nine thousand nine hundred ninety-nine", "999999"),
        ("Twenty-Five", "25"),
    ],
)
def test_a_number_is_read_from_digits_or_words(text: str, number: str) -> None:
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize(
    "text",
    [
        "1,234,5",
        "1.23.4",
        "twenty eleven",
        "five six",
        "hundred",
        "zero five",
        "one hundred hundred",
        "two thousand thousand",
        "a",
        "and five",
        "five and",
        "12abc",
        "",
    ],
)
def test_what_is_not_a_number_is_refused(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$5.50", Amount(Decimal("5.50"), "$")),
        ("5,50 €", Amount(Decimal("5.5"), "EUR")),
        ("€5.50", Amount(Decimal("5.5"), "EUR")),
        ("-€3", Amount(Decimal("-3"), "EUR")),
        ("£1,234.56", Amount(Decimal("1234.56"), "GBP")),
        ("1.234,56 €", Amount(Decimal("1234.56"), "EUR")),
        ("1 234,56 €", Amount(Decimal("1234.56"), "EUR")),
        ("EUR 12", Amount(Decimal("12"), "EUR")),
        ("12 usd", Amount(Decimal("12"), "USD")),
        ("US$4", Amount(Decimal("4"), "USD")),
        ("A$ 4", Amount(Decimal("4"), "AUD")),
        ("¥500", Amount(Decimal("500"), "¥")),
        ("12 dollars", Amount(Decimal("12"), "$")),
        ("1 euro", Amount(Decimal("1"), "EUR")),
    ],
)
def test_an_amount_is_read_with_its_currency(text: str, amount: Amount) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    "text", ["5", "5 apples", "dollars 5", "$", "$1,234,5", "EURO", "5 EURx", "5 XYZ", ""]
)
def test_what_is_not_an_amount_is_refused(text: str) -> None:
    assert parse_amount(text) is None


def test_amounts_are_found_in_a_sentence() -> None:
    text = "It costs $5.50, or 5,50 € in Paris; tip 15% of 20 apples."
    found = find_amounts(text)
    assert [(f.written, f.value) for f in found] == [
        ("$5.50", Amount(Decimal("5.50"), "$")),
        ("5,50 €", Amount(Decimal("5.50"), "EUR")),
    ]
    assert all(text[f.start : f.end] == f.written for f in found)


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("15%", "15"),
        ("15 %", "15"),
        ("12.5 percent", "12.5"),
        ("fifteen per cent", "15"),
        ("-2%", "-2"),
    ],
)
def test_a_percentage_is_read_as_its_number(text: str, percent: str) -> None:
    assert parse_percent(text) == Decimal(percent)


@pytest.mark.parametrize("text", ["15", "%", "lots of percent", "15%%", ""])
def test_what_is_not_a_percentage_is_refused(text: str) -> None:
    assert parse_percent(text) is None
