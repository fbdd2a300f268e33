"""The summary box at the top of a resource page: what a reader asks first, each answer linking to its section."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from ..namespaces import SAHEL
from ..store import LoadedData
from .i18n import format_date, format_period, translate
from .resource_view import ResourcePage, Term

SHOWN = 6  # longer lists show their first names and link to the section with the rest
EVENT_ACTORS = ("perpetrator", "claimedBy", "attributedTo")
# What the span of dates means: when an actor was active, when an event happened, else only dates in the data.
DATES_KEY = {"org": "summary_active", "person": "summary_active", "event": "summary_date"}


@dataclass
class SummaryRow:
    """One line of the box: a label key, the things or words it names, how many more, where the rest is."""

    key: str
    terms: list[Term]
    more: int = 0
    anchor: str | None = None


def summary(loaded: LoadedData, page: ResourcePage, lang: str) -> list[SummaryRow]:
    """Type, category, names, leaders, parent coalition, members, roles, active period, areas, Wikidata item."""
    rows = [SummaryRow("type", page.types), SummaryRow("category", page.categories),
            SummaryRow("also_known_as", [Term(None, name) for name in page.alt_names])]
    for key, section, properties in (("summary_by", "event", EVENT_ACTORS), ("summary_leaders", "leaders", ()),
                                     ("summary_part_of", "part-of", ()), ("summary_members", "members", ()),
                                     ("summary_roles", "roles", ()), ("summary_areas", "areas", ())):
        terms = page.linked(section, properties)
        rows.append(SummaryRow(key, terms[:SHOWN], max(0, len(terms) - SHOWN), section))
    active = active_period(loaded, page, lang)
    kind = page.iri.split("/id/", 1)[-1].split("/", 1)[0]
    rows.append(SummaryRow(DATES_KEY.get(kind, "summary_dates"), [Term(None, active)] if active else []))
    rows.append(SummaryRow("located_in", page.within))
    return [row for row in rows if row.terms]


def brief(page: ResourcePage, rows: list[SummaryRow]) -> str:
    """One line for link previews and search engines: the name, then the summary's first answers."""
    parts = [f"{translate(row.key)}: {', '.join(t.label for t in row.terms)}" for row in rows[:4]]
    return "; ".join([page.name, *parts, *page.notes[:1]])[:300]


def active_period(loaded: LoadedData, page: ResourcePage, lang: str) -> str:
    """From the earliest to the latest date the data gives the resource: its own date, its claims' periods and
    the dates of the events it takes part in."""
    dates: list[Literal] = [d for d in loaded.dataset.objects(URIRef(page.iri), SAHEL.date) if isinstance(d, Literal)]
    for section in page.sections:
        for group in section.groups:
            for entry in group.entries:
                dates += [d for s in entry.statements for d in s.dates]
                if entry.other.iri and section.key in ("attacks", "events"):
                    dates += [d for d in loaded.dataset.objects(URIRef(entry.other.iri), SAHEL.date)
                              if isinstance(d, Literal)]
    if not dates:
        return ""
    first, last = min(dates, key=str), max(dates, key=str)
    if str(first) == str(last):
        return format_date(first, lang)
    return format_period(first, last, None, lang)
