"""Static files under a versioned URL (?v=<content hash>), cached for a year with that version.

url_for("static", filename=...) adds the hash itself, so templates stay as they are. A request
with the current hash may be cached as immutable; without it (or with an old one) the file is
served as before, revalidated each time. The hash follows the file's size and modification
time, so an edited stylesheet gets a new URL without a restart.
"""

import hashlib
import os

from flask import request

_hashes: dict[str, tuple[tuple[int, int], str]] = {}


def file_version(path: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _hashes.get(path)
    if cached is None or cached[0] != key:
        with open(path, "rb") as f:
            cached = _hashes[path] = (key, hashlib.sha256(f.read()).hexdigest()[:12])
    return cached[1]


def init_app(app) -> None:
    def static_path(filename: str) -> str:
        return os.path.join(app.static_folder, filename)

    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            version = file_version(static_path(values["filename"]))
            if version:
                values["v"] = version

    @app.after_request
    def cache_versioned(response):
        if (request.endpoint == "static" and response.status_code in (200, 304) and request.args.get("v")
                and request.args["v"] == file_version(static_path(request.view_args["filename"]))):
            response.cache_control.public = True
            response.cache_control.max_age = app.config["STATIC_MAX_AGE"]
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
