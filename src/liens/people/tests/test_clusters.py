"""The clusters an unmerge splits a person into: exact keys, and what the merges recorded."""

from __future__ import annotations

from liens.people.clusters import split

MAIL = "email"


def test_identities_sharing_an_exact_key_are_one_and_the_others_alone():
    keys = [
        (1, MAIL, "ana@x.fr"),
        (2, MAIL, "ana@x.fr"),
        (2, "phone", "+33611"),
        (3, "phone", "+33611"),
    ]

    assert split([1, 2, 3, 4], keys) == [[1, 2, 3], [4]]


def test_what_a_merge_had_as_two_persons_stays_two_even_through_a_shared_key():
    # 1 and 3 were two persons that an import left sharing an address; the user merged them
    keys = [(1, MAIL, "family@x.fr"), (3, MAIL, "family@x.fr"), (3, MAIL, "jp@x.fr")]

    assert split([1, 3], keys, decisions=[[[3], [1]]]) == [[1], [3]]


def test_what_a_merge_had_as_one_person_stays_one_without_a_shared_key():
    assert split([1, 2, 5], [], decisions=[[[1, 2], [5]]]) == [[1, 2], [5]]


def test_an_identity_added_after_the_merge_joins_the_person_its_key_points_to():
    keys = [(2, MAIL, "b@x.fr"), (9, MAIL, "b@x.fr"), (10, MAIL, "new@x.fr")]

    assert split([1, 2, 9, 10], keys, decisions=[[[1], [2]]]) == [[1], [2, 9], [10]]


def test_merges_made_one_after_the_other_all_come_apart():
    first = [[1], [2]]
    second = [[1, 2], [3, 4]]

    assert split([1, 2, 3, 4], [], decisions=[first, second]) == [[1], [2], [3, 4]]


def test_my_own_identities_stay_one():
    assert split([1, 4, 6], [], together=[4, 1], decisions=[[[1], [4], [6]]]) == [[1, 4], [6]]
