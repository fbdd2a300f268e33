"""Where the ontology, data, shapes and saved queries live, in a checkout or an installed package."""

from importlib import resources
from pathlib import Path

FOLDERS = ("ontology", "data", "shapes", "queries")


def default_root() -> Path:
    """The folder that holds ontology/, data/, shapes/ and queries/.

    A source checkout keeps them at the top of the repository; an installed wheel ships them as
    package data under ``sahel_ld/_resources``.
    """
    checkout = Path(__file__).resolve().parents[2]
    if all((checkout / name).is_dir() for name in FOLDERS[:3]):
        return checkout
    return Path(str(resources.files("sahel_ld") / "_resources"))


def turtle_files(folder: Path) -> list[Path]:
    """Every ``.ttl`` path below a folder, sorted so that loading is deterministic (a folder named ``x.ttl`` is
    kept, so that loading it fails loudly instead of leaving its graph out)."""
    return sorted(folder.rglob("*.ttl"))
