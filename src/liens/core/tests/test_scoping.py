from __future__ import annotations

import pytest
from django.db import IntegrityError

from liens.core.scoping import NotFound, get_owned, owned
from liens.people.models import Identity, Person
from liens.people.selectors import person_find, person_list
from liens.people.services import person_create


def test_it_shows_each_owner_only_their_own_persons(alice, bob, charlie):
    mine = person_create(owner=alice, name="Marie Dubois")
    person_create(owner=bob, name="Marie Dubois")

    assert list(owned(Person, alice)) == [mine]
    assert [p.pk for p in person_list(alice)] == [mine.pk]
    assert person_list(charlie) == []


def test_it_answers_not_found_for_another_owners_id(alice, charlie):
    mine = person_create(owner=alice, name="Jean-Pierre Martin")

    assert get_owned(Person, alice, pk=mine.pk) == mine
    with pytest.raises(NotFound):
        get_owned(Person, charlie, pk=mine.pk)
    with pytest.raises(NotFound):
        person_find(charlie, str(mine.pk))
    with pytest.raises(NotFound):
        person_find(charlie, "Jean-Pierre")


def test_it_allows_the_same_source_key_for_two_owners_but_not_twice_for_one(alice, bob):
    url = "https://www.linkedin.com/in/jp-martin"
    for owner in (alice, bob):
        person = Person.objects.create(owner=owner, display_name="JP")
        Identity.objects.create(owner=owner, person=person, source="linkedin", key=url)

    person = Person.objects.create(owner=alice, display_name="JP bis")
    with pytest.raises(IntegrityError):
        Identity.objects.create(owner=alice, person=person, source="linkedin", key=url)


def test_it_keeps_one_me_per_owner(alice, bob):
    Person.objects.create(owner=alice, display_name="Alice", is_me=True)
    Person.objects.create(owner=bob, display_name="Bob", is_me=True)
    with pytest.raises(IntegrityError):
        Person.objects.create(owner=alice, display_name="Alice again", is_me=True)
