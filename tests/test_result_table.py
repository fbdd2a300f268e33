"""Saved-query tables in the reader's language: every column heading has its French, and the values a query
writes in English (kinds, certainties, roles) read in French on French pages, certainties as badges."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.plugins.sparql import prepareQuery

from sahel_ld.queries import read_queries
from sahel_ld.web.i18n import MESSAGES

QUERIES = read_queries(Path(__file__).resolve().parents[1] / "queries")


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_every_column_heading_has_its_french(query):
    for variable in prepareQuery(query.text).algebra["PV"]:
        heading = query.heading(str(variable))
        key = "col_" + re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")
        assert key in MESSAGES["fr"], f"{query.name}: no French for the heading {heading!r} (add {key})"


def cells(html: str) -> tuple[list[str], list[str]]:
    headings = [unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', html)]
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    values = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
    return headings, [unescape(re.sub(r"<[^>]+>", "", value)).strip() for value in values]


def test_a_french_table_has_french_headings_roles_and_certainty_badges(client, app):
    html = client.get("/queries/person-roles?lang=fr").get_data(as_text=True)
    headings, values = cells(html)
    assert headings == ["Personne", "Rôle", "Organisation", "Début", "Fin", "Certitude"]
    assert "dirigeant" in values and "leader" not in values and "military commander" not in values
    stated = app.extensions["sahel_ld"].label_in(URIRef("https://w3id.org/sahel-ld/id/concept/stated"), "fr")
    assert f'<span class="badge certainty certainty-stated">{stated}</span>' in html
    english, _ = cells(client.get("/queries/person-roles?lang=en").get_data(as_text=True))
    assert english == ["Person", "Role", "Organisation", "Start", "End", "Certainty"]


def test_kinds_read_in_french_and_quotes_stay_as_written(client):
    headings, values = cells(client.get("/queries/attacks?lang=fr").get_data(as_text=True))
    assert headings[:3] == ["Événement", "Sorte", "Date"]
    assert "attack" not in values and "attaque" in values
    _, english = cells(client.get("/queries/group-aims?lang=en").get_data(as_text=True))
    _, french = cells(client.get("/queries/group-aims?lang=fr").get_data(as_text=True))
    quotes = [v for v in english if len(v) > 60]
    assert quotes and all(q in french for q in quotes)
