from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from liens.cli.when import parse_when

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "delta"),
    [("now", 0), ("3d", 3 * 24), ("2h", 2), ("1w", 7 * 24), ("3j", 72), ("yesterday", 24)],
)
def test_it_reads_relative_times(text, delta, settings):
    assert abs(parse_when(text, NOW) - (NOW - timedelta(hours=delta))) < timedelta(seconds=1)


def test_it_reads_iso_dates_in_the_local_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    parsed = parse_when("2026-11-20T14:30", NOW)
    assert parsed.astimezone(UTC) == datetime(2026, 11, 20, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["next tuesday", "2026-13-01", "2027-01-01"])
def test_it_refuses_what_it_cannot_read_or_the_future(text, settings):
    with pytest.raises(ValueError):
        parse_when(text, NOW)
