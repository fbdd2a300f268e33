"""How a saved query's results read on its page: headings, resources as labelled links, dates and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..queries import SavedQuery
from ..store import LoadedData
from .i18n import NUMBER_TYPES, format_date, format_number
from .resources import href

DATES = {str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)}
YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non")}


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and a link, a language or number alignment when it has them."""

    text: str = ""
    link: str | None = None
    title: str | None = None
    lang: str | None = None
    number: bool = False


def columns(query: SavedQuery, variables: list[str]) -> list[tuple[str, str]]:
    """The (variable, heading) pairs shown: ``xLabel`` is left out when ``x`` is there, as its link shows the label."""
    return [(v, query.heading(v)) for v in variables
            if not (v.endswith("Label") and v[:-len("Label")] in variables)]


def cell(term: dict | None, row: dict, variable: str, loaded: LoadedData, lang: str) -> Cell:
    """How one value of a results row reads in the reader's language."""
    if term is None:
        return Cell()
    value = term["value"]
    if term["type"] == "uri":
        return Cell(_resource_text(value, row.get(variable + "Label"), loaded, lang), href(value), value)
    datatype = term.get("datatype")
    if datatype in DATES:
        return Cell(format_date(Literal(value, datatype=URIRef(datatype)), lang))
    if datatype == str(XSD.boolean):
        return Cell(YES_NO[lang][0 if value in ("true", "1") else 1])
    if datatype in NUMBER_TYPES:
        return Cell(format_number(value, lang), number=True)
    return Cell(value, lang=term.get("xml:lang"))


def _resource_text(iri: str, row_label: dict | None, loaded: LoadedData, lang: str) -> str:
    """A resource's label in the reader's language, else the row's label, else the end of its IRI in words."""
    label = loaded.label(URIRef(iri), lang)
    if label != iri:
        return label
    if row_label:
        return row_label["value"]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")
