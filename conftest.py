from __future__ import annotations

import pytest


@pytest.fixture
def alice(db):
    from liens.testing import persona

    return persona("alice")


@pytest.fixture
def bob(db):
    from liens.testing import persona

    return persona("bob")


@pytest.fixture
def charlie(db):
    from liens.testing import persona

    return persona("charlie")


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo's export files at a small size, written once for every module reading them
    (read only: a test that alters one works on a copy)."""
    from liens.demo.generator import generate

    return generate(tmp_path_factory.mktemp("demo"), size=150, seed=11)


@pytest.fixture
def demo_owner(alice, demo):
    """Alice, told the demo owner's name and addresses, so that their mail is outbound."""
    from liens.people.services import me_update

    me_update(owner=alice, name=demo.owner_name, emails=demo.owner_emails)
    return alice


@pytest.fixture
def language():
    """Gives back the language in force: `--lang` sets it for the whole process."""
    from django.utils import translation

    from liens import i18n

    before, django_before = i18n.active_language(), translation.get_language()
    yield
    i18n.activate(before)
    translation.activate(django_before)


@pytest.fixture
def terminal_user(alice, tmp_path, monkeypatch):
    """alice as the user an in-process `liens` command works for, on the test database."""
    import os

    monkeypatch.setenv("LIENS_USER", alice.username)
    monkeypatch.setenv("LIENS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", os.environ["DJANGO_SETTINGS_MODULE"])
    for name in ("LIENS_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return alice
