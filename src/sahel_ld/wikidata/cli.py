"""The ``sahel-ld link`` commands: check, suggest, apply."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import config_from_args
from ..store import LoadError, load
from .client import Endpoint, EndpointError

EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2


def _loaded(args):
    config = config_from_args(args)
    return config, load(config)


def _endpoint(args, config) -> Endpoint:
    return Endpoint(args.endpoint or config["wikidata_endpoint"], timeout=args.timeout, retries=args.retries)


def _cannot_run(error: Exception) -> int:
    """Say why the dataset, the endpoint or the file cannot be used; exit status 2."""
    what = "endpoint unusable: " if isinstance(error, EndpointError) else ""
    print(f"error: {what}{error}", file=sys.stderr)
    return EXIT_UNREACHABLE


def cmd_check(args) -> int:
    """Check every link against the endpoint; exit 0 all hold, 1 some do not, 2 endpoint unusable."""
    from .check import check_links

    try:
        config, loaded = _loaded(args)
        report = check_links(loaded, _endpoint(args, config), args.batch_size)
    except (LoadError, EndpointError) as error:
        return _cannot_run(error)
    sys.stdout.write(report.as_json() if args.format == "json" else report.as_text())
    return EXIT_OK if report.holds else EXIT_FAILED


def cmd_suggest(args) -> int:
    """Write candidate items for unlinked entities to a review file."""
    from .suggest import suggest, write_review

    output = Path(args.output).resolve()
    try:
        config, loaded = _loaded(args)
        if output.is_relative_to((loaded.root / "data").resolve()):
            print("error: the review file must not go into data/; links enter it only through "
                  "`sahel-ld link apply`", file=sys.stderr)
            return EXIT_FAILED
        suggestions = suggest(loaded, _endpoint(args, config), args.limit, args.batch_size)
    except (LoadError, EndpointError) as error:
        return _cannot_run(error)
    write_review(output, suggestions)
    entities = len({s.entity.iri for s in suggestions})
    print(f"{len(suggestions)} candidate(s) for {entities} entit{'y' if entities == 1 else 'ies'} written to "
          f"{args.output}; mark the rows to keep with 'accept' in the decision column, then run "
          f"`sahel-ld link apply {args.output}`")
    return EXIT_OK


def cmd_apply(args) -> int:
    """Add the accepted rows of a review file to data/wikidata.ttl."""
    from .apply import LINKS_FILE, ReviewFileError, apply_review

    try:
        _, loaded = _loaded(args)
        result = apply_review(loaded, Path(args.file))
    except (LoadError, ReviewFileError) as error:
        return _cannot_run(error)
    for message in result.skipped:
        print(f"skipped: {message}")
    for message in result.errors:
        print(f"error: {message}", file=sys.stderr)
    if result.errors:
        print(f"nothing written: {len(result.errors)} row(s) to fix", file=sys.stderr)
        return EXIT_FAILED
    for link in result.added:
        print(f"added: {link.entity} {link.relation_key} {link.qid} ({link.status_key})")
    print(f"{len(result.added)} link(s) added to {LINKS_FILE.as_posix()}")
    return EXIT_OK


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``link check``, ``link suggest`` and ``link apply`` to the command line."""
    remote = argparse.ArgumentParser(add_help=False)
    remote.add_argument("--endpoint", help="SPARQL endpoint of Wikidata (default: setting wikidata_endpoint, "
                                           "https://query.wikidata.org/sparql)")
    remote.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each answer (default 30)")
    remote.add_argument("--retries", type=int, default=3,
                        help="retries on HTTP 429 and 5xx, with back-off and Retry-After honoured (default 3)")
    remote.add_argument("--batch-size", type=int, default=50, help="items asked about in one query (default 50)")

    link = subparsers.add_parser("link", help="check, suggest and apply links to Wikidata",
                                 description="Links between our entities and Wikidata items (data/wikidata.ttl).")
    actions = link.add_subparsers(dest="link_command", required=True, metavar="ACTION")

    p = actions.add_parser(
        "check", parents=[common, remote], help="check every link against a Wikidata endpoint",
        description="Ask the endpoint about every linked item: does it exist, is it redirected, does a label or "
                    "alias match ours (English or French, ignoring case and accents), is its type plausible, is "
                    "a place within 25 km of ours. Exit 0 when all links hold, 1 when some do not, 2 when the "
                    "endpoint cannot be reached or answers garbage.")
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    p.set_defaults(func=cmd_check)

    p = actions.add_parser(
        "suggest", parents=[common, remote], help="propose items for entities without a link",
        description="Search the endpoint for items whose label or alias is one of an unlinked entity's names, "
                    "keep those of a plausible type, rank them and write a review file (TSV). Nothing is "
                    "written to data/: accept rows in the file, then run `sahel-ld link apply FILE`.")
    p.add_argument("--output", default="wikidata-review.tsv", help="review file to write (default %(default)s)")
    p.add_argument("--limit", type=int, default=5, help="candidates kept per entity (default 5)")
    p.set_defaults(func=cmd_suggest)

    p = actions.add_parser(
        "apply", parents=[common], help="turn accepted rows of a review file into links",
        description="Add each row whose decision is 'accept' to data/wikidata.ttl as a link with method "
                    "curator-review and the row's status (default single-source; close-match gives "
                    "skos:closeMatch). Exit 0 when written (or nothing to add), 1 when a row is wrong (then "
                    "nothing is written), 2 when the file or the dataset cannot be read.")
    p.add_argument("file", help="the review file written by `sahel-ld link suggest`")
    p.set_defaults(func=cmd_apply)
