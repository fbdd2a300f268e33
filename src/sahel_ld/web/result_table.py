"""How a saved query's results read on its page: headings, resources as labelled links, dates and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..queries import SavedQuery
from ..store import LoadedData
from .i18n import format_date
from .resources import href

DATES = {str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)}
NUMBERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger), str(XSD.decimal)}
YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non")}
THOUSANDS = {"en": ",", "fr": "\u202f"}
DECIMAL_MARK = {"en": ".", "fr": ","}


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
    if datatype in NUMBERS:
        return Cell(_grouped(value, lang), number=True)
    return Cell(value, lang=term.get("xml:lang"))


def _grouped(number: str, lang: str) -> str:
    """A number with its thousands grouped (600000000 reads 600,000,000), its fraction kept as written."""
    whole, _, fraction = number.partition(".")
    digits = whole.lstrip("+-")
    if not digits.isdigit() or (fraction and not fraction.isdigit()):
        return number
    sign = "-" if whole.startswith("-") else ""
    fraction = fraction.rstrip("0")
    grouped = sign + f"{int(digits):,}".replace(",", THOUSANDS[lang])
    return grouped + (DECIMAL_MARK[lang] + fraction if fraction else "")


def _resource_text(iri: str, row_label: dict | None, loaded: LoadedData, lang: str) -> str:
    """A resource's label in the reader's language, else the row's label, else the end of its IRI in words."""
    label = loaded.label(URIRef(iri), lang)
    if label != iri:
        return label
    if row_label:
        return row_label["value"]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")
