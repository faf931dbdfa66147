"""Values in text: phone numbers, times, dates, durations, numbers, amounts and percentages.

A planner carries values from one app to another and a checker compares what a screen
shows with what was asked, so both read values here, the same way. `parse_*` reads a whole
text as one value (None when it is not one); `find_*` picks values out of a sentence with
where each was written. The language read is English, in the forms Android's English
locales write; where the written forms of countries disagree, each parser says which it
assumes and why. Nothing here guesses past what the text says: an ambiguous or impossible
value (`25:00`, `February 30`) is refused rather than repaired.

    lexicon.values.found       `Found`: a value and where in the text it was written
    lexicon.values.numbers     numbers in digits or words, and percentages
    lexicon.values.amounts     sums of money and their currencies
    lexicon.values.phones      phone numbers
    lexicon.values.times       times of day
    lexicon.values.dates       calendar dates, weekdays, and the days relative words mean
    lexicon.values.durations   lengths of time
"""

from lexicon.values.amounts import Amount, find_amounts, parse_amount
from lexicon.values.dates import Date, parse_date, parse_weekday, resolve_date, same_date
from lexicon.values.durations import parse_duration
from lexicon.values.found import Found
from lexicon.values.numbers import parse_number, parse_percent
from lexicon.values.phones import Phone, find_phones, parse_phone, same_phone
from lexicon.values.times import Time, find_times, parse_time, same_time

__all__ = [
    "Amount",
    "Date",
    "Found",
    "Phone",
    "Time",
    "find_amounts",
    "find_phones",
    "find_times",
    "parse_amount",
    "parse_date",
    "parse_duration",
    "parse_number",
    "parse_percent",
    "parse_phone",
    "parse_time",
    "parse_weekday",
    "resolve_date",
    "same_date",
    "same_phone",
    "same_time",
]
