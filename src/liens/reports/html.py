"""The network review (bilan réseau) as one HTML file a consultant could hand to a client.

Rendering only: the figures come in the diagnosis dict. The file must open offline, years
later, on any machine, and print to A4: so the style sits in the page, the charts are inline
SVG (see charts.py), there is no script, no font and no image fetched from anywhere.
Numbers are written here once, in the report's language, so that the template only places
them into sentences.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liens.interactions.models import Channel
from liens.reports import charts
from liens.reports.labels import (
    FUNCTION_LABELS,
    LAYER_NAMES,
    SEVERITIES,
    category_label,
    group_label,
    number,
    percent,
)
from liens.ties.models import TieClass

_PERCENT_KEYS = ("share", "_rate", "index", "reach")
_DECIMALS = {"density": 3, "effective_size": 1, "median_reply_hours": 1}
_UNFORMATTED = {"picture", "members", "weeks", "clusters"}


def report_html(diagnosis: dict[str, Any], *, lang: str) -> str:
    """The whole report as one HTML document in `lang` ("fr" or "en")."""
    with translation.override(lang):
        return render_to_string("reports/diagnosis.html", _context(diagnosis, lang))


def _formatted(value: Any, key: str = "") -> Any:
    """The diagnosis with every figure written out: shares and rates as percentages."""
    if isinstance(value, Mapping):
        return {k: _formatted(v, k) for k, v in value.items() if k not in _UNFORMATTED}
    if isinstance(value, list):
        return [_formatted(v, key) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if key.endswith(_PERCENT_KEYS):
        return percent(value)
    return number(value, 0 if isinstance(value, int) else _DECIMALS.get(key, 2))


def _date(text: str | None, style: str = "DATE_FORMAT") -> str:
    try:
        return date_format(datetime.date.fromisoformat(text or ""), style)
    except ValueError:
        return text or ""


def _chart(
    draw: Callable[..., str], data: Any, *, uid: str, title: str, caption: str, **options: Any
) -> dict[str, str] | None:
    """A chart with its title and caption, or None when there is nothing to draw."""
    svg = draw(data, uid=uid, title=title, **options)
    return {"svg": svg, "title": title, "caption": caption} if svg else None


def _real_chart(real: Mapping[str, Any]) -> dict[str, str] | None:
    total = real.get("persons") or 0
    rows = [
        (_("all contacts"), total, "accent"),
        (_("two-way exchange"), real.get("two_way", 0), "main"),
        (_("recognise you"), real.get("recognise_me", 0), "main"),  # two-way within 3 years
        (_("voice or in person"), real.get("voice_or_in_person", 0), "main"),
        (_("never exchanged"), real.get("virtual", 0), "muted"),
    ]
    return _chart(
        charts.bars,
        [charts.Bar(lab, n, f"{number(n)} · {percent(n / total)}", t) for lab, n, t in rows]
        if total
        else [],
        uid="chart-real",
        title=_("Real or virtual"),
        caption=_("Your contacts by what you have lived with them, out of all of them."),
        maximum=total,
    )


def _tie_chart(ties: Mapping[str, int]) -> dict[str, str] | None:
    counts = [(str(c.label), ties.get(c.value, 0)) for c in TieClass]
    total = sum(n for _label, n in counts)
    return _chart(
        charts.stacked,
        [charts.Part(lab, n, f"{number(n)} ({percent(n / total)})") for lab, n in counts]
        if total
        else [],
        uid="chart-ties",
        title=_("Ties by strength"),
        caption=_("Each contact has one tie class, from strong to virtual."),
    )


def _layers_chart(layers: list[Mapping[str, Any]]) -> dict[str, str] | None:
    rows = []
    for layer in layers:
        size, count = layer.get("size") or 0, layer.get("count") or 0
        if size:
            text = _("%(count)s of %(size)s") % {"count": number(count), "size": number(size)}
            if layer.get("state") == "overfull":  # more keep its pace than it can hold
                text += " · " + _("%(n)s at its pace") % {"n": number(layer.get("at_rate") or 0)}
            label = f"{number(size)} · {LAYER_NAMES.get(size, '')}"
            rows.append((label, size, count, layer.get("state", "partial"), text))
    return _chart(
        charts.layers,
        rows,
        uid="chart-layers",
        title=_("How full your Dunbar layers are"),
        caption=_("Persons in each layer, the smaller layers included, against its usual size."),
    )


def _diversity_chart(dimension: str, data: Mapping[str, Any], title: str) -> dict[str, str] | None:
    bars = [
        charts.Bar(
            category_label(dimension, item),
            item.get("count", 0),
            f"{number(item.get('count', 0))} · {percent(item.get('share', 0))}",
            "muted" if item.get("other") or not item.get("name") else "main",
        )
        for item in (data.get("top") or [] if data.get("known") else [])
    ]
    caption = _("Largest categories among the %(known)s contacts for whom it is known.")
    return _chart(
        charts.bars,
        bars,
        uid=f"chart-{dimension}",
        title=title,
        caption=caption % {"known": number(data.get("known") or 0)},
    )


def _alter_ego_chart(alter: Mapping[str, Any]) -> dict[str, str] | None:
    base = alter.get("base") or 0
    rows = [
        (_("former colleagues"), alter.get("past_employers", 0), "main"),
        (_("schoolmates"), alter.get("schools", 0), "main"),
        (_("same function as you"), alter.get("same_function", 0), "main"),
        (_("alter egos, any of these"), alter.get("alter_ego", 0), "accent"),
    ]
    caption = _("Out of the %(base)s contacts you have exchanged with both ways.")
    return _chart(
        charts.bars,
        [charts.Bar(lab, n / base, f"{number(n)} · {percent(n / base)}", t) for lab, n, t in rows]
        if base
        else [],
        uid="chart-alter-ego",
        title=_("Alter egos among your real contacts"),
        caption=caption % {"base": number(base)},
        maximum=1,
    )


def _network_chart(structure: Mapping[str, Any]) -> dict[str, str] | None:
    picture = structure.get("picture") or {}
    groups = sorted(structure.get("clusters") or [], key=lambda c: -c.get("size", 0))
    bridges = sorted(structure.get("bridges") or [], key=lambda b: -(b.get("score") or 0))[:5]
    shown = {n["id"] for n in picture.get("nodes") or []}
    named = {b["person"] for b in bridges if b.get("person") in shown}
    caption = _(
        "Each dot is a person, sized by tie strength and coloured by group; lines join persons "
        "known to know each other."
    )
    if named:
        caption += " " + _("Names in italics are the bridges between groups.")
    return _chart(
        charts.network,
        picture.get("nodes") or [],
        edges=picture.get("edges") or [],
        uid="chart-network",
        title=_("Your network: groups and bridges"),
        caption=caption,
        groups=[(c["id"], group_label(c)) for c in groups],
        named=named,
        other_text=_("other groups or none"),
    )


def _month_ticks(weeks: list[Mapping[str, Any]]) -> list[tuple[int, str, str]]:
    """A tick where a month starts (not closer than three weeks), its year under it when the
    year changes."""
    ticks: list[tuple[int, str, str]] = []
    previous: datetime.date | None = None
    for i, week in enumerate(weeks):
        try:
            start = datetime.date.fromisoformat(week.get("start", ""))
        except ValueError:
            continue
        if (previous is None or previous.month != start.month) and (
            not ticks or i - ticks[-1][0] >= 3
        ):
            year = str(start.year) if not ticks or start.month == 1 else ""
            ticks.append((i, date_format(start, "N"), year))
        previous = start
    return ticks


def _weekly_chart(weeks: list[Mapping[str, Any]]) -> dict[str, str] | None:
    return _chart(
        charts.columns,
        [(w.get("outbound", 0), w.get("two_way", 0)) for w in weeks],
        uid="chart-weekly",
        title=_("Your weeks of networking"),
        caption=_("Interactions per week over the last %(weeks)s weeks.")
        % {"weeks": number(len(weeks))},
        names=(_("you reached out"), _("two-way exchanges")),
        ticks=_month_ticks(weeks),
        number=number,
    )


def _reply_chart(outreach: Mapping[str, Any]) -> dict[str, str] | None:
    reference = outreach.get("reference_rate", 0.15)
    by_channel = sorted(
        (outreach.get("by_channel") or {}).items(), key=lambda kv: -kv[1].get("first_messages", 0)
    )
    labels = dict(Channel.choices)
    rows = [(_("all first messages"), outreach, "accent")] if outreach.get("first_messages") else []
    rows += [(str(labels.get(k, k)), v, "main") for k, v in by_channel if v.get("first_messages")]
    bars = [
        charts.Bar(
            label,
            data.get("reply_rate", 0),
            f"{percent(data.get('reply_rate', 0))} "
            f"({number(data.get('replied', 0))}/{number(data['first_messages'])})",
            tone,
        )
        for label, data, tone in rows
    ]
    peak = max([reference * 2, *(b.value * 1.1 for b in bars)])
    return _chart(
        charts.bars,
        bars if outreach.get("first_messages") else [],
        uid="chart-replies",
        title=_("Reply rate to your first messages"),
        caption=_("By channel; the dashed line is the usual rate for a first message."),
        maximum=min(1.0, math.ceil(peak * 10) / 10),
        reference=reference,
        reference_text=_("usual rate: %(rate)s") % {"rate": percent(reference)},
    )


def _skills_chart(recommendations: Mapping[str, Any]) -> dict[str, str] | None:
    skills = sorted(recommendations.get("skills") or [], key=lambda s: -s.get("count", 0))[:10]
    return _chart(
        charts.bars,
        [
            charts.Bar(s.get("name", ""), s.get("count", 0), number(s.get("count", 0)))
            for s in skills
        ],
        uid="chart-skills",
        title=_("Skills others vouch for"),
        caption=_("Endorsements received, by skill."),
    )


def _kpis(f: Mapping[str, Any]) -> list[tuple[str, str]]:
    figures = [
        (f.get("persons"), _("contacts")),
        (
            (f.get("real_vs_virtual") or {}).get("two_way_share"),
            _("have exchanged with you both ways"),
        ),
        ((f.get("ties") or {}).get("strong"), _("strong ties")),
        ((f.get("outreach") or {}).get("reply_rate"), _("of first messages answered")),
        ((f.get("regularity") or {}).get("active_share"), _("of weeks with networking")),
    ]
    return [(value, label) for value, label in figures if value not in (None, "")]


def _delay(hours: float | None) -> str:
    """A reply delay at the grain one says it: hours within two days, days after."""
    if not hours:
        return ""
    if hours < 48:
        return _("%(n)s h") % {"n": number(hours, 1)}
    days = hours / 24
    return ngettext("%(n)s day", "%(n)s days", round(days)) % {"n": number(days, 1)}


def _context(d: Mapping[str, Any], lang: str) -> dict[str, Any]:
    f = _formatted(d)
    diversity = d.get("diversity") or {}
    structure = d.get("structure") or {}
    clusters = sorted(structure.get("clusters") or [], key=lambda c: -c.get("size", 0))
    bridges = sorted(structure.get("bridges") or [], key=lambda b: -(b.get("score") or 0))
    by_id = {c["id"]: c for c in clusters}
    dimensions = [
        ("organizations", _("Organizations"), _("Where your contacts work")),
        ("functions", _("Functions"), _("What your contacts do")),
        ("seniority", _("Seniority"), _("How senior your contacts are")),
        ("places", _("Places"), _("Where your contacts live")),
    ]
    top_org = next(
        (i for i in (diversity.get("organizations") or {}).get("top") or [] if i.get("name")), None
    )
    return {
        "lang": lang,
        "d": d,
        "f": f,
        "as_of": _date(d.get("as_of")),
        "kpis": _kpis(f),
        "findings": [
            {**item, "label": SEVERITIES.get(item.get("severity"), "")}
            for item in d.get("findings") or []
        ],
        "charts": {
            "real": _real_chart(d.get("real_vs_virtual") or {}),
            "ties": _tie_chart(d.get("ties") or {}),
            "layers": _layers_chart(d.get("layers") or []),
            "diversity": [
                c
                for key, _l, title in dimensions
                if (c := _diversity_chart(key, diversity.get(key) or {}, title))
            ],
            "alter_ego": _alter_ego_chart(diversity.get("alter_ego") or {}),
            "network": _network_chart(structure),
            "weekly": _weekly_chart((d.get("regularity") or {}).get("weeks") or []),
            "replies": _reply_chart(d.get("outreach") or {}),
            "skills": _skills_chart(d.get("recommendations") or {}),
        },
        "reply_delay": _delay((d.get("outreach") or {}).get("median_reply_hours")),
        "top_org": top_org and {"name": top_org["name"], "share": percent(top_org.get("share", 0))},
        "diversity_rows": [
            {"label": label, **f["diversity"][key]}
            for key, label, _t in dimensions
            if (diversity.get(key) or {}).get("known")
        ],
        "clusters": [
            {
                **_formatted(c),
                "label": group_label(c),
                "function": str(
                    FUNCTION_LABELS.get(c.get("function") or "", c.get("function") or "")
                ),
            }
            for c in clusters[:8]
        ],
        "clusters_count": number(len(clusters)),
        "bridges": [
            {
                **_formatted(b),
                "groups": ", ".join(
                    group_label(by_id[c]) for c in b.get("clusters") or [] if c in by_id
                ),
            }
            for b in bridges[:6]
        ],
        "busiest_week": _date(((d.get("regularity") or {}).get("busiest_week") or {}).get("start")),
        "weeks_count": number(len((d.get("regularity") or {}).get("weeks") or [])),
    }
