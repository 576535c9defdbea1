"""`liens merge A B...`, `liens unmerge PERSON`, `liens keep-apart A B` (or `liens split`).

Persons are given by id, as `liens people` shows them: a merge is no place for a guess.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _

from liens.cli.render import person_label, print_json, say
from liens.cli.state import State
from liens.errors import UserError
from liens.i18n import help_

PERSON_ID = help_("Person id, as liens people shows it.")


def register(app: typer.Typer) -> None:
    app.command("merge", help=help_("Merge persons who are the same human into one."))(
        merge_command
    )
    app.command("unmerge", help=help_("Split a person back into the identities it came from."))(
        unmerge_command
    )
    keep_apart = help_("Never propose two persons as the same human again.")
    app.command("keep-apart", help=keep_apart)(keep_apart_command)
    app.command("split", help=keep_apart + " " + help_("(Same as keep-apart.)"))(keep_apart_command)


def merge_command(
    ctx: typer.Context,
    persons: Annotated[list[str], typer.Argument(help=PERSON_ID)],
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Merge persons who are the same human into one."""
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.merges import person_merge
    from liens.people.selectors import persons_by_id

    found = persons_by_id(owner, _ids(persons))
    survivor = person_merge(owner=owner, persons=found)
    data = {"survivor": _json(survivor), "merged": sorted({p.pk for p in found})}
    if state.json or json_output:
        print_json(data)
        return
    say(
        _("Merged %(n)d persons into %(person)s")
        % {"n": len(data["merged"]), "person": person_label(data["survivor"])}
    )


def unmerge_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=PERSON_ID)],
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Split a person back into the identities it came from."""
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.merges import person_unmerge
    from liens.people.selectors import persons_by_id

    (found,) = persons_by_id(owner, _ids([person]))
    persons = [_json(p) for p in person_unmerge(owner=owner, person=found)]
    if state.json or json_output:
        print_json({"persons": persons})
        return
    say(
        _("Split %(person)s into %(n)d persons: %(persons)s")
        % {
            "person": person_label(persons[0]),
            "n": len(persons),
            "persons": ", ".join(map(person_label, persons)),
        }
    )


def keep_apart_command(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help=PERSON_ID)],
    b: Annotated[str, typer.Argument(help=PERSON_ID)],
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Never propose two persons as the same human again."""
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.merges import persons_keep_apart
    from liens.people.selectors import persons_by_id

    first, second = persons_by_id(owner, _ids([a, b]))
    pair = persons_keep_apart(owner=owner, a=first, b=second)
    data = {"persons": [_json(first), _json(second)], "identities": [pair.a_id, pair.b_id]}
    if state.json or json_output:
        print_json(data)
        return
    say(
        _("%(a)s and %(b)s will not be proposed as one person again")
        % {"a": person_label(data["persons"][0]), "b": person_label(data["persons"][1])}
    )


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        text = value.strip().removeprefix("#")
        if not text.isdigit():
            raise UserError(
                _("%(value)s is not a person id: give the number liens people shows")
                % {"value": repr(value)}
            )
        ids.append(int(text))
    return ids


def _json(person: Any) -> dict[str, Any]:
    return {"id": person.pk, "name": person.display_name, "me": person.is_me}
