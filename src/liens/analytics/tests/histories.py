"""Hand-written histories for the regularity and outreach tests, as the diagnosis reads them
(PARTICIPATIONS_SCHEMA): one call per interaction, one row per person in it."""

from __future__ import annotations

import polars as pl

from liens.analytics.regularity import PARTICIPATIONS_SCHEMA


class History:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.last_id = 0

    def add(self, persons, when, channel="email", direction="outbound", thread="", reply_to=None):
        self.last_id += 1
        for person in persons if isinstance(persons, list) else [persons]:
            self.rows.append((self.last_id, person, when, channel, direction, thread, reply_to))
        return self.last_id

    def cold_email(self, person, when, channel="email"):
        return self.add(person, when, channel, thread=f"t{person}")

    def reply(self, person, when, channel="email"):
        return self.add(person, when, channel, "inbound", thread=f"t{person}")

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema=PARTICIPATIONS_SCHEMA, orient="row")
