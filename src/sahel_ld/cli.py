"""The ``sahel-ld`` command: validate, stats, serve and the commands that modules register."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import progress
from .config import SETTINGS, config_from_args
from .store import STORES, LoadError, load

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
STATS_SECTIONS = (("triples per named graph", "graphs"), ("entities per kind (with sub-classes)", "entities_by_kind"),
                  ("entities per class (asserted)", "entities_by_class"), ("claims by certainty", "claims_by_certainty"))


def cmd_validate(args) -> int:
    """Validate ontology and data against the SHACL shapes."""
    from .shacl import validate_loaded

    with progress.step("load and infer"):
        loaded = load(config_from_args(args))
    with progress.step("validate"):
        report = validate_loaded(loaded)
    output = {"text": report.as_text, "json": report.as_json, "turtle": report.as_turtle}[args.format]()
    sys.stdout.write(output)
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_stats(args) -> int:
    """Print triples per named graph and entities per class."""
    from .stats import dataset_stats

    stats = dataset_stats(load(config_from_args(args)))
    if args.format == "json":
        print(json.dumps(stats, indent=2))
        return EXIT_OK
    print(f"dataset version {stats['version']}: {stats['triples']} triples")
    for title, key in STATS_SECTIONS:
        print(f"\n{title}:")
        print("\n".join(f"  {count:7d}  {name}" for name, count in stats[key].items()))
    return EXIT_OK


def cmd_serve(args) -> int:
    """Serve the dataset over HTTP (waitress; Flask's development server with --dev)."""
    from .web import create_app

    config = config_from_args(args)
    if args.dev:
        print(f"serving sahel-ld on http://{config['host']}:{config['port']}/", file=sys.stderr, flush=True)
        create_app(config).run(host=config["host"], port=config["port"], debug=True, use_reloader=False)
    else:
        from .server import serve

        serve(config)
    return EXIT_OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sahel-ld")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def cmd_build(args) -> int:
    """Validate, infer and write the build folder of the current inputs."""
    from .build import BuildInvalid, build

    config = config_from_args(args)
    try:
        folder = build(config, Path(config["build_dir"] or "build"), validate=not args.skip_validation)
    except BuildInvalid as error:
        sys.stdout.write(error.report.as_text())
        return EXIT_INVALID
    print(folder)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    settings = "\n".join(f"  SAHEL_LD_{s.name.upper():22} {s.help} (default: {s.default!r})" for s in SETTINGS)
    parser = argparse.ArgumentParser(
        prog="sahel-ld", description="Linked-data knowledge graph of the armed actors in Mali and the Sahel.",
        epilog="settings (environment variables):\n" + settings, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", help="folder with ontology/, data/, shapes/, queries/ (default: bundled)")
    common.add_argument("--store", choices=STORES, help="where queries run (see SAHEL_LD_STORE)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common], help="check ontology and data against the SHACL shapes",
                       description="Validate the ontology (shapes/ontology.ttl) and the data (shapes/data.ttl). "
                                   "Exit 0 when both conform, 1 when not, 2 when an input cannot be read.")
    p.add_argument("--format", choices=["text", "turtle", "json"], default="text", help="report format")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", parents=[common], help="count triples per named graph and entities per class",
                       description="Print the dataset's figures: triples per named graph, entities per class, "
                                   "claims by certainty.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("build", parents=[common], help="validate, infer and write the build folder",
                       description="Validate the inputs, infer, and write into BUILD_DIR/<key>/ (key: a hash of the "
                                   "inputs) the dumps with SHA256SUMS, the VoID description, the store the server "
                                   "opens, and a manifest; prints the folder. An existing build of the same inputs "
                                   "is reused. Exit 0 when built, 1 when the data does not conform (the report is "
                                   "printed), 2 when an input cannot be read.")
    p.add_argument("--build-dir", dest="build_dir", help="folder of builds (default: build)")
    p.add_argument("--skip-validation", action="store_true", help="do not check the shapes (for benchmarks)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", parents=[common], help="serve pages, SPARQL endpoint and dumps over HTTP",
                       description="Serve the dataset on HOST:PORT with the waitress WSGI server.")
    p.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default 8080)")
    p.add_argument("--build-dir", dest="build_dir", help="serve the build of the current inputs in this folder "
                                                        "(made by sahel-ld build); default: build at start-up")
    p.add_argument("--processes", type=int, help="server processes sharing the port (default 1)")
    p.add_argument("--dev", action="store_true", help="use Flask's development server (debug mode)")
    p.set_defaults(func=cmd_serve)

    for register in _registered_commands():
        register(sub, common)
    return parser


def _registered_commands():
    """Sub-commands that live next to the code they drive."""
    from .dumps import register as register_dump
    from .graph_store import register as register_load
    from .queries_cli import register as register_query
    from .release_cli import register as register_release
    from .wikidata.cli import register as register_link

    return [register_dump, register_load, register_link, register_query, register_release]


def main(argv: list[str] | None = None) -> int:
    """Run one command; a failure to start (bad input, setting, port or folder) is one line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except BrokenPipeError:  # the output was piped into a command that stopped reading (head, less)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (LoadError, ValueError, KeyError) as error:  # a bad input file, #+ header or setting
        return _failed(str(error.args[0] if isinstance(error, KeyError) else error))
    except OSError as error:  # a busy port, a folder that cannot be written, a path that is not a folder
        return _failed(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""))


def _failed(message: str) -> int:
    """Say why the command could not run, on one line (parsers' messages span several)."""
    lines = [line.strip() for line in message.splitlines() if line.strip() and line.strip() != "^"]
    print("error: " + " ".join(lines), file=sys.stderr)
    return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
