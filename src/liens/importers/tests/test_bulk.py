"""Rows written by the bulk writer read back through the ORM exactly as Django wrote them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone as dj_timezone

from liens.importers.bulk import insert_rows
from liens.people.models import Identity, IdentityKey, Organization, Person, Position
from liens.ties.models import Tie


def test_it_stores_datetimes_and_json_as_the_orm_does(alice):
    ana, max_ = (Person.objects.create(owner=alice, display_name=n) for n in ("Ana", "Max"))
    seen = datetime(2024, 12, 16, 19, 24, 37, 123456, tzinfo=timezone(timedelta(hours=1)))
    reasons = [{"code": "last_two_way", "note": 'café "quoted"'}]
    columns = (
        "owner_id",
        "person_id",
        "score",
        "tie_class",
        "reasons",
        "last_two_way_at",
        "computed_at",
    )
    (bulk_id,) = insert_rows(Tie, columns, [(alice.pk, ana.pk, 0.5, "weak", reasons, seen, seen)])
    orm = Tie.objects.create(
        owner=alice,
        person=max_,
        score=0.5,
        tie_class="weak",
        reasons=reasons,
        last_two_way_at=seen,
        computed_at=seen,
    )

    bulk = Tie.objects.get(pk=bulk_id)
    orm.refresh_from_db()
    assert bulk.last_two_way_at == orm.last_two_way_at == seen
    assert bulk.computed_at.astimezone(UTC) == datetime(2024, 12, 16, 18, 24, 37, 123456, UTC)
    assert bulk.reasons == orm.reasons == reasons
    # Lookups compare the stored text/timestamps: both rows must answer alike.
    assert set(Tie.objects.filter(last_two_way_at=seen).values_list("pk", flat=True)) == {
        bulk.pk,
        orm.pk,
    }
    assert Tie.objects.filter(computed_at__lt=dj_timezone.now()).count() == 2


def test_it_stores_dates_and_nulls_as_the_orm_does(alice):
    ana = Person.objects.create(owner=alice, display_name="Ana")
    org = Organization.objects.create(owner=alice, name="Acme", name_key="acme")
    columns = (
        "owner_id",
        "person_id",
        "organization_id",
        "title",
        "location",
        "started_on",
        "finished_on",
        "description",
    )
    ids = insert_rows(
        Position,
        columns,
        [(alice.pk, ana.pk, org.pk, "DRH", "", date(2018, 6, 1), None, "")],
    )
    stored = Position.objects.get(pk=ids[0])
    assert (stored.started_on, stored.finished_on) == (date(2018, 6, 1), None)
    assert Position.objects.filter(started_on__year=2018).count() == 1


def test_it_skips_conflicting_rows_when_asked(alice):
    person = Person.objects.create(owner=alice, display_name="Ana")
    identity = Identity.objects.create(owner=alice, person=person, source="vcard", key="uid:1")
    columns = ("owner_id", "identity_id", "kind", "value")
    insert_rows(IdentityKey, columns, [(alice.pk, identity.pk, "email", "ana@example.fr")])
    insert_rows(
        IdentityKey,
        columns,
        [
            (alice.pk, identity.pk, "email", "ana@example.fr"),
            (alice.pk, identity.pk, "phone", "+33612345678"),
        ],
        returning=False,
        ignore_conflicts=True,
    )
    stored = sorted(IdentityKey.objects.values_list("kind", "value"))
    assert stored == [("email", "ana@example.fr"), ("phone", "+33612345678")]


@pytest.mark.parametrize("count", [1, 255, 256, 257, 1000])
def test_it_returns_the_id_of_each_row_in_the_order_given(alice, count):
    # the loader pairs each interaction with its participants through these ids
    names = [f"Org {i:04d}" for i in range(count)]
    rows = [(alice.pk, n, n.lower()) for n in names]
    ids = insert_rows(Organization, ("owner_id", "name", "name_key"), rows)

    stored = dict(Organization.objects.filter(owner=alice).values_list("pk", "name"))
    assert len(set(ids)) == count
    assert [stored[i] for i in ids] == names


def test_ids_follow_the_rows_after_deletions(alice):
    # a table keeps counting past deleted rows: ids must still be those of the rows written
    columns = ("owner_id", "name", "name_key")
    first = insert_rows(Organization, columns, [(alice.pk, n, n.lower()) for n in "ABC"])
    Organization.objects.filter(pk__in=first[1:]).delete()
    names = [f"Org {i}" for i in range(300)]
    ids = insert_rows(Organization, columns, [(alice.pk, n, n.lower()) for n in names])

    stored = dict(Organization.objects.filter(owner=alice).values_list("pk", "name"))
    assert [stored[i] for i in ids] == names
    assert min(ids) > max(first)


@pytest.mark.parametrize("micro", [0, 7])
def test_it_stores_utc_datetimes_as_the_orm_does(alice, micro):
    # importers hand over UTC datetimes, with or without microseconds
    ana, max_ = (Person.objects.create(owner=alice, display_name=n) for n in ("Ana", "Max"))
    seen = datetime(2024, 2, 29, 23, 59, 59, micro, tzinfo=UTC)
    columns = ("owner_id", "person_id", "score", "tie_class", "reasons", "computed_at")
    (bulk_id,) = insert_rows(Tie, columns, [(alice.pk, ana.pk, 0.1, "weak", [], seen)])
    orm = Tie.objects.create(
        owner=alice, person=max_, score=0.1, tie_class="weak", computed_at=seen
    )

    assert Tie.objects.get(pk=bulk_id).computed_at == seen
    assert set(Tie.objects.filter(computed_at=seen).values_list("pk", flat=True)) == {
        bulk_id,
        orm.pk,
    }


def test_a_failing_insert_leaves_nothing_once_its_transaction_is_undone(alice):
    columns = ("owner_id", "name", "name_key")
    insert_rows(Organization, columns, [(alice.pk, "Acme", "acme")])
    rows = [(alice.pk, "Beta", "beta"), (alice.pk, "Gamma", "gamma"), (alice.pk, "ACME", "acme")]

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Organization, columns, rows)  # the third row is a second "acme"

    assert list(Organization.objects.values_list("name", flat=True)) == ["Acme"]
