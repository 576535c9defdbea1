"""Django settings: a local application first, a team server when configured."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from liens import env

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("LIENS_SECRET_KEY", "liens-local-only-not-a-secret")
DEBUG = os.environ.get("LIENS_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("LIENS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "liens.core",
    "liens.people",
    "liens.interactions",
    "liens.reputation",
    "liens.ties",
    "liens.projects",
    "liens.importers",
    "liens.reports",  # no models: the templates of the HTML diagnosis
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "liens.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": env.database_config(env.database_url())}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("LIENS_TIME_ZONE", "Europe/Paris")

# Personal data never goes into logs: only liens' own warnings, no SQL, no request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"django.db.backends": {"handlers": ["null"], "propagate": False}},
}
