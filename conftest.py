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
