"""Search by name: ``/api/search`` (JSON, for the header's suggestions and API clients) and the ``/search`` page."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Flask, abort, jsonify, render_template, request

from ..search import KINDS, Hit, SearchIndex
from . import dataset, once, settings, site
from .i18n import LANGUAGES, reader_language, translate
from .resources import href

bp = Blueprint("search", __name__)
MAX_TEXT, DEFAULT_LIMIT, MAX_LIMIT, PAGE_LIMIT = 200, 10, 50, 200


def search_index() -> SearchIndex:
    """The index of the served dataset, built on first use for its version."""
    loaded = dataset()
    return once(f"sahel_ld_search:{loaded.version}", lambda: SearchIndex.build(loaded))


def _text() -> str:
    text = request.args.get("q", "")
    if len(text) > MAX_TEXT:
        abort(400, description=f"q: at most {MAX_TEXT} characters")
    return text


def _kind() -> str | None:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        abort(400, description=f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def _limit() -> int:
    raw = request.args.get("limit", str(DEFAULT_LIMIT))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        abort(400, description=f"limit: expected a whole number from 1 to {MAX_LIMIT}, got {raw!r}")
    return int(raw)


def as_json(hit: Hit, lang: str) -> dict:
    """A hit as the API gives it: IRI, kind, name in ``lang``, type, the name that matched, score, its page's URL
    under the configured base and the page's path on this server."""
    entry = hit.entry
    page = href(entry.iri).split("?")[0]
    return {"id": entry.iri, "kind": entry.kind, "kindLabel": translate(f"find_kind_{entry.kind}", lang),
            "label": entry.label(lang), "type": entry.type_label(lang), "matched": hit.name.text,
            "score": hit.score, "url": site.url(page), "page": page}


@bp.get("/api/search")
def api():
    """Resources whose names match ``q``, best first; ``kind`` keeps one kind, ``lang`` names them."""
    if "q" not in request.args:
        abort(400, description="q: the text to search for is required")
    lang = request.args.get("lang", "en")
    if lang not in LANGUAGES:
        abort(400, description=f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    text, kind, limit = _text(), _kind(), _limit()
    hits = search_index().search(text, kind, lang, limit)
    response = jsonify({"query": text, "kind": kind, "lang": lang, "results": [as_json(h, lang) for h in hits]})
    response.cache_control.public = True
    response.cache_control.max_age = settings()["cache_max_age"]
    return response


@bp.get("/search")
def page():
    """The results page: every match, how many of each kind, a filter per kind."""
    lang, text, kind = reader_language(), _text(), _kind()
    hits = search_index().search(text, None, lang, PAGE_LIMIT)
    counts = Counter(h.entry.kind for h in hits)
    shown = [h for h in hits if kind is None or h.entry.kind == kind]
    return render_template("search.html", text=text, kind=kind, hits=shown, total=len(hits),
                           counts=[(k, counts[k]) for k in KINDS if counts[k]])


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
