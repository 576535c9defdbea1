"""ImportRun: one `liens import`, so every row can say where it came from."""

from __future__ import annotations

from django.db import models

from liens.core.models import OwnedModel


class ImportRun(OwnedModel):
    source = models.CharField(max_length=40)
    path = models.CharField(max_length=1000, help_text="what the user gave, as given")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    failed = models.BooleanField(default=False)
    # When the months of the persons it touched were summed again (HistoryMonth): left to
    # the next recomputation of every tie, which a 1 GB mailbox import would wait 2 to 4 s
    # more for (liens.interactions.history.history_catch_up).
    months_summed_at = models.DateTimeField(null=True, blank=True)
