"""``sahel-ld query``: run a saved query (``NAME --param value``) or a SPARQL file from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import config_from_args
from .formats import RESULTS
from .build import prepared
from .store import LoadError

FORMATS = ("table", *(f.name for f in RESULTS))
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _cell(term: dict | None) -> str:
    """A result cell as text: IRIs shortened with the project's prefixes."""
    from .queries import compact

    if term is None:
        return ""
    return compact(term["value"]) if term["type"] == "uri" else term["value"]


def _print_table(columns: list[str], rows: list[dict]) -> None:
    """Columns padded to their widest cell, then a count."""
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    for line in [columns, ["-" * w for w in widths], *cells]:
        print("  ".join(value.ljust(width) for value, width in zip(line, widths)).rstrip())
    print(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")


def _param_parser(catalogue, name: str) -> argparse.ArgumentParser:
    """An argument parser for one saved query's parameters (``--help`` lists them)."""
    query = catalogue.get(name)
    parser = argparse.ArgumentParser(prog=f"sahel-ld query {name}", description=query.description)
    parser.add_argument("--format", choices=FORMATS, default=None, help="output format (default: table)")
    for param in query.params:
        default = f"; default {param.default}" if param.default is not None else ""
        parser.add_argument(f"--{param.name}", required=param.required, metavar="VALUE",
                            help=f"{param.description or param.name}: {param.expects()}{default}")
    return parser


def cmd_query(args) -> int:
    """Run a saved query or a SPARQL file and print the answer."""
    from .queries import Catalogue, NotRunHere, ParamError, QueryFileError, UnknownQuery

    config = config_from_args(args)
    try:
        loaded = prepared(config)
        catalogue = Catalogue(loaded)
    except (LoadError, QueryFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.list or (args.name is None and args.sparql is None):
        for query in catalogue.queries.values():
            print(f"{query.name:28} {query.summary}")
        return EXIT_OK
    output = args.format
    try:
        if args.sparql:
            text = Path(args.sparql).read_text(encoding="utf-8")
        else:
            parsed = _param_parser(catalogue, args.name).parse_args(args.params)
            output = parsed.format or output
            given = {k: v for k, v in vars(parsed).items() if k != "format" and v is not None}
            _, _, text = catalogue.prepare(args.name, given)
    except (UnknownQuery, ParamError, NotRunHere, OSError) as error:
        message = f"no saved query {args.name!r} (see: sahel-ld query --list)" if isinstance(
            error, UnknownQuery) else str(error)
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    return _print_answer(loaded, config, text, output or "table")


def _print_answer(loaded, config: dict, text: str, output: str) -> int:
    """Run a query text with the SPARQL engine and write its answer to standard output."""
    from . import formats
    from .queries import table
    from .sparql import Engine, EngineBusy, EngineFailure, EngineUnavailable, QueryError, QueryRequest, QueryTimeout

    engine = Engine(loaded, {**config, "sparql_workers": 1, "response_cache_size": 0})
    try:
        result = engine.run(QueryRequest(text=text, results_format=formats.by_name(
            "json" if output == "table" else output)))
    except QueryError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except (QueryTimeout, EngineBusy, EngineFailure, EngineUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.close()
    if output == "table" and result.form == "SELECT":
        _print_table(*table(result))
    else:
        sys.stdout.buffer.write(result.body)
        sys.stdout.flush()
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser) -> None:
    """Add ``sahel-ld query``."""
    p = sub.add_parser(
        "query", parents=[common], help="run a saved query (NAME --param value) or a SPARQL file",
        description="Run a saved query from queries/ with its parameters as options (sahel-ld query NAME --help "
                    "lists them), or an ad-hoc query with --sparql FILE. Without a name, list the saved queries.")
    p.add_argument("--format", choices=FORMATS, help="output format (default: table)")
    p.add_argument("--sparql", metavar="FILE", help="run the SPARQL query in FILE instead of a saved query")
    p.add_argument("--list", action="store_true", help="list the saved queries and exit")
    p.add_argument("name", nargs="?", help="name of the saved query (see --list)")
    p.add_argument("params", nargs=argparse.REMAINDER, help="--PARAM VALUE for each parameter of the query")
    p.set_defaults(func=cmd_query)
