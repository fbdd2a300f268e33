"""The reader's language (``?lang=``, then ``Accept-Language``, then English) and the pages' own words."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, g, request
from rdflib import Literal
from rdflib.namespace import XSD

LANGUAGES = ("en", "fr")

MESSAGES_DIR = Path(__file__).with_name("messages")


def load_messages(folder: Path = MESSAGES_DIR) -> dict[str, dict[str, str]]:
    """The interface's words, one catalogue file per part of the site (``messages/<part>.json``, each
    ``{"en": {key: text}, "fr": {...}}``), merged; a key defined twice or missing in a language is an error."""
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for path in sorted(folder.glob("*.json")):
        catalogue = json.loads(path.read_text(encoding="utf-8"))
        keys = {lang: set(catalogue.get(lang, {})) for lang in LANGUAGES}
        uneven = set.union(*keys.values()) - set.intersection(*keys.values())
        if uneven:
            raise ValueError(f"{path.name}: keys not given in every language: {sorted(uneven)}")
        for lang in LANGUAGES:
            twice = merged[lang].keys() & keys[lang]
            if twice:
                raise ValueError(f"{path.name}: keys already defined in another catalogue: {sorted(twice)}")
            merged[lang].update(catalogue[lang])
    return merged


MESSAGES = load_messages()

# Headings of incoming relations, by the local name of the sahel: property ("members of this coalition").
INCOMING_HEADINGS = {
    "en": {"memberOf": "Members", "headOf": "Leaders", "componentOf": "Components", "branchOf": "Branches",
           "founderOf": "Founders", "foundingMemberOf": "Founding members",
           "militaryCommanderOf": "Military commanders", "politicalRepresentativeOf": "Political representatives",
           "location": "Events here", "locatedAt": "Sites and events here", "within": "Places within",
           "operatesIn": "Actors operating here", "basedIn": "Actors based here", "deployedIn": "Deployed here",
           "perpetrator": "Events carried out", "claimedBy": "Events claimed", "target": "Targeted by",
           "victim": "Events with this victim", "participant": "Events taken part in",
           "category": "Organisations in this category", "partOf": "Parts", "splitFrom": "Split away",
           "succeeded": "Succeeded by", "hasSite": "Organisations with this site", "ethnicity": "People",
           "hasBase": "Organisations with this base", "hasHeadquarters": "Organisations with these headquarters",
           "associatedWith": "Actors associated with it", "alignedWith": "Aligned with it",
           "allegianceTo": "Owing allegiance to it", "supports": "Supported by", "promotedBy": "Promoting",
           "fightsAgainst": "Fought by", "attacked": "Attacked by", "trains": "Trained by",
           "emergedFrom": "Emerging from it", "composedOf": "Groups drawing members from it",
           "recruitsFrom": "Groups recruiting from it", "originatesFrom": "Originating here",
           "religion": "Followers", "role": "People with this role", "nameCoinedBy": "Names coined",
           "replacedAsLeader": "Replaced as leader by", "signatoryOf": "Signatories",
           "participatesIn": "Participants", "implements": "Implemented by", "agreement": "Signings",
           "signedBy": "Signings", "pledgedBy": "Pledges made", "pledgedTo": "Pledges received",
           "recognisedBy": "Recognitions", "recognises": "Recognised by", "concerns": "Concerned by",
           "originalOrganization": "Changes it went through", "resultingOrganization": "Created by",
           "attributedTo": "Events attributed", "country": "In this country", "appliesIn": "Applying here",
           "accusedOf": "Accusations"},
    "fr": {"memberOf": "Membres", "headOf": "Dirigeants", "componentOf": "Composantes", "branchOf": "Branches",
           "founderOf": "Fondateurs", "foundingMemberOf": "Membres fondateurs",
           "militaryCommanderOf": "Chefs militaires", "politicalRepresentativeOf": "Représentants politiques",
           "location": "Événements en ce lieu", "locatedAt": "Sites et événements en ce lieu",
           "within": "Lieux situés ici", "operatesIn": "Acteurs qui opèrent ici", "basedIn": "Acteurs basés ici",
           "deployedIn": "Déployés ici", "perpetrator": "Événements commis",
           "claimedBy": "Événements revendiqués",
           "target": "Visé par", "victim": "Événements dont il est victime", "participant": "Événements",
           "category": "Organisations de cette catégorie", "partOf": "Parties", "splitFrom": "Scissions",
           "succeeded": "Successeurs", "hasSite": "Organisations ayant ce site", "ethnicity": "Personnes",
           "hasBase": "Organisations ayant cette base", "hasHeadquarters": "Organisations ayant ce quartier général",
           "associatedWith": "Acteurs qui lui sont associés", "alignedWith": "Alignés sur lui",
           "allegianceTo": "Lui ayant prêté allégeance", "supports": "Soutenu par", "promotedBy": "Promeut",
           "fightsAgainst": "Combattu par", "attacked": "Attaqué par", "trains": "Formé par",
           "emergedFrom": "Issus de lui", "composedOf": "Groupes qui y recrutent leurs membres",
           "recruitsFrom": "Groupes qui y recrutent", "originatesFrom": "Originaires d’ici",
           "religion": "Fidèles", "role": "Personnes ayant ce rôle", "nameCoinedBy": "Noms forgés",
           "replacedAsLeader": "Remplacé à la tête par", "signatoryOf": "Signataires",
           "participatesIn": "Participants", "implements": "Mis en œuvre par", "agreement": "Signatures",
           "signedBy": "Signatures", "pledgedBy": "Allégeances prêtées", "pledgedTo": "Allégeances reçues",
           "recognisedBy": "Reconnaissances", "recognises": "Reconnu par", "concerns": "Concerné par",
           "originalOrganization": "Changements subis", "resultingOrganization": "Créé par",
           "attributedTo": "Événements attribués", "country": "Dans ce pays", "appliesIn": "S’applique ici",
           "accusedOf": "Accusations"},
}
INCOMING_FALLBACK = {"en": "“{}” pointing here", "fr": "« {} » vers cette ressource"}

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
PERIOD = {
    "en": {"from_to": "{} – {}", "from": "from {}", "to": "until {}"},
    "fr": {"from_to": "{} – {}", "from": "depuis {}", "to": "jusqu’en {}"},
}
# How numbers are written: the thousands separator (French: a narrow no-break space) and the decimal mark.
THOUSANDS = {"en": ",", "fr": "\u202f"}
DECIMAL_MARK = {"en": ".", "fr": ","}
NUMBER_TYPES = frozenset(str(t) for t in (XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger,
                                           XSD.positiveInteger, XSD.decimal))


def reader_language() -> str:
    """``?lang=`` when it names a language we speak, else the best of ``Accept-Language``, else English."""
    if "reader_language" not in g:
        asked = request.args.get("lang", "")
        g.reader_language = asked if asked in LANGUAGES else (
            request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0]))
    return g.reader_language


def translate(key: str, lang: str | None = None) -> str:
    """A word of the interface in the reader's language."""
    return MESSAGES[lang or reader_language()][key]


