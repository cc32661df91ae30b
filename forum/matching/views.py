"""Pages where questions meet experts."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from forum.extensions import db
from forum.people.models import Commune

from . import models  # noqa: F401  (the blueprint's tables)

bp = Blueprint("matching", __name__)


@bp.route("/c/<slug>")
def commune(slug: str):
    """A commune's page."""
    found = db.session.scalar(select(Commune).where(Commune.slug == slug))
    if found is None:
        abort(404)
    return render_template("matching/commune.html", commune=found)
