"""`liens diagnose`: the network diagnosis (bilan réseau) in the terminal, as JSON, or as a
self-contained HTML report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from rich.text import Text

from liens.cli.render import console, print_json, say, table
from liens.cli.state import State
from liens.errors import UserError
from liens.i18n import help_
from liens.reports.labels import category_label, group_label, number, percent

SPARKS = " ▁▂▃▄▅▆▇█"


def register(app: typer.Typer) -> None:
    app.command(
        "diagnose",
        help=help_(
            "The network diagnosis: how many contacts really know you, your ties and layers,"
            " diversity, clusters and bridges, regularity, replies, and what to do next."
        ),
    )(diagnose_command)


def diagnose_command(
    ctx: typer.Context,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help=help_("Write a self-contained HTML report to this file (prints well to PDF)."),
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """The network diagnosis."""
    state: State = ctx.obj
    if html is not None and not _folder(html).is_dir():  # before minutes of work, not after
        raise UserError(_("%(path)s: no such folder") % {"path": _folder(html)})
    owner = state.owner()
    from django.utils import timezone, translation

    from liens.reports.diagnosis import diagnosis
    from liens.ties.services import ties_recompute

    now = timezone.now()
    ties_recompute(owner=owner, now=now)
    lang = translation.get_language() or "en"
    data = diagnosis(owner, now=now, lang=lang[:2])
    if html is not None:
        from liens.reports.html import report_html

        _write_atomically(html, report_html(data, lang=lang[:2]))
    if state.json or json_output:
        print_json(data)
        return
    if html is not None:
        say(_("Report written to %(path)s") % {"path": html})
        return
    render(data)


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _write_atomically(path: Path, text: str) -> None:
    """All of the report or nothing: a half-written file never replaces an old one."""
    handle, temporary = tempfile.mkstemp(dir=_folder(path), prefix=".liens-", suffix=".html")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render(d: dict[str, Any]) -> None:
    """The diagnosis on one terminal screen or two: findings first, then the figures."""
    from liens.ties.models import TieClass

    console.print(
        Text(
            _("Network review of %(name)s, %(date)s")
            % {"name": d["me"]["name"] or "?", "date": d["as_of"]},
            style="bold",
        )
    )
    for finding in d["findings"]:
        mark = {"warning": "!", "good": "✓"}.get(finding["severity"], "•")
        console.print(Text(f"{mark} {finding['text']}"), soft_wrap=True)
        console.print(Text(f"  → {finding['action']}", style="dim"), soft_wrap=True)
    real = d["real_vs_virtual"]
    console.print(
        table(
            _("Real versus virtual"),
            (_("contacts"), _("two-way"), _("voice or in person"), _("would recognise me")),
            [
                (
                    number(real["persons"]),
                    percent(real["two_way_share"]),
                    percent(real["voice_or_in_person_share"]),
                    percent(real["recognise_me_share"]),
                )
            ],
        )
    )
    console.print(
        table(
            _("Ties"),
            [TieClass(c).label for c in d["ties"]],
            [[number(n) for n in d["ties"].values()]],
        )
    )
    console.print(
        table(
            _("Dunbar layers"),
            (_("layer"), _("persons"), _("keeping its contact rate"), _("state")),
            [
                (
                    number(layer["size"]),
                    number(layer["count"]),
                    "" if layer["at_rate"] is None else number(layer["at_rate"]),
                    _state(layer["state"]),
                )
                for layer in d["layers"]
            ],
        )
    )
    _render_diversity(d["diversity"])
    _render_structure(d["structure"])
    reg = d["regularity"]
    sparks = "".join(_spark(w["outbound"], reg["weeks"]) for w in reg["weeks"])
    console.print(Text(_("Outreach per week, last year:")))
    console.print(Text(sparks))
    console.print(
        Text(
            _(
                "%(active)d active weeks of %(weeks)d; "
                "longest streak %(longest)d, current %(current)d"
            )
            % {
                "active": reg["active_weeks"],
                "weeks": len(reg["weeks"]),
                "longest": reg["longest_streak"],
                "current": reg["current_streak"],
            }
        )
    )
    out = d["outreach"]
    if out["reply_rate"] is not None:
        console.print(
            Text(
                _(
                    "Replies to first messages: %(rate)s (%(replied)s of %(sent)s); "
                    "reference %(ref)s"
                )
                % {
                    "rate": percent(out["reply_rate"]),
                    "replied": number(out["replied"]),
                    "sent": number(out["first_messages"]),
                    "ref": percent(out["reference_rate"]),
                }
            )
        )
    rec = d["recommendations"]
    console.print(
        Text(
            _("Recommendations received: %(rec)d; endorsements: %(end)d; referrals: %(ref)d")
            % {"rec": rec["received"], "end": rec["endorsements_received"], "ref": rec["referrals"]}
        )
    )


def _state(state: str) -> str:
    return {
        "empty": _("empty"),
        "partial": _("partly filled"),
        "full": _("full"),
        "overfull": _("overfull"),
    }.get(state, state)


def _spark(value: int, weeks: list[dict[str, Any]]) -> str:
    top = max((w["outbound"] for w in weeks), default=0)
    if not top:
        return SPARKS[0]
    return SPARKS[min(len(SPARKS) - 1, round(value / top * (len(SPARKS) - 1)))]


def _render_diversity(div: dict[str, Any]) -> None:
    rows = []
    for dimension in ("organizations", "functions", "seniority", "places"):
        dist = div[dimension]
        top = [t for t in dist["top"] if not t.get("other")][:3]
        rows.append(
            (
                _dimension(dimension),
                ", ".join(f"{category_label(dimension, t)} {percent(t['share'])}" for t in top),
                number(dist["blau"], 2) if dist["known"] else "",
            )
        )
    console.print(table(_("Diversity"), (_("by"), _("most frequent"), _("Blau index")), rows))
    alter = div["alter_ego"]
    if alter["index"] is not None:
        console.print(Text(_("Alter-ego index: %(index)s") % {"index": percent(alter["index"])}))


def _dimension(name: str) -> str:
    return {
        "organizations": _("organization"),
        "functions": _("function"),
        "seniority": _("seniority"),
        "places": _("place"),
    }[name]


def _render_structure(st: dict[str, Any]) -> None:
    console.print(
        Text(
            _("%(clusters)d clusters; constraint %(constraint)s, effective size %(size)s")
            % {
                "clusters": len(st["clusters"]),
                "constraint": number(st["constraint"] or 0, 3),
                "size": number(st["effective_size"] or 0, 1),
            }
        )
    )
    if st["bridges"]:
        labels = {c["id"]: group_label(c) for c in st["clusters"]}
        console.print(
            table(
                _("Bridges to groups you barely reach"),
                (_("person"), _("groups"), _("unreached persons they know")),
                [
                    (
                        b["name"],
                        ", ".join(labels.get(c, "") for c in b["clusters"]),
                        number(b["reaches"]),
                    )
                    for b in st["bridges"][:5]
                ],
            )
        )
