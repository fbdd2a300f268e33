"""The web service: ``create_app`` loads the dataset once and registers one blueprint per concern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app

from ..config import load_config
from ..build import prepared
from ..store import LoadedData
from . import errors

T = TypeVar("T")
BLUEPRINT_MODULES: tuple[str, ...] = (
    "i18n", "admission", "resources", "home", "browse", "ontology_page", "dumps", "void", "endpoint",
    "saved_queries", "views", "query_page", "search", "reconcile", "cite", "changes", "health", "static_files",
    "headers",  # last: its middleware wraps every other part
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: settings (defaults < environment < ``config``), the dataset, the routes."""
    settings = load_config(config)
    app = Flask(__name__)
    app.config["SAHEL_LD"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings["max_body_bytes"]
    app.json.ensure_ascii = False
    app.extensions["sahel_ld"] = prepared(settings)
    errors.init_app(app)
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        import_module(f"{__name__}.{name}").init_app(app)
    return app


def dataset() -> LoadedData:
    """The dataset of the app handling the current request."""
    return current_app.extensions["sahel_ld"]


def once(name: str, build: Callable[[], T]) -> T:
    """A value built on first use and kept for the app's life: the dataset does not change while it serves."""
    extensions = current_app.extensions
    if name not in extensions:
        extensions[name] = build()
    return extensions[name]


def settings() -> dict[str, Any]:
    """The settings of the app handling the current request."""
    return current_app.config["SAHEL_LD"]
