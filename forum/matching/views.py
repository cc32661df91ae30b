"""Pages where questions meet experts."""

from flask import Blueprint

from . import models  # noqa: F401  (the blueprint's tables)

bp = Blueprint("matching", __name__)
