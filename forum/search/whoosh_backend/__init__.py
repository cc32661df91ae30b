"""The embedded search backend: a Whoosh index on disk, searched in the web process."""

from .engine import WhooshBackend

__all__ = ["WhooshBackend"]
