from django.apps import AppConfig


class TiesConfig(AppConfig):
    name = "liens.ties"
    label = "ties"
