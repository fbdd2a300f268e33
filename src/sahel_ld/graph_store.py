"""Put a build's named graphs into an external SPARQL engine through the Graph Store Protocol.

``sahel-ld load --into URL``: for each named graph of the build (a file's graph, and the inferred one), an
HTTP ``PUT URL?graph=<graph IRI>`` with the graph as N-Triples replaces that graph in the engine, so a
second load of the same build leaves the engine as it was. Every engine that implements the SPARQL 1.1
Graph Store HTTP Protocol accepts it (Oxigraph server: ``http://host:7878/store``; Virtuoso:
``http://user:password@host:8890/sparql-graph-crud-auth``; Fuseki: ``http://host:3030/<dataset>/data``).
A user and password in the address are sent with HTTP Digest or Basic authentication, whichever the engine
asks for, and never printed.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from . import progress
from .store import LoadedData

EXIT_OK, EXIT_UNREACHABLE = 0, 2


def graph_bodies(loaded: LoadedData):
    """(graph IRI, triple count, N-Triples body) for each named graph of the dataset."""
    store = loaded.oxigraph_store()
    for name in loaded.graph_names():
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))]
        yield str(name), len(triples), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def without_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The address without its ``user:password@`` part, the user and the password (None when absent)."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None, None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    host += f":{parts.port}" if parts.port else ""
    return (urlunsplit(parts._replace(netloc=host)), unquote(parts.username),
            unquote(parts.password) if parts.password is not None else "")


def put_graph(url: str, graph: str, body: bytes, timeout: float) -> None:
    """Replace one graph of the engine at ``url`` (its Graph Store Protocol address, credentials allowed)."""
    url, user, password = without_credentials(url)
    handlers = []
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        handlers = [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    separator = "&" if "?" in url else "?"
    request = urllib.request.Request(f"{url}{separator}{urlencode({'graph': graph})}", data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples",
                                              "User-Agent": "sahel-ld graph-store-load"})
    with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
        response.read()


def cmd_load(args) -> int:
    """``sahel-ld load --into URL``: put every named graph of the current build into the engine."""
    from .build import prepared
    from .config import config_from_args

    config = config_from_args(args)
    into = args.into or config["graph_store_url"]
    if not into:
        print("error: say where: --into URL or the setting graph_store_url", file=sys.stderr)
        return EXIT_UNREACHABLE
    loaded = prepared(config)
    try:
        for graph, size, body in graph_bodies(loaded):
            with progress.step(f"{graph} ({size} triples)"):
                put_graph(into, graph, body, args.timeout)
            print(f"{size:10d}  {graph}")
    except (urllib.error.URLError, OSError) as error:
        print(f"error: {without_credentials(into)[0]}: {getattr(error, 'reason', error)}", file=sys.stderr)
        return EXIT_UNREACHABLE
    return EXIT_OK


def register(subparsers, common) -> None:
    """Add ``load`` to the command line."""
    parser = subparsers.add_parser(
        "load", parents=[common], help="put the build's named graphs into an external SPARQL engine",
        description="Put every named graph of the current build into an external SPARQL engine with the Graph "
                    "Store Protocol (HTTP PUT URL?graph=IRI, N-Triples), replacing what the engine held in those "
                    "graphs. Exit 0 when every graph is in, 2 when the engine cannot be reached or refuses one.")
    parser.add_argument("--into", metavar="URL", help="the engine's Graph Store Protocol address, with "
                                                       "user:password@ where it asks for them (default: the "
                                                       "setting graph_store_url)")
    parser.add_argument("--build-dir", dest="build_dir", help="folder of builds (default: build now, in a "
                                                             "temporary folder)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for each graph (default 600)")
    parser.set_defaults(func=cmd_load)
