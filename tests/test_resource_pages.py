"""Resource pages people can read: summary box, contents, relations by meaning, each quote once with what it
supports, concept pages listing what uses them, link-preview tags, and JNIM's page in a fraction of its former
height (measured in Chromium) with nothing lost. Expected values come from the loaded data."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from sahel_ld.namespaces import CONCEPT, SAHEL
from sahel_ld.web.i18n import format_period

BASE = "https://w3id.org/sahel-ld/"
JNIM = URIRef(BASE + "id/org/jnim")
HTML = {"Accept": "text/html"}
# JNIM's page before it was made compact, in CSS pixels (Chromium), and the share of it the page may now take.
HEIGHT_BEFORE = {1280: 6996, 375: 10582}
SHARE = {1280: 0.4, 375: 0.55}


def page(client, path: str) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def local(iri) -> str:
    return "/" + str(iri)[len(BASE):].replace("id/", "doc/", 1)


def claims_about(dataset, iri: URIRef) -> set[URIRef]:
    return {c for p in (SAHEL.subject, SAHEL.object) for c in dataset.subjects(p, iri)
            if (c, RDF.type, SAHEL.Claim) in dataset}


def test_summary_box_answers_the_first_questions_about_jnim(client, app):
    data = app.extensions["sahel_ld"].dataset
    text = page(client, "/doc/org/jnim")
    box = text[text.index('<section class="summary"'):text.index("</section>", text.index('<section class="summary"'))]
    for key in ("type", "category", "summary_leaders", "summary_members", "summary_areas", "summary_active"):
        assert f'<dd class="{key}">' in box, key
    for leader in data.subjects(SAHEL.headOf, JNIM):
        assert f'href="{local(leader)}"' in box
    assert 'href="http://www.wikidata.org/entity/' in box
    assert 'href="/doc/concept/jihadist"' in box


def test_contents_link_to_every_section_by_its_anchor(client):
    text = page(client, "/doc/org/jnim")
    anchors = re.findall(r'<li><a href="#([\w-]+)">', text[text.index('class="toc"'):])
    assert {"members", "leaders", "allies", "rivals", "areas", "attacks", "quotes"} <= set(anchors)
    for anchor in anchors:
        assert f'id="{anchor}"' in text


def test_relations_are_grouped_by_meaning_whichever_way_the_triple_points(client, app):
    """Members point at JNIM (x memberOf JNIM); JNIM's own allegiance points away; both are where a reader looks."""
    data = app.extensions["sahel_ld"].dataset
    text = page(client, "/doc/org/jnim")
    section = {key: text[text.index(f'id="{key}"'):].split('<section class="relations')[0]
               for key in ("members", "allies", "rivals")}
    for member in data.subjects(SAHEL.memberOf, JNIM):
        assert f'href="{local(member)}"' in section["members"]
    for ally in data.objects(JNIM, SAHEL.allegianceTo):
        assert f'href="{local(ally)}"' in section["allies"]
    for rival in data.subjects(SAHEL.fightsAgainst, JNIM):
        assert f'href="{local(rival)}"' in section["rivals"]


def test_each_quote_is_shown_once_with_every_statement_it_supports_and_nothing_is_lost(client, app):
    data = app.extensions["sahel_ld"].dataset
    text = page(client, "/doc/org/jnim")
    quotes = {str(q) for c in claims_about(data, JNIM) for q in data.objects(c, SAHEL.quote)}
    shown = [html.unescape(q) for q in re.findall(r'<blockquote class="quote" lang="en">\s*<p>“(.*?)”</p>', text, re.S)]
    assert sorted(shown) == sorted(quotes)
    for claim in claims_about(data, JNIM):
        assert f'href="{local(claim)}"' in text, claim
    shared = [q for q in quotes if sum(1 for c in claims_about(data, JNIM) if q in map(str, data.objects(c, SAHEL.quote))) > 1]
    assert shared, "the data no longer has a quote supporting two statements about JNIM"
    listed = text[text.index('id="quotes"'):]
    for quote in shared:
        item = listed[listed.index(f"<p>“{html.escape(quote, quote=False)}”</p>"):]
        item = item[:item.index("</li>")]
        supported = {c for c in claims_about(data, JNIM) if quote in map(str, data.objects(c, SAHEL.quote))}
        assert all(f'href="{local(c)}"' in item for c in supported)


def test_nothing_is_lost_every_claim_its_linked_thing_and_its_period_are_on_the_page(client, app):
    data = app.extensions["sahel_ld"].dataset
    text = page(client, "/doc/org/jnim")
    for claim in claims_about(data, JNIM):
        assert f'href="{local(claim)}"' in text, claim
        subject, obj = data.value(claim, SAHEL.subject), data.value(claim, SAHEL.object)
        other = obj if subject == JNIM else subject
        if isinstance(other, URIRef):
            assert f'href="{local(other)}"' in text, other
        period = format_period(*(data.value(claim, p) for p in (SAHEL.startDate, SAHEL.endDate, SAHEL.date)), "en")
        if period:
            assert html.escape(period, quote=False) in text, claim
    folded = text.index('<details class="quotes-list"')
    assert folded < text.index('id="quote-1"') < text.index("</details>", folded)


