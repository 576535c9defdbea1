"""A vCard file imported through the service: what the identity loader leaves behind.

The loader pauses Python's cyclic garbage collector while it writes a file's identities
(bulk.py, `gc_paused`); a long-running process (the web page imports in the background)
must get it back as it was, whether the import succeeds or fails.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pytest

from liens.importers import load
from liens.importers.services import import_path
from liens.importers.tests.vcard_helpers import random_contacts, write_book
from liens.people.models import Identity, IdentityKey

CONTACTS = random_contacts(40, seed=2)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.vcf"
    write_book(path, CONTACTS)
    return path


@pytest.fixture
def gc_state() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def e164(number: str) -> str:
    """What phonenumbers alone makes of a French mobile: its E.164 form when it is valid."""
    parsed = phonenumbers.parse(number, "FR")
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def test_it_keys_every_card_by_the_number_phonenumbers_gives(alice, book: Path) -> None:
    summary = import_path(owner=alice, path=book)
    assert summary.identities_added == Identity.objects.filter(owner=alice).count() == 40
    # one `+33 6 …` per card, written in the three dialects (`tel:+33-6-…` in 4.0); card 39's
    # `+33 6 39 …` is in a range no operator holds, so it gives no key
    expected = {e164(number) for _, contact in CONTACTS for number in contact.phones} - {""}
    assert len(expected) == 39
    keys = IdentityKey.objects.filter(owner=alice, kind="phone").values_list("value", flat=True)
    assert sorted(keys) == sorted(expected)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(
    alice, book: Path, gc_state: None, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    import_path(owner=alice, path=book)
    assert gc.isenabled() is enabled


def test_a_failed_load_turns_the_garbage_collector_back_on(
    alice, book: Path, gc_state: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[int]:
        assert not gc.isenabled()  # paused while the rows are written
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "insert_rows", broken)
    gc.enable()
    with pytest.raises(RuntimeError, match="disk full"):
        import_path(owner=alice, path=book)
    assert gc.isenabled()
    assert not Identity.objects.filter(owner=alice).exists()
