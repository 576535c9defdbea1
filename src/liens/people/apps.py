from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "liens.people"
    label = "people"
