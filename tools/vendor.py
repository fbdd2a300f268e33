"""Refresh the front-end libraries shipped under src/sahel_ld/web/static/vendor/ from the npm registry.

The manifest (vendor/manifest.json) pins each package: name, version, licence, the files taken from it and the
licence file. This script fetches each pinned tarball with `npm pack`, records its registry integrity, copies the
listed files and the licence into vendor/<name>/, and writes their SHA-256 into the manifest. To add a library,
add an entry (name, version, licence, licence_file, files) and run `make vendor`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "sahel_ld" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(name: str, version: str, into: Path) -> tuple[Path, str]:
    """`npm pack name@version` into a folder: the tarball and the registry's integrity string."""
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True).stdout
    packed = json.loads(out)[0]
    return into / packed["filename"], packed["integrity"]


def refresh(entry: dict, workdir: Path) -> dict:
    """Copy one package's listed files and licence into vendor/<name>/ and return its updated manifest entry."""
    tarball, integrity = fetch(entry["name"], entry["version"], workdir)
    unpacked = workdir / entry["name"].replace("/", "+")
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    package = unpacked / "package"
    target = VENDOR / entry["name"]
    shutil.rmtree(target, ignore_errors=True)
    files = {}
    for relative in [entry["licence_file"], *entry["files"]]:
        source = package / relative
        if not source.is_file():
            sys.exit(f"{entry['name']}@{entry['version']}: no file {relative} in the package")
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / relative)
        files[relative] = sha256(target / relative)
    return {**entry, "integrity": integrity, "files": {k: files[k] for k in entry["files"]},
            "licence_sha256": files[entry["licence_file"]]}


def main() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        manifest["packages"] = [refresh(entry, Path(tmp)) for entry in manifest["packages"]]
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(manifest['packages'])} packages written under {VENDOR}")


if __name__ == "__main__":
    main()
