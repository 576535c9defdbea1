from __future__ import annotations

import pytest

from liens.core.scoping import NotFound
from liens.people.models import IdentityKey, Organization
from liens.people.selectors import person_find
from liens.people.services import (
    me_get_or_create,
    me_update,
    my_emails,
    organization_get_or_create,
    person_create,
)


def test_it_records_me_with_name_and_normalised_email_keys(alice):
    me = me_update(owner=alice, name="Camille Laurent", emails=("Camille.Laurent@Gmail.com",))

    assert me.is_me and me.display_name == "Camille Laurent"
    assert me.first_name == "Camille" and me.last_name == "Laurent"
    assert my_emails(owner=alice) == ["Camille.Laurent@Gmail.com"]
    keys = set(IdentityKey.objects.filter(owner=alice).values_list("value", flat=True))
    assert keys == {"camillelaurent@gmail.com"}
    # A second init adds an address without duplicating me or the first one.
    again = me_update(owner=alice, emails=("camille@laurent-conseil.fr",))
    assert again.pk == me.pk == me_get_or_create(owner=alice).pk
    assert my_emails(owner=alice) == ["Camille.Laurent@Gmail.com", "camille@laurent-conseil.fr"]


def test_it_refuses_an_address_that_is_not_one(alice):
    with pytest.raises(ValueError, match="not an email address"):
        me_update(owner=alice, emails=("n/a",))


def test_it_reuses_an_organization_whatever_the_case_and_accents(alice, bob):
    first = organization_get_or_create(owner=alice, name="Société Générale")
    second = organization_get_or_create(owner=alice, name="  SOCIETE   generale ")
    other = organization_get_or_create(owner=bob, name="Société Générale")

    assert first == second != other
    assert Organization.objects.get(pk=first).name == "Société Générale"
    assert organization_get_or_create(owner=alice, name="   ") is None


def test_it_finds_a_person_by_id_folded_name_or_part_and_says_when_ambiguous(alice):
    jp = person_create(owner=alice, name="Jean-Pierre Martin")
    person_create(owner=alice, name="Marie Dubois")
    person_create(owner=alice, name="Marie Durand")

    assert person_find(alice, str(jp.pk)).pk == jp.pk
    assert person_find(alice, "jean-pierre MARTIN").pk == jp.pk
    assert person_find(alice, "Jean-Pierre").pk == jp.pk
    with pytest.raises(NotFound, match="2 persons match"):
        person_find(alice, "Marie")
    with pytest.raises(NotFound, match="nobody matches"):
        person_find(alice, "Zoé")


def test_an_address_declared_mine_after_an_import_stops_being_somebody_else(alice, tmp_path):
    from liens.importers.services import import_path
    from liens.interactions.models import Participant
    from liens.people.models import Identity, Person

    me_update(owner=alice, name="Camille Laurent", emails=("camille.laurent@gmail.com",))
    inbox = tmp_path / "Sent.mbox"
    inbox.write_text(
        "From - Mon Jan 01 10:00:00 2024\n"
        "From: Camille Laurent <camille@laurent-conseil.fr>\n"
        "To: Zoé Lefèvre <zoe@helios.fr>\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
        "Message-ID: <one@example.org>\n\nbody\n",
        encoding="utf-8",
    )
    import_path(owner=alice, path=inbox)
    work = Identity.objects.get(owner=alice, key="email:camille@laurent-conseil.fr")
    assert not work.person.is_me  # the importer could not know

    me = me_update(owner=alice, emails=("camille@laurent-conseil.fr",))

    work.refresh_from_db()
    assert work.person_id == me.pk
    assert not Person.objects.filter(owner=alice, display_name="Camille Laurent", is_me=False)
    assert not Participant.objects.filter(owner=alice, person=me).exists()  # I never take part
