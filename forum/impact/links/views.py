"""Recording and updating linking records."""

from flask import Blueprint

bp = Blueprint("links", __name__)
