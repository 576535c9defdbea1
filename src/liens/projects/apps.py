from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "liens.projects"
    label = "projects"
