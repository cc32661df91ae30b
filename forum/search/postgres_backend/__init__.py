"""The PostgreSQL search backend: documents with a tsvector in the forum's own database."""

from .engine import PostgresBackend

__all__ = ["PostgresBackend"]
