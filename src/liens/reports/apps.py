from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """An app only so that its templates are found (no models)."""

    name = "liens.reports"
    label = "reports"
