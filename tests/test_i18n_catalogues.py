"""The interface's words: one catalogue file per part of the site, every key in every language, none twice."""

import json
from pathlib import Path

import pytest

from sahel_ld.web.i18n import LANGUAGES, MESSAGES, MESSAGES_DIR, load_messages


def test_every_catalogue_gives_every_key_in_every_language():
    files = sorted(MESSAGES_DIR.glob("*.json"))
    assert files, "no message catalogue found"
    for path in files:
        catalogue = json.loads(path.read_text(encoding="utf-8"))
        assert sorted(catalogue) == sorted(LANGUAGES), path.name
        assert set(catalogue["en"]) == set(catalogue["fr"]), path.name
        assert all(text.strip() for lang in LANGUAGES for text in catalogue[lang].values()), path.name


def test_the_merged_catalogue_holds_every_file():
    assert MESSAGES["fr"]["home"] == "Accueil"
    total = sum(len(json.loads(p.read_text(encoding="utf-8"))["en"]) for p in MESSAGES_DIR.glob("*.json"))
    assert len(MESSAGES["en"]) == total


def write(folder: Path, name: str, catalogue: dict) -> None:
    (folder / name).write_text(json.dumps(catalogue), encoding="utf-8")


def test_a_key_missing_in_one_language_is_named(tmp_path: Path):
    write(tmp_path, "a.json", {"en": {"one": "One", "two": "Two"}, "fr": {"one": "Un"}})
    with pytest.raises(ValueError, match=r"a\.json: keys not given in every language: \['two'\]"):
        load_messages(tmp_path)


def test_a_key_defined_in_two_catalogues_is_named(tmp_path: Path):
    write(tmp_path, "a.json", {"en": {"one": "One"}, "fr": {"one": "Un"}})
    write(tmp_path, "b.json", {"en": {"one": "One"}, "fr": {"one": "Un"}})
    with pytest.raises(ValueError, match=r"b\.json: keys already defined in another catalogue: \['one'\]"):
        load_messages(tmp_path)