def test_a_long_group_folds_its_last_entries_under_and_n_more_and_keeps_them(client):
    text = page(client, "/doc/concept/reference-table")
    section = next(s for s in text.split('<section class="relations')[1:] if '<details class="folded">' in s)
    section = section[:section.index("</section>")]
    count = int(re.search(r'<span class="count">(\d+)</span>', section).group(1))
    more = re.search(r'<details class="folded">\s*<summary>and (\d+) more</summary>', section)
    assert more, "no group of this page is long enough to fold"
    assert 0 < int(more.group(1)) < count
    assert section.count('<li class="entry">') == count


@pytest.mark.parametrize("width", sorted(HEIGHT_BEFORE))
def test_jnim_page_fits_in_a_fraction_of_its_former_height(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    tab = context.new_page()
    tab.goto(live_server.url + "/doc/org/jnim")
    tab.wait_for_load_state("networkidle")
    height = tab.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height <= SHARE[width] * HEIGHT_BEFORE[width], height


def test_alleged_concept_page_lists_the_alleged_claims_and_home_badges_lead_there(client, app):
    data = app.extensions["sahel_ld"].dataset
    alleged = set(data.subjects(SAHEL.certainty, CONCEPT.alleged))
    assert alleged
    home = page(client, "/")
    assert 'href="/doc/concept/alleged">' in home
    text = page(client, "/doc/concept/alleged")
    listing = text[text.index('id="uses"'):]
    assert len(re.findall(r'<a class="permalink" href="/doc/claim/', listing)) == len(alleged)
    for claim in alleged:
        assert f'href="{local(claim)}"' in listing


def test_pages_carry_a_description_and_link_preview_tags(client):
    text = page(client, "/doc/org/jnim?lang=fr")
    description = re.search(r'<meta name="description" content="([^"]*)">', text).group(1)
    assert description.startswith("Groupe de soutien à l’islam et aux musulmans")
    assert '<meta property="og:title" content="Groupe de soutien' in text
    assert '<meta property="og:url" content="https://w3id.org/sahel-ld/doc/org/jnim">' in text
    assert '<meta name="twitter:card" content="summary">' in text
    home = page(client, "/")
    assert '<meta name="description" content="' in home


def _several(app, iri: str, prop: URIRef, what: str) -> list[str]:
    """The values of a property the data gives a resource several of, sorted; fails when it no longer does."""
    values = sorted(str(v) for v in app.extensions["sahel_ld"].dataset.objects(URIRef(iri), prop))
    assert len(values) > 1, f"the data no longer has {what}"
    return values


def test_a_claim_supported_by_two_passages_shows_and_cites_both(client, app):
    """The text's words between the two passages hedge another claim: each passage is a quote of its own."""
    claim = "https://w3id.org/sahel-ld/id/claim/isgs-operates-in-proximity-to-jnim"
    passages = _several(app, claim, SAHEL.quote, "a claim with two quotes")
    own = page(client, "/doc/claim/isgs-operates-in-proximity-to-jnim")
    assert all(f"<p>“{html.escape(p, quote=False)}”</p>" in own for p in passages)
    jnim = page(client, "/doc/org/jnim")
    numbers = [int(re.search(r'id="quote-(\d+)">\s*<blockquote class="quote" lang="en">\s*<p>“' + re.escape(
        html.escape(p, quote=False)) + "”", jnim)[1]) for p in passages]
    refs = re.findall(r'<a class="ref" href="#quote-(\d+)" title="“([^"]*)”"', jnim)
    assert all((str(n), html.escape(p)) in refs for n, p in zip(numbers, passages)), refs
    cited = client.get(f"/cite?iri={claim}&format=text").get_data(as_text=True)
    assert f"“{passages[0]} … {passages[1]}”" in cited


def test_a_place_within_several_places_names_them_all_and_is_browsed_under_each_country(client):
    summary = page(client, "/doc/place/mali-burkina-faso-border")
    located = summary[summary.index('<dd class="located_in">'):]
    located = located[:located.index("</dd>")]
    assert 'href="/doc/place/mali"' in located and 'href="/doc/place/burkina-faso"' in located
    menaka = page(client, "/doc/place/menaka-region")
    located = menaka[menaka.index('<dd class="located_in">'):]
    assert located.index('href="/doc/place/north-eastern-mali"') < located.index("</dd>")
    browse = page(client, "/browse/places")
    sections = browse.split("<h2")
    holding = [s[:s.index("</h2>")] for s in sections if 'href="/doc/place/mali-burkina-faso-border"' in s]
    assert len(holding) == 2 and any("Mali" in h for h in holding) and any("Burkina Faso" in h for h in holding)


def test_every_source_of_a_places_coordinates_is_linked(client, app):
    sources = _several(app, "https://w3id.org/sahel-ld/id/place/aguelhok", SAHEL.coordinateSource,
                       "a place with two coordinate sources")
    text = page(client, "/doc/place/aguelhok")
    assert all(f'href="{html.escape(s)}" rel="external"' in text for s in sources)
