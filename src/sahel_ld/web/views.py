"""The map, the actor network and the timeline: their pages, their data twins, the views inside resource pages."""

from __future__ import annotations

from flask import Blueprint, Flask

from .i18n import MESSAGES, reader_language

bp = Blueprint("views", __name__)


def views_messages() -> dict[str, str]:
    """The interface words the views' scripts read (the ``views_*`` keys), in the reader's language."""
    return {k: v for k, v in MESSAGES[reader_language()].items() if k.startswith("views_")}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(views_messages)
