"""The only step that writes imported records: one transaction per file, in bulk.

Stable source keys make it idempotent: a record whose (source, key) is stored already is
an update at most, never a second row. Persons are matched across sources by exact keys
only (profile URL, normalised email, E.164 phone); fuzzy resolution is its own step.
Every row naming a person names it through one identity, stored with the row, so that an
unmerge can move the row with its identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from liens.core.text import fold
from liens.importers.base import (
    InteractionBatch,
    ParsedFile,
    PersonRef,
    RawEndorsement,
    RawIdentity,
    RawInteraction,
    RawInvitation,
    RawProfile,
    RawRecommendation,
    Record,
)
from liens.importers.bulk import insert_rows
from liens.importers.gcpause import gc_paused
from liens.importers.identity_rows import (
    IDENTITY_FIELDS,
    IDENTITY_META,
    PERSON_FIELDS,
    identity_keys,
    identity_values,
    person_fields,
)
from liens.importers.load_interactions import (
    insert_interactions,
    insert_participants,
    stored_keys,
)
from liens.importers.models import ImportRun
from liens.importers.normalize import email_key
from liens.interactions.models import Interaction, Invitation
from liens.people.models import Education, Identity, IdentityKey, KeyKind, Person, Position
from liens.people.services import me_get_or_create, organization_get_or_create
from liens.reputation.models import Endorsement, Recommendation

MENTIONS_PER_INSERT = 2048  # invitations, recommendations, endorsements per bulk_create

# Files are written in this order so that messages find the connections they mention.
_RANK = {
    RawProfile: 0,
    RawIdentity: 1,
    RawInvitation: 2,
    RawRecommendation: 3,
    RawEndorsement: 3,
    RawInteraction: 4,
    InteractionBatch: 4,
}


def load_order(parsed: ParsedFile) -> int:
    return min((_RANK[type(r)] for r in parsed.records), default=9)


@dataclass
class FileStats:
    identities_added: int = 0
    identities_updated: int = 0
    interactions_added: int = 0
    records_added: int = 0  # invitations, recommendations, endorsements
    skipped: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_role = attrgetter("role")
_cut_role = itemgetter(slice(20))  # Participant.role's length
# The same addresses come back in every message of a mailbox and in every re-import.
_email_key = lru_cache(maxsize=1 << 16)(email_key)


def _ref_keys(ref: PersonRef) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if ref.profile_url:
        keys.append((KeyKind.LINKEDIN, ref.profile_url))
    key = ref.email and _email_key(ref.email)
    if key:
        keys.append((KeyKind.EMAIL, key))
    return keys


class Loader:
    """Writes the parsed files of one import run for one owner."""

    def __init__(self, owner: AbstractBaseUser, run: ImportRun) -> None:
        self.owner = owner
        self.run = run
        self.me = me_get_or_create(owner=owner)
        self.orgs: dict[str, int] = {}
        self._keys: dict[tuple[str, str], int] | None = None
        self._names: dict[tuple[str, str], int | None] | None = None
        self.person_of: dict[int, int] = {}  # identity id → person id, of identities met
        self.stats = FileStats()  # of the file being loaded; persons met on the way count
        self._refs: dict[tuple[str, str, str, str], int | None] = {}  # → identity id
        # source → id(ref) → identity id, and the same → person id (see `_refs_of`)
        self._ref_identities: dict[str, dict[int, int | None]] = {}
        self._ref_persons: dict[str, dict[int, int | None]] = {}
        self._ref_objects: dict[str, list[PersonRef]] = {}  # the refs, kept alive
        # source → the streamed file that wrote it first, into a table that held none of it
        self._first_writer: dict[str, str] = {}

    # --- lookups -------------------------------------------------------------------
    @property
    def keys(self) -> dict[tuple[str, str], int]:
        """(kind, value) → id of the oldest identity holding it, for every stored key of
        the owner (its person in `person_of`)."""
        if self._keys is None:
            rows = (
                IdentityKey.objects.filter(owner=self.owner)
                .order_by("-identity_id")  # the oldest identity written last, so it wins
                .values_list("kind", "value", "identity_id", "identity__person_id")
            )
            self._keys = {}
            for kind, value, iid, pid in rows:
                self._keys[(kind, value)] = iid
                self.person_of[iid] = pid
        return self._keys

    @property
    def names(self) -> dict[tuple[str, str], int | None]:
        """(source, folded name) → identity id, None when two persons share the name."""
        if self._names is None:
            self._names = {}
            rows = (
                Identity.objects.filter(owner=self.owner)
                .order_by("pk")
                .values_list("source", "display_name", "pk", "person_id")
            )
            for source, name, iid, pid in rows:
                self.person_of[iid] = pid
                self._remember_name(source, name, iid)
        return self._names

    def _remember_name(self, source: str, name: str, identity_id: int) -> None:
        """The first identity of a name stands for it, unless another person has it too."""
        if self._names is None:  # not loaded yet: it will read this identity from the database
            return
        folded = fold(name)
        if not folded:
            return
        known = self._names.setdefault((source, folded), identity_id)
        if known is not None and self.person_of[known] != self.person_of[identity_id]:
            self._names[(source, folded)] = None

    def _match(self, keys: list[tuple[str, str]]) -> int | None:
        for key in keys:
            if key in self.keys:
                return self.keys[key]
        return None

    # --- entry point -----------------------------------------------------------------
    def load(self, parsed: ParsedFile) -> FileStats:
        """Write one file in one transaction; on failure forget what the caches learnt."""
        try:
            # 50,000 cards: 1.2 s of 5.4 s went to the cyclic GC; a mailbox part the same
            with transaction.atomic(), gc_paused():
                return self._load(parsed)
        except BaseException:
            self._keys = self._names = None
            self.orgs.clear()
            self.person_of.clear()
            self._refs.clear()
            self._ref_identities.clear()
            self._ref_persons.clear()
            self._ref_objects.clear()
            self._first_writer.clear()
            raise

    def _load(self, parsed: ParsedFile) -> FileStats:
        stats = self.stats = FileStats(skipped=parsed.skipped)
        groups: dict[type, list[Record]] = {}
        for record in parsed.records:
            groups.setdefault(type(record), []).append(record)
        for profile in groups.get(RawProfile, []):
            self._load_profile(profile, parsed.name)  # type: ignore[arg-type]
        if RawIdentity in groups:
            self._load_identities(groups[RawIdentity], parsed.name, stats)  # type: ignore[arg-type]
        batches: list[InteractionBatch] = groups.get(InteractionBatch, [])  # type: ignore[assignment]
        batches += InteractionBatch.of(groups.get(RawInteraction, []))  # type: ignore[arg-type]
        for batch in batches:
            self._load_interactions(batch, parsed.name, stats, parsed.read is not None)
        for kind in (RawInvitation, RawRecommendation, RawEndorsement):
            if kind in groups:
                self._load_mentions(groups[kind], parsed.name, stats)
        return stats

    # --- identities --------------------------------------------------------------------
    def _provenance(self, file: str, line: int | None) -> dict[str, Any]:
        return {"import_run": self.run, "source_file": file[:500], "source_line": line}

    def _person_fields(self, raw: RawIdentity) -> dict[str, Any]:
        return person_fields(self.owner, raw, self.orgs)

    def _identity_fields(self, raw: RawIdentity) -> dict[str, Any]:
        return dict(zip(IDENTITY_FIELDS, identity_values(raw), strict=True))

    def _load_identities(self, raws: list[RawIdentity], file: str, stats: FileStats) -> None:
        raws = list({(r.source, r.key): r for r in raws}.values())  # last row wins
        existing: dict[tuple[str, str], Identity] = {}
        stored = {  # a first import of a source has nothing to look up, 500 keys at a time
            s
            for s in {r.source for r in raws}
            if Identity.objects.filter(owner=self.owner, source=s).exists()
        }
        for chunk in _chunks([r for r in raws if r.source in stored]):
            for source in {r.source for r in chunk}:
                keys = [r.key for r in chunk if r.source == source]
                for identity in Identity.objects.filter(
                    owner=self.owner, source=source, key__in=keys
                ):
                    existing[(identity.source, identity.key)] = identity
        new = [r for r in raws if (r.source, r.key) not in existing]
        self._create_identities(new, file)
        for raw in raws:
            identity = existing.get((raw.source, raw.key))
            if identity is not None and self._update_identity(identity, raw, file):
                stats.identities_updated += 1

    def _create_identities(self, raws: list[RawIdentity], file: str) -> list[int]:
        """New identities, each with its person: the one its exact keys point to, or new.
        Returns their ids, in order."""
        self.stats.identities_added += len(raws)
        owner_id, known, now = self.owner.pk, self.keys, timezone.now()
        person_of: list[int] = []
        new_persons: list[tuple[Any, ...]] = []
        placeholders: list[tuple[str, str]] = []
        keys_of: list[list[tuple[str, str]]] = []
        for index, raw in enumerate(raws):
            keys = identity_keys(raw)
            keys_of.append(keys)
            iid = next((known[key] for key in keys if key in known), None)
            if iid is None:
                person = self._person_fields(raw)
                new_persons.append(
                    (owner_id, False, "", "", now, *[person[f] for f in PERSON_FIELDS])
                )
                pid = -len(new_persons)  # placeholder until the insert gives ids
            else:  # an identity stored before, or one of the rows before this one
                pid = person_of[-iid - 1] if iid < 0 else self.person_of[iid]
            person_of.append(pid)
            for key in keys:  # later rows of the same file find this identity
                if key not in known:
                    known[key] = -(index + 1)  # placeholder until the insert gives ids
                    placeholders.append(key)
        person_ids = insert_rows(
            Person,
            ("owner_id", "is_me", "closeness", "notes", "created_at", *PERSON_FIELDS),
            new_persons,
        )
        real = {-(i + 1): pk for i, pk in enumerate(person_ids)}
        person_of = [real.get(pid, pid) for pid in person_of]
        run_id, file = self.run.pk, file[:500]
        values = [identity_values(raw) for raw in raws]
        identity_ids = insert_rows(
            Identity,
            (*IDENTITY_META, *IDENTITY_FIELDS),
            [
                (owner_id, pid, raw.source, raw.key[:500], run_id, file, raw.line, now, now, *row)
                for raw, pid, row in zip(raws, person_of, values, strict=True)
            ],
        )
        for key in placeholders:
            known[key] = identity_ids[-known[key] - 1]
        self.person_of.update(zip(identity_ids, person_of, strict=True))
        self._store_key_rows(
            (iid, kind, value)
            for iid, keys in zip(identity_ids, keys_of, strict=True)
            for kind, value in keys
        )
        if self._names is not None:
            for raw, row, iid in zip(raws, values, identity_ids, strict=True):
                self._remember_name(raw.source, row[0], iid)
        return identity_ids

    def _store_key_rows(self, rows: Iterable[tuple[int, str, str]]) -> None:
        owner_id = self.owner.pk
        insert_rows(
            IdentityKey,
            ("owner_id", "identity_id", "kind", "value"),
            [(owner_id, iid, kind, value[:500]) for iid, kind, value in rows],
            returning=False,
            ignore_conflicts=True,
        )

    def _store_keys(self, pairs: Iterable[tuple[Identity, RawIdentity]]) -> None:
        self._store_key_rows(
            (identity.pk, kind, value)
            for identity, raw in pairs
            for kind, value in identity_keys(raw)
        )

    def _update_identity(self, identity: Identity, raw: RawIdentity, file: str) -> bool:
        """A newer export of the same record: store what changed, and say whether it did."""
        fields = self._identity_fields(raw)
        changed = [name for name, value in fields.items() if getattr(identity, name) != value]
        if not changed:
            return False
        for name in changed:
            setattr(identity, name, fields[name])
        for name, value in self._provenance(file, raw.line).items():
            setattr(identity, name, value)
        identity.save()
        self._store_keys([(identity, raw)])
        if {"organization_name", "title"} & set(changed):
            fields = self._person_fields(raw)
            Person.objects.filter(pk=identity.person_id).update(
                title=fields["title"], organization_id=fields["organization_id"]
            )
        return True

    # --- persons mentioned by other records ----------------------------------------------
    def identity_for(self, ref: PersonRef, source: str, file: str, line: int | None) -> int | None:
        """The identity a reference points at (its person in `person_of`): the one holding
        its exact key, else the one of its name, else a new one with a new person."""
        memo = (ref.name, ref.profile_url, ref.email, source)
        if memo not in self._refs:
            self._refs[memo] = self._identity_for(ref, source, file, line)
        return self._refs[memo]

    def prefetch_identities(
        self, refs: Iterable[tuple[PersonRef, str, int | None]], file: str
    ) -> None:
        """Resolve many references at once: a mailbox names thousands of new correspondents,
        and one query plus one insert for all of them beats a round trip each."""
        pending: dict[tuple[str, str, str, str], list[tuple[str, str]]] = {}
        new: dict[tuple[str, str], RawIdentity] = {}
        for ref, source, line in refs:
            memo = (ref.name, ref.profile_url, ref.email, source)
            if memo in self._refs or memo in pending:
                continue
            keys = _ref_keys(ref)
            if not keys:
                continue  # name-only: those go one by one through identity_for
            iid = self._match(keys)
            if iid is not None:
                self._refs[memo] = iid
                continue
            pending[memo] = keys
            key = ref.profile_url or f"email:{keys[0][1]}"
            new.setdefault(
                (source, key),
                RawIdentity(
                    source=source,
                    key=key,
                    line=line,
                    display_name=ref.name,
                    emails=(ref.email,) if ref.email else (),
                    profile_url=ref.profile_url,
                ),
            )
        for source in sorted({s for s, _ in new}):
            keys = [k for s, k in new if s == source]
            for start in range(0, len(keys), 900):
                for key, iid, pid in Identity.objects.filter(
                    owner=self.owner, source=source, key__in=keys[start : start + 900]
                ).values_list("key", "pk", "person_id"):
                    raw = new.pop((source, key))
                    self.person_of[iid] = pid
                    for kind_value in identity_keys(raw):
                        self.keys.setdefault(kind_value, iid)
        self._create_identities(list(new.values()), file)
        for memo, keys in pending.items():
            self._refs[memo] = self._match(keys)

    def _identity_for(self, ref: PersonRef, source: str, file: str, line: int | None) -> int | None:
        keys = _ref_keys(ref)
        iid = self._match(keys)
        if iid is not None:
            return iid
        folded = fold(ref.name)
        if not keys:
            if not folded:
                return None
            iid = self.names.get((source, folded))
            if iid is not None:
                return iid
        if ref.profile_url:
            key = ref.profile_url
        elif keys:
            key = f"email:{keys[0][1]}"
        else:
            key = f"name:{folded}"
        existing = Identity.objects.filter(owner=self.owner, source=source, key=key).first()
        if existing is not None:
            self.person_of[existing.pk] = existing.person_id
            return existing.pk
        raw = RawIdentity(
            source=source,
            key=key,
            line=line,
            display_name=ref.name,
            emails=(ref.email,) if ref.email else (),
            profile_url=ref.profile_url,
        )
        (iid,) = self._create_identities([raw], file)
        return iid

    def _load_interactions(
        self, batch: InteractionBatch, file: str, stats: FileStats, streamed: bool
    ) -> None:
        if not batch:
            return
        if not (streamed and self._writes_alone(batch.source, file)):
            keys = [key[:500] for key in batch.keys]
            stored = stored_keys(self.owner.pk, batch.source, keys)
            if stored:
                batch = batch.take([i for i, key in enumerate(keys) if key not in stored])
        self._insert_interactions(batch, file)
        stats.interactions_added += len(batch)

    def _writes_alone(self, source: str, file: str) -> bool:
        """Is `file` the only one to have written `source`, in a table that held none of it
        before? Then none of its keys can be stored yet: a streamed parser never repeats a
        key across the parts of a file (a mailbox drops repeated Message-IDs), so looking
        them up can be skipped (1 GB mailbox: -3.5% instructions in the importing process)."""
        if source not in self._first_writer:
            stored = Interaction.objects.filter(owner=self.owner, source=source).exists()
            self._first_writer[source] = "" if stored else file
        return self._first_writer[source] == file

    def _insert_interactions(self, batch: InteractionBatch, file: str) -> None:
        """The interactions and, column by column, who took part and through which identity:
        each person once per interaction (the unique pair skips a second address of the same
        person), never me."""
        if not batch:
            return
        refs = list(map(id, batch.participants))
        iid_of, pid_of = self._refs_of(batch, refs, file)
        owner_id = self.owner.pk
        ids = insert_interactions(owner_id=owner_id, run_id=self.run.pk, file=file, batch=batch)
        columns = [
            [owner_id] * len(refs),
            list(chain.from_iterable(map(repeat, ids, batch.people))),
            list(map(pid_of.__getitem__, refs)),
            list(map(iid_of.__getitem__, refs)),
            list(map(_cut_role, map(_role, batch.participants))),
        ]
        skip = {None, self.me.pk}  # nobody to name, or me
        if not skip.isdisjoint(columns[2]):
            keep = [pid not in skip for pid in columns[2]]
            columns = [list(compress(column, keep)) for column in columns]
        insert_participants(columns)

    def _refs_of(
        self, batch: InteractionBatch, refs: list[int], file: str
    ) -> tuple[dict[int, int | None], dict[int, int | None]]:
        """Identity and person of every PersonRef of `batch` (`refs`: their id()s), by the
        ref's id(). A mailbox names each correspondent with one shared PersonRef object: each
        distinct object is resolved once in the whole import, then found by identity
        (`_ref_objects` holds it, so its id stays its own), not by hashing its fields for
        each of 300,000 participants."""
        source = batch.source
        iid_of = self._ref_identities.setdefault(source, {})
        pid_of = self._ref_persons.setdefault(source, {})
        if iid_of.keys() >= set(refs):  # most parts of a mailbox
            return iid_of, pid_of
        fresh: dict[int, tuple[PersonRef, int | None]] = {}
        lines = chain.from_iterable(map(repeat, batch.lines, batch.people))
        for ref, line in zip(batch.participants, lines, strict=True):
            if id(ref) not in iid_of:
                fresh.setdefault(id(ref), (ref, line))
        self.prefetch_identities(((ref, source, line) for ref, line in fresh.values()), file)
        objects = self._ref_objects.setdefault(source, [])
        person_of = self.person_of
        for ident, (ref, line) in fresh.items():
            iid = iid_of[ident] = self.identity_for(ref, source, file, line)
            pid_of[ident] = None if iid is None else person_of[iid]
            objects.append(ref)
        return iid_of, pid_of

    def _load_mentions(self, raws: list[Record], file: str, stats: FileStats) -> None:
        """Invitations, recommendations and endorsements: one row each, linked to a person."""
        model = {
            RawInvitation: Invitation,
            RawRecommendation: Recommendation,
            RawEndorsement: Endorsement,
        }[type(raws[0])]
        by_key = {(r.source, r.key): r for r in raws}  # type: ignore[union-attr]
        stored: set[tuple[str, str]] = set()
        for chunk in _chunks(list(by_key)):
            stored.update(
                model.objects.filter(
                    owner=self.owner,
                    source__in={s for s, _ in chunk},
                    key__in=[k for _, k in chunk],
                ).values_list("source", "key")
            )
        rows = []
        for (source, key), raw in by_key.items():
            if (source, key) in stored:
                continue
            iid = self.identity_for(raw.person, source, file, raw.line)  # type: ignore[union-attr]
            if iid is None:
                stats.skipped += 1
                continue
            rows.append(
                model(
                    owner=self.owner,
                    person_id=self.person_of[iid],
                    identity_id=iid,
                    source=source,
                    key=key[:500],
                    **_mention_fields(raw),
                    **self._provenance(file, raw.line),  # type: ignore[union-attr]
                )
            )
        model.objects.bulk_create(rows, batch_size=MENTIONS_PER_INSERT)
        stats.records_added += len(rows)
        if rows:
            stats.by_kind[model._meta.model_name] = len(rows)

    # --- me --------------------------------------------------------------------------
    def _load_profile(self, profile: RawProfile, file: str) -> None:
        """What the export says about me: my name, addresses, jobs and schools."""
        me = self.me
        name = " ".join(p for p in (profile.first_name, profile.last_name) if p)
        if name and not me.display_name:
            me.display_name, me.first_name, me.last_name = (
                name,
                profile.first_name,
                profile.last_name,
            )
            me.save(update_fields=["display_name", "first_name", "last_name"])
        raw = RawIdentity(
            source=profile.source,
            key="me",
            line=None,
            first_name=profile.first_name,
            last_name=profile.last_name,
            emails=profile.emails,
            phones=profile.phones,
            profile_url=profile.profile_url,
            title=profile.headline,
        )
        identity, created = Identity.objects.get_or_create(
            owner=self.owner,
            source=profile.source,
            key="me",
            defaults={"person": me, **self._identity_fields(raw), **self._provenance(file, None)},
        )
        if not created:
            self._update_identity(identity, raw, file)
        self._store_keys([(identity, raw)])
        self.person_of[identity.pk] = identity.person_id
        for key in identity_keys(raw):
            self.keys[key] = identity.pk
        self._replace_career(profile)

    def _replace_career(self, profile: RawProfile) -> None:
        if profile.positions:
            Position.objects.filter(owner=self.owner, person=self.me).delete()
            Position.objects.bulk_create(
                Position(
                    owner=self.owner,
                    person=self.me,
                    organization_id=organization_get_or_create(
                        owner=self.owner, name=p.organization or "?", cache=self.orgs
                    ),
                    title=p.title[:300],
                    location=p.location[:300],
                    started_on=p.started_on,
                    finished_on=p.finished_on,
                    description=p.description,
                )
                for p in profile.positions
            )
        if profile.education:
            Education.objects.filter(owner=self.owner, person=self.me).delete()
            Education.objects.bulk_create(
                Education(
                    owner=self.owner,
                    person=self.me,
                    school_id=organization_get_or_create(
                        owner=self.owner, name=e.school or "?", cache=self.orgs
                    ),
                    degree=e.degree[:300],
                    started_on=e.started_on,
                    finished_on=e.finished_on,
                )
                for e in profile.education
            )


def _mention_fields(raw: Record) -> dict[str, Any]:
    if isinstance(raw, RawInvitation):
        return {"direction": raw.direction, "sent_at": raw.sent_at, "message": raw.message}
    if isinstance(raw, RawRecommendation):
        return {
            "direction": raw.direction,
            "organization_name": raw.organization[:300],
            "title": raw.title[:300],
            "text": raw.text,
            "created_at": raw.created_at,
            "status": raw.status[:30],
        }
    assert isinstance(raw, RawEndorsement)
    return {
        "direction": raw.direction,
        "skill": raw.skill[:300],
        "endorsed_at": raw.endorsed_at,
        "status": raw.status[:30],
    }
