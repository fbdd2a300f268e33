"""How a saved query's results read on its page: headings and fixed values in the reader's language, resources as
labelled links, certainty as badges, dates and numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .. import vocabulary
from ..namespaces import CONCEPT
from ..queries import SavedQuery
from ..store import LoadedData
from . import once
from .i18n import MESSAGES, NUMBER_TYPES, format_date, format_number
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
    certainty: str | None = None  # the certainty concept's key, shown as its badge


def _key(prefix: str, english: str) -> str:
    """The catalogue key of a heading or a fixed value: ``col_to_whom`` for "To whom"."""
    return prefix + re.sub(r"[^a-z0-9]+", "_", english.lower()).strip("_")


def columns(query: SavedQuery, variables: list[str], lang: str) -> list[tuple[str, str]]:
    """The (variable, heading) pairs shown, headings in the reader's language: ``xLabel`` is left out when ``x`` is
    there, as its link shows the label."""
    return [(v, MESSAGES[lang].get(_key("col_", query.heading(v)), query.heading(v))) for v in variables
            if not (v.endswith("Label") and v[:-len("Label")] in variables)]


def _fixed_value(text: str, loaded: LoadedData, lang: str) -> str:
    """A value the query writes in English (a kind, a certainty, a role it names) in the reader's language, or a
    comma-separated list of them; any other text (a quote, a name) as it is."""
    if lang == "en":
        return text
    names = once(f"result_table_names_{lang}", lambda: vocabulary.translations(loaded, lang))
    parts = [MESSAGES[lang].get(_key("val_", part)) or names.get(part) for part in text.split(", ")]
    return text if None in parts else ", ".join(parts)


def _certainty(term: dict, variable: str) -> str | None:
    """The certainty concept a value names: its IRI, or its English name in a column named for certainty."""
    value = term["value"]
    if term["type"] == "uri":
        key = value[len(str(CONCEPT)):] if value.startswith(str(CONCEPT)) else None
        return key if key in vocabulary.CERTAINTIES else None
    return value if variable.lower().startswith("certainty") and value in vocabulary.CERTAINTIES else None


def cell(term: dict | None, row: dict, variable: str, loaded: LoadedData, lang: str) -> Cell:
    """How one value of a results row reads in the reader's language."""
    if term is None:
        return Cell()
    value = term["value"]
    certainty = _certainty(term, variable)
    if term["type"] == "uri":
        return Cell(_resource_text(value, row.get(variable + "Label"), loaded, lang), href(value), value,
                    certainty=certainty)
    datatype = term.get("datatype")
    if datatype in DATES:
        return Cell(format_date(Literal(value, datatype=URIRef(datatype)), lang))
    if datatype == str(XSD.boolean):
        return Cell(YES_NO[lang][0 if value in ("true", "1") else 1])
    if datatype in NUMBER_TYPES:
        return Cell(format_number(value, lang), number=True)
    if term.get("xml:lang", "en") == "en":
        return Cell(_fixed_value(value, loaded, lang), certainty=certainty)
    return Cell(value, lang=term.get("xml:lang"))


def _resource_text(iri: str, row_label: dict | None, loaded: LoadedData, lang: str) -> str:
    """A resource's label in the reader's language, else the row's label, else the end of its IRI in words."""
    label = loaded.label(URIRef(iri), lang)
    if label != iri:
        return label
    if row_label:
        return row_label["value"]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")
