"""Every imported row that names a person names it through an identity of that person, so
that an unmerge can move the row with its identity (docs/identity-resolution.md)."""

from __future__ import annotations

from liens.importers.services import import_path
from liens.interactions.models import Invitation, Participant
from liens.people.models import Identity
from liens.reputation.models import Endorsement, Recommendation


def test_each_row_naming_a_person_holds_the_identity_it_came_through(demo_owner, demo):
    for path in (demo.linkedin_zip, demo.vcard, demo.google_csv, demo.mbox, demo.ics):
        assert import_path(owner=demo_owner, path=path).errors == []
    person_of = dict(Identity.objects.filter(owner=demo_owner).values_list("pk", "person_id"))

    for model in (Participant, Invitation, Recommendation, Endorsement):
        rows = list(model.objects.filter(owner=demo_owner).values_list("person_id", "identity_id"))
        assert rows, model.__name__
        assert [(p, i) for p, i in rows if person_of.get(i) != p] == [], model.__name__
