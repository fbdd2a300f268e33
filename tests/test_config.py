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
