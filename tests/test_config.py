"""Settings: defaults, environment and explicit values, each setting documented in README."""

from pathlib import Path

import pytest

from sahel_ld.config import SETTINGS, load_config

README = Path(__file__).resolve().parents[1] / "README.md"


def test_explicit_values_beat_the_environment_which_beats_defaults():
    environ = {"SAHEL_LD_PORT": "9001", "SAHEL_LD_QUERY_TIMEOUT": "2.5"}
    assert load_config(environ=environ)["port"] == 9001
    assert load_config(environ=environ)["query_timeout"] == 2.5
    assert load_config({"port": 9002}, environ=environ)["port"] == 9002
    assert load_config(environ={})["port"] == 8080


def test_unknown_settings_and_bad_values_are_refused():
    with pytest.raises(KeyError, match="unknown setting 'prot'"):
        load_config({"prot": 1}, environ={})
    with pytest.raises(ValueError, match="setting port: expected an integer"):
        load_config(environ={"SAHEL_LD_PORT": "eighty"})


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme(setting):
    assert f"`SAHEL_LD_{setting.name.upper()}`" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "value", "expects"), [
    ("query_timeout", "nan", "finite"), ("query_timeout", "inf", "finite"), ("query_timeout", -1, "from 0.001"),
    ("max_rows", -1, "at least 1"), ("max_rows", 2.5, "an integer"), ("max_rows", True, "an integer"),
    ("port", 0, "from 1 to 65535"), ("response_cache_bytes", "lots", "an integer"), ("base_iri", 3, "a text"),
])
def test_values_out_of_type_or_range_are_refused_naming_the_setting(name, value, expects):
    with pytest.raises(ValueError, match=f"setting {name}: expected .*{expects}"):
        load_config({name: value}, environ={})


def test_sparql_threads_stay_below_the_server_threads():
    assert load_config({"threads": 4, "sparql_threads": 3}, environ={})["sparql_threads"] == 3
    with pytest.raises(ValueError, match="sparql_threads: expected fewer than threads"):
        load_config({"threads": 4, "sparql_threads": 4}, environ={})


def test_whole_numbers_and_paths_are_taken_as_their_setting_type(tmp_path):
    config = load_config({"max_rows": 5.0, "root": tmp_path, "query_timeout": "2"}, environ={})
    assert config["max_rows"] == 5 and config["root"] == str(tmp_path) and config["query_timeout"] == 2.0
