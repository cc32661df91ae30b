"""Boards (the PCD axes) and the tag vocabulary."""
