from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "liens.reputation"
    label = "reputation"
