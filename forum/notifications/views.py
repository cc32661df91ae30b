"""Notification pages: the list, watching, e-mail preferences, one-click unsubscribe."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
