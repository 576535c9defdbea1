from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liens.core"
    label = "core"
