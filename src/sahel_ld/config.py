"""Settings: one table of (name, default, help); defaults < SAHEL_LD_* environment < explicit values.

Every value is checked when the settings are built: its type (that of the default) and, for numbers, its
range; a bad value is a ``ValueError`` naming the setting, what it expects and what it got.
"""

from __future__ import annotations

import math
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
    minimum: float | None = None  # numbers: the smallest value accepted
    maximum: float | None = None  # numbers: the largest value accepted


SETTINGS: tuple[Setting, ...] = (
    Setting("root", "", "Folder holding ontology/, data/, shapes/ and queries/ (empty: the bundled ones)."),
    Setting("base_iri", BASE, "Base IRI of the dataset; requests to the served host map onto it."),
    Setting("store", "oxigraph", "Where queries run: 'oxigraph' (the build's store), 'memory' (rdflib, pure Python) "
                                 "or 'sparql' (an external engine at sparql_url)."),
    Setting("sparql_url", "", "With store=sparql: the external engine's SPARQL query address (each query names "
                              "our graphs as its dataset)."),
    Setting("graph_store_url", "", "The external engine's Graph Store Protocol address, where sahel-ld load puts "
                                   "the build (user:password@ where the engine asks for them)."),
    Setting("host", "127.0.0.1", "Interface the server listens on."),
    Setting("port", 8080, "Port the server listens on.", 1, 65535),
    Setting("threads", 16, "Worker threads of the WSGI server.", 2, 1024),
    Setting("processes", 1, "Server processes sharing the port, each with the whole app and its own query "
                            "workers.", 1, 64),
    Setting("sparql_threads", 12, "Server threads SPARQL requests may occupy at once (503 beyond); below threads, "
                                 "so that the rest always serve pages and files.", 1, 1023),
    Setting("client_queries", 2, "SPARQL requests one client may have in flight at once (429 beyond).", 1),
    Setting("client_header", "", "Header in which the reverse proxy passes the client's address (its last "
                                 "value counts), e.g. X-Forwarded-For; empty: the connection's address."),
    Setting("connection_limit", 1000, "Most connections the server holds open at once.", 1),
    Setting("channel_timeout", 20, "Seconds the server waits on a connection that sends nothing (slow clients, "
                                   "idle keep-alive) before closing it.", 1),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped (503).", 0.001, 3600),
    Setting("max_rows", 10000, "Most result rows (or triples) a SPARQL response carries; more are cut and flagged.",
            1),
    Setting("max_answer_bytes", 20_000_000, "Largest SPARQL answer body, in bytes; longer answers are cut to fit and "
                                            "flagged.", 1024),
    Setting("query_memory_mib", 1024, "Memory (MiB of address space) a SPARQL worker may add to what its dataset "
                                      "takes; a query that needs more is stopped (503). 0: no ceiling.", 0),
    Setting("max_body_bytes", 1_000_000, "Largest request body accepted, in bytes (413 above).", 1),
    Setting("max_query_length", 100_000, "Longest SPARQL query text accepted, in characters (400 above).", 1),
    Setting("sparql_workers", 2, "Worker processes that evaluate SPARQL queries.", 1, 256),
    Setting("cache_max_age", 300, "Seconds clients and proxies may cache responses (Cache-Control max-age).", 0),
    Setting("response_cache_size", 512, "Responses to identical requests kept in memory per dataset version.", 0),
    Setting("response_cache_bytes", 64 * 1024 * 1024, "Most bytes the kept responses (and refusals) may take.", 0),
    Setting("page_cache_bytes", 64_000_000, "Bytes of rendered pages and documents kept in memory per dataset "
                                            "version.", 0),
    Setting("build_dir", "", "Folder of builds (sahel-ld build); the server opens the build of the current inputs "
                             "there and writes nothing (empty: it builds at start-up, see dumps_dir)."),
    Setting("dumps_dir", "", "Without build_dir: folder the server builds into at start-up, dumps included "
                             "(empty: a fresh temporary folder)."),
    Setting("short_links_dir", "", "Folder keeping the query page's short links /q/<id> across restarts "
                                   "(empty: kept in memory while the server runs)."),
    Setting("short_link_max_length", 20_000, "Longest query text a short link stores, in characters (413 above)."),
    Setting("short_links_max_count", 5_000, "Most short links kept; when full, new ones are refused (507)."),
    Setting("wikidata_endpoint", "https://query.wikidata.org/sparql", "SPARQL endpoint of Wikidata for link checks."),
    Setting("trusted_hosts", "", "Comma-separated Host names (host or host:port) whose URL documents may carry "
                                 "instead of base_iri (empty: documents always name base_iri)."),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
ENV_PREFIX = "SAHEL_LD_"


def _coerce(setting: Setting, value: Any) -> Any:
    """A value (often an environment string) as the type of the setting's default, checked against its range."""
    default = setting.default
    if isinstance(default, str):
        value = os.fspath(value) if isinstance(value, os.PathLike) else value
        if not isinstance(value, str):
            raise ValueError(f"setting {setting.name}: expected a text, got {value!r}")
        return value
    kind = "an integer" if isinstance(default, int) else "a number"
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError
        number = float(value) if isinstance(default, float) else _integer(value)
    except (ValueError, OverflowError):
        raise ValueError(f"setting {setting.name}: expected {kind}, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"setting {setting.name}: expected a finite number, got {value!r}")
    low = -math.inf if setting.minimum is None else setting.minimum
    high = math.inf if setting.maximum is None else setting.maximum
    if not low <= number <= high:
        bounds = f"at least {low:g}" if high == math.inf else f"from {low:g} to {high:g}"
        raise ValueError(f"setting {setting.name}: expected {kind} {bounds}, got {value!r}")
    return number


def _integer(value: int | float | str) -> int:
    """An integer from an int, a whole float or a decimal text; ValueError otherwise."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    return int(value)


def load_config(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the settings dict from the defaults, the ``SAHEL_LD_*`` environment and explicit overrides."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    for setting in SETTINGS:
        if ENV_PREFIX + setting.name.upper() in environ:
            config[setting.name] = _coerce(setting, environ[ENV_PREFIX + setting.name.upper()])
    for name, value in (overrides or {}).items():
        if name not in DEFAULTS:
            raise KeyError(f"unknown setting {name!r}; known: {', '.join(DEFAULTS)}")
        config[name] = _coerce(BY_NAME[name], value)
    if not config["base_iri"].endswith("/"):
        raise ValueError("setting base_iri must end with '/'")
    if config["sparql_threads"] >= config["threads"]:
        raise ValueError(f"setting sparql_threads: expected fewer than threads ({config['threads']}), so that pages "
                         f"keep threads of their own, got {config['sparql_threads']}")
    return config


def config_from_args(args) -> dict[str, Any]:
    """The settings, with the command-line options that name a setting (``--root``, ``--store``, ...) applied."""
    return load_config({name: getattr(args, name) for name in DEFAULTS if getattr(args, name, None)})
