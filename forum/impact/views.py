"""The coordinator's pages: the dashboard against the targets, its lists, charts and exports."""

from flask import Blueprint

bp = Blueprint("impact", __name__)
