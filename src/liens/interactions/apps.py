from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "liens.interactions"
    label = "interactions"
