from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "liens.importers"
    label = "importers"
