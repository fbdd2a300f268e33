"""The installed (non-editable) package finds its ontology, data, shapes and queries."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
import sahel_ld, sahel_ld.paths as paths
from pathlib import Path
root = paths.default_root()
assert Path(sahel_ld.__file__).is_relative_to(sys.argv[1]), sahel_ld.__file__
assert root.is_relative_to(sys.argv[1]), root
for folder in paths.FOLDERS:
    print(folder, len(list((root / folder).iterdir())))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from this checkout, unpacked into a folder of its own."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(work.glob("sahel_ld-*.whl"))
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return target


def test_the_installed_package_ships_ontology_data_shapes_and_queries(installed: Path, tmp_path: Path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(installed)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    counts = dict(line.split() for line in done.stdout.splitlines())
    for folder in ("ontology", "data", "shapes", "queries"):
        expected = len(list((ROOT / folder).iterdir()))
        assert int(counts[folder]) == expected, folder
