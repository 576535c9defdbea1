"""A big import may set the interaction indexes aside while it writes: whatever happens, the
database ends with every index its migrations made, and the data reads the same."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from liens.importers.indexes import DeferredIndexes
from liens.importers.services import InvalidRecords, import_path
from liens.interactions.models import Interaction, Participant

TABLES = (Interaction, Participant)


def indexes() -> dict[str, dict[str, tuple[tuple[str, ...], bool]]]:
    """Per table, every index by name: (columns, unique), as the database reports them."""
    found = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            constraints = connection.introspection.get_constraints(cursor, table)
            found[table] = {
                name: (tuple(c["columns"]), bool(c["unique"]))
                for name, c in constraints.items()
                if c["index"] or c["unique"]
            }
    return found


def cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size" if connection.vendor == "sqlite" else "SELECT 0")
        return cursor.fetchone()[0]


def test_a_mailbox_imported_into_an_empty_database_leaves_every_index_in_place(demo_owner, demo):
    before, cache = indexes(), cache_size()
    assert any(not unique for table in before.values() for _, unique in table.values())

    summary = import_path(owner=demo_owner, path=demo.mbox)

    assert summary.interactions_added > 100
    assert indexes() == before
    assert cache_size() == cache  # the page cache, made small while indexes are built, is back
    one = Participant.objects.filter(owner=demo_owner).select_related("person").first()
    assert Participant.objects.filter(person=one.person).count() >= 1
    replies = Interaction.objects.filter(owner=demo_owner, reply_to__isnull=False).count()
    assert replies > 0  # reply links are made after the indexes are back


def test_a_failed_import_leaves_every_index_in_place(demo_owner, tmp_path, demo):
    data = demo.mbox.read_bytes()
    path = tmp_path / "Inbox.mbox"
    path.write_bytes(data + b"From x Mon Jan  1 00:00:00 2024\nFrom: a@b.fr\nDate: nonsense\n\nx\n")
    before = indexes()

    with pytest.raises(InvalidRecords):
        import_path(owner=demo_owner, path=path)

    assert indexes() == before
    assert not Interaction.objects.filter(owner=demo_owner).exists()


def test_indexes_are_set_aside_only_for_an_import_as_big_as_what_is_stored(demo_owner, demo):
    import_path(owner=demo_owner, path=demo.mbox)
    stored = Interaction.objects.count()
    before = indexes()

    with transaction.atomic():
        small = DeferredIndexes(TABLES)
        small.consider(stored // 10)
        small.consider(stored * 10)  # decided on the first part that brings rows
        assert indexes() == before

    with transaction.atomic():
        big = DeferredIndexes(TABLES)
        big.consider(stored)
        during = indexes()
        big.restore()
        assert indexes() == before

    if connection.vendor == "sqlite":
        # only the unique ones stay: the import finds stored messages and pairs through them
        assert during == {
            table: {name: kept for name, kept in found.items() if kept[1]}
            for table, found in before.items()
        }
    else:  # DROP INDEX would lock PostgreSQL's readers out until the import commits
        assert during == before
