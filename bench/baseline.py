"""The naive baseline: rdflib's ``Graph.query`` behind a bare Flask route, served by waitress."""

from __future__ import annotations

import argparse

import waitress
from flask import Flask, Response, request
from rdflib import Dataset


def create(nquads: str) -> Flask:
    data = Dataset(default_union=True)
    data.parse(nquads, format="nquads")
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        result = data.query(request.values["query"])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Response(result.serialize(format="turtle"), content_type="text/turtle")
        return Response(result.serialize(format="json"), content_type="application/sparql-results+json")

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("nquads")
    parser.add_argument("port", type=int)
    args = parser.parse_args()
    waitress.serve(create(args.nquads), host="127.0.0.1", port=args.port, threads=8, ident="baseline")
