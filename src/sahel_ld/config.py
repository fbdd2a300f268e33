"""Settings: one table of (name, default, help); defaults < SAHEL_LD_* environment < explicit values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .namespaces import BASE


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("root", "", "Folder holding ontology/, data/, shapes/ and queries/ (empty: the bundled ones)."),
    Setting("base_iri", BASE, "Base IRI of the dataset; requests to the served host map onto it."),
    Setting("store", "oxigraph", "Where queries run: 'oxigraph' (the build's store), 'memory' (rdflib, pure Python) "
                                 "or 'sparql' (an external engine at sparql_url)."),
    Setting("sparql_url", "", "With store=sparql: the external engine's SPARQL query address (its default graph the "
                              "union of ours)."),
    Setting("graph_store_url", "", "The external engine's Graph Store Protocol address, where sahel-ld load puts "
                                   "the build."),
    Setting("host", "127.0.0.1", "Interface the server listens on."),
    Setting("port", 8080, "Port the server listens on."),
    Setting("threads", 8, "Worker threads of the WSGI server."),
    Setting("processes", 1, "Server processes sharing the port, each with the whole app and its own query workers."),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped (503)."),
    Setting("max_rows", 10000, "Most result rows (or triples) a SPARQL response carries; more are cut and flagged."),
    Setting("max_body_bytes", 1_000_000, "Largest request body accepted, in bytes (413 above)."),
    Setting("max_query_length", 100_000, "Longest SPARQL query text accepted, in characters (400 above)."),
    Setting("sparql_workers", 2, "Worker processes that evaluate SPARQL queries."),
    Setting("cache_max_age", 300, "Seconds clients and proxies may cache responses (Cache-Control max-age)."),
    Setting("response_cache_size", 512, "Responses to identical requests kept in memory per dataset version."),
    Setting("page_cache_bytes", 64_000_000, "Bytes of rendered pages and documents kept in memory per dataset version."),
    Setting("build_dir", "", "Folder of builds (sahel-ld build); the server opens the build of the current inputs "
                             "there and writes nothing (empty: it builds at start-up, see dumps_dir)."),
    Setting("dumps_dir", "", "Without build_dir: folder the server builds into at start-up, dumps included "
                             "(empty: a fresh temporary folder)."),
    Setting("wikidata_endpoint", "https://query.wikidata.org/sparql", "SPARQL endpoint of Wikidata for link checks."),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}
ENV_PREFIX = "SAHEL_LD_"


def _coerce(name: str, value: Any) -> Any:
    """Turn a value (often an environment string) into the type of the setting's default."""
    default = DEFAULTS[name]
    if isinstance(default, (int, float)) and not isinstance(value, (int, float)):
        try:
            return type(default)(value)
        except ValueError as error:
            raise ValueError(f"setting {name}: expected a {type(default).__name__}, got {value!r}") from error
    return value


def load_config(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the settings dict from the defaults, the ``SAHEL_LD_*`` environment and explicit overrides."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    for name in DEFAULTS:
        if ENV_PREFIX + name.upper() in environ:
            config[name] = _coerce(name, environ[ENV_PREFIX + name.upper()])
    for name, value in (overrides or {}).items():
        if name not in DEFAULTS:
            raise KeyError(f"unknown setting {name!r}; known: {', '.join(DEFAULTS)}")
        config[name] = _coerce(name, value)
    if not config["base_iri"].endswith("/"):
        raise ValueError("setting base_iri must end with '/'")
    return config


def config_from_args(args) -> dict[str, Any]:
    """The settings, with the command-line options that name a setting (``--root``, ``--store``, ...) applied."""
    return load_config({name: getattr(args, name) for name in DEFAULTS if getattr(args, name, None)})
