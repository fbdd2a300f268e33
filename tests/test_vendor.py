"""The shipped front-end libraries are exactly the pinned npm packages' files, each with its licence."""

import hashlib
import json
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "sahel_ld" / "web" / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_package_is_pinned_with_its_registry_integrity():
    assert MANIFEST["packages"], "no vendored package listed"
    for package in MANIFEST["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package["name"]
        assert package["integrity"].startswith("sha512-"), package["name"]
        assert package["licence"], package["name"]


def test_every_shipped_file_matches_its_pinned_checksum():
    for package in MANIFEST["packages"]:
        folder = VENDOR / package["name"]
        assert digest(folder / package["licence_file"]) == package["licence_sha256"], package["name"]
        for relative, expected in package["files"].items():
            assert digest(folder / relative) == expected, f"{package['name']}/{relative}"


def test_nothing_unlisted_is_shipped():
    listed = {VENDOR / "manifest.json"}
    for package in MANIFEST["packages"]:
        folder = VENDOR / package["name"]
        listed |= {folder / package["licence_file"], *(folder / relative for relative in package["files"])}
    shipped = {path for path in VENDOR.rglob("*") if path.is_file()}
    assert shipped == listed, sorted(str(p.relative_to(VENDOR)) for p in shipped ^ listed)
