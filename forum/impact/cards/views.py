"""Writing, reviewing and reading capitalisation cards: the Bibliothèque."""

from flask import Blueprint

bp = Blueprint("cards", __name__)