def incoming_heading(local_name: str, property_label: str, lang: str) -> str:
    """The heading of a group of incoming relations ("Members", "Events here")."""
    return INCOMING_HEADINGS[lang].get(local_name) or INCOMING_FALLBACK[lang].format(property_label)


def format_date(value: Literal, lang: str) -> str:
    """A date, month or year as words ("March 2017", "mars 2017"); other values unchanged."""
    text = str(value)
    parts = text.split("-")
    if value.datatype == XSD.gYearMonth and len(parts) == 2 and parts[1].isdigit():
        return f"{MONTHS[lang][int(parts[1]) - 1]} {parts[0]}"
    if value.datatype == XSD.date and len(parts) == 3 and parts[1].isdigit():
        return f"{int(parts[2])} {MONTHS[lang][int(parts[1]) - 1]} {parts[0]}"
    return text


def format_period(start: Literal | None, end: Literal | None, date: Literal | None, lang: str) -> str:
    """A claim's time as words: a point, a range or an open range."""
    words = PERIOD[lang]
    if date is not None:
        return format_date(date, lang)
    if start is not None and end is not None:
        return words["from_to"].format(format_date(start, lang), format_date(end, lang))
    if start is not None:
        return words["from"].format(format_date(start, lang))
    if end is not None:
        return words["to"].format(format_date(end, lang))
    return ""


def format_number(value: int | float | str, lang: str | None = None) -> str:
    """A number as the reader writes it: 8958 reads "8,958" in English and "8 958" (narrow no-break space) in
    French, 2.50 reads "2.5" and "2,5"; the fraction is kept as written, less trailing zeros. A value that is
    not a plain decimal number is returned as it is."""
    lang = lang or reader_language()
    text = str(value)
    whole, _, fraction = text.partition(".")
    digits = whole.lstrip("+-")
    if not digits.isdigit() or (fraction and not fraction.isdigit()) or len(whole) - len(digits) > 1:
        return text
    sign = "-" if whole.startswith("-") else ""
    fraction = fraction.rstrip("0")
    grouped = sign + f"{int(digits):,}".replace(",", THOUSANDS[lang])
    return grouped + (DECIMAL_MARK[lang] + fraction if fraction else "")


def format_size(size: int, lang: str | None = None, exact: bool = False) -> str:
    """A file size in the reader's words: "433.7 kB" / "433,7 ko" (decimal units), "809 bytes" / "809 octets";
    ``exact`` gives the number of bytes in full ("433,689 bytes")."""
    lang = lang or reader_language()
    if exact or size < 1000:
        # French counts 0 and 1 in the singular, English only 1.
        singular = size == 1 if lang == "en" else size < 2
        return f"{format_number(size, lang)}\u00a0{translate('byte' if singular else 'bytes', lang)}"
    value, units = float(size), translate("size_units", lang).split()
    for unit in units:
        value /= 1000
        if value < 999.95 or unit == units[-1]:
            break
    return f"{format_number(f'{value:.1f}', lang)}\u00a0{unit}"


def language_url(lang: str) -> str:
    """The current page in another language (other query arguments kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", lang)]
    return request.path + "?" + urlencode(args)


def init_app(app: Flask) -> None:
    """Give every template the reader's language, ``_`` for the interface words, the language switch, and the
    ``number`` and ``size`` filters."""

    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_size, "size")

    @app.context_processor
    def language_context() -> dict:
        return {"lang": reader_language(), "languages": LANGUAGES, "_": translate, "language_url": language_url}
