"""``sahel-ld release`` (a release folder: dumps named by version, SHA256SUMS, citation, notes) and ``sahel-ld diff``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from .config import config_from_args
from .diff import VersionError, as_text, compare, read_version
from .dumps import CHECKSUMS, DumpFile, versioned_stem, write_dumps
from .paths import default_root
from .release import CITATION, RECORDS, read_release
from .stats import dataset_stats
from .store import LoadedData, load

EXIT_OK, EXIT_UNREADABLE = 0, 2


def release_folder(loaded: LoadedData, out: Path, previous: str | None) -> tuple[Path, dict]:
    """Write ``<out>/sahel-ld-<version>/`` and return it with its record of changes."""
    release = read_release(loaded.root, loaded.base_iri)
    if not release.is_release:
        raise VersionError(f"{loaded.root / CITATION}: give the release a version and a date-released first")
    folder = out / versioned_stem(loaded)
    if folder.exists():
        raise VersionError(f"{folder} exists already: a release is never written twice")
    named = [dump for dump in write_dumps(loaded, folder) if dump.name != CHECKSUMS]
    shutil.copyfile(loaded.root / CITATION, folder / CITATION)
    stats = dataset_stats(loaded)
    record = {"version": release.version, "released": release.released.isoformat(),
              "totals": {"triples": stats["triples"], "claims": sum(stats["claims_by_certainty"].values())},
              "previous": None, "summary": None}
    if previous:
        current = read_version(str(next(folder.glob("*.nq.gz"))), loaded.root)
        changes = compare(read_version(previous, loaded.root), current)
        changes["new"] = release.version
        record.update(previous=changes["old"], summary=changes["summary"],
                      **{k: changes[k] for k in ("claims", "entities", "links")})
    (folder / "changes.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "RELEASE-NOTES.md").write_text(release_notes(record, named), encoding="utf-8")
    return folder, record


def release_notes(record: dict, files: list[DumpFile]) -> str:
    """The release note: what the release holds, what changed since the previous one, the files."""
    totals = record["totals"]
    lines = [f"# sahel-ld {record['version']} ({record['released']})", "",
             f"{totals['triples']} triples, {totals['claims']} claims.", ""]
    if record["summary"] is None:
        lines += ["First release.", ""]
    else:
        lines += [f"## Changes since {record['previous']}", ""]
        for kind, counts in record["summary"].items():
            lines.append(f"- {kind}: " + ", ".join(f"{n} {change}" for change, n in counts.items()))
        for kind in ("claims", "entities", "links"):
            for change, rows in record[kind].items():
                if rows:
                    lines += ["", f"### {kind.capitalize()} {change}", ""]
                    lines += [f"- {row['label']}" + (f" ({', '.join(row['properties'])})" if row.get("properties")
                                                     else "") for row in rows]
        lines.append("")
    lines += ["## Files", "", "| file | bytes | SHA-256 |", "| --- | ---: | --- |"]
    lines += [f"| {f.name} | {f.size} | `{f.sha256}` |" for f in sorted(files, key=lambda f: f.name)]
    return "\n".join(lines) + "\n"


def cmd_release(args) -> int:
    """``sahel-ld release OUT``: write the release folder; ``--record`` also keeps its changes in releases/."""
    loaded = load(config_from_args(args))
    try:
        folder, record = release_folder(loaded, Path(args.directory), args.previous)
    except VersionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.record:
        (loaded.root / RECORDS).mkdir(exist_ok=True)
        shutil.copyfile(folder / "changes.json", loaded.root / RECORDS / f"{record['version']}.json")
    print(folder)
    return EXIT_OK


def cmd_diff(args) -> int:
    """``sahel-ld diff OLD NEW``: claims, entities and links added, removed and changed."""
    repository = Path(args.root) if args.root else default_root()
    try:
        report = compare(read_version(args.old, repository), read_version(args.new, repository))
    except VersionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n" if args.format == "json"
                     else as_text(report))
    return EXIT_OK


def register(subparsers, common) -> None:
    """Add ``release`` and ``diff`` to the command line."""
    parser = subparsers.add_parser(
        "release", parents=[common], help="write a release folder: dumps named by version, SHA256SUMS, notes",
        description="Write DIRECTORY/sahel-ld-<version>/ for the version and date-released of CITATION.cff: every "
                    "dump named by version (sahel-ld-<version>.ttl, ...), SHA256SUMS, CITATION.cff, changes.json and "
                    "RELEASE-NOTES.md (built from the differences with --previous). Exit 2 when CITATION.cff gives "
                    "no release or the folder exists.")
    parser.add_argument("directory", help="folder to write the release folder into")
    parser.add_argument("--previous", help="the previous release (folder, dump or git revision) to compare with")
    parser.add_argument("--record", action="store_true",
                        help="also copy changes.json to releases/<version>.json, which /changes shows")
    parser.set_defaults(func=cmd_release)

    parser = subparsers.add_parser(
        "diff", parents=[common], help="what changed between two versions of the data",
        description="Compare two versions (dump files, release folders, data roots or git revisions of the "
                    "repository): claims, entities and links added, removed and changed. Exit 2 when a version "
                    "cannot be read.")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(func=cmd_diff)
