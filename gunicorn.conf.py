"""gunicorn settings: `gunicorn -c gunicorn.conf.py --workers 3 --bind 127.0.0.1:8000 wsgi:app`.

Flask-Limiter keeps its counters (logins, registrations, posts) in the memory of each worker
unless REDIS_URL names a shared storage: with several workers each would count on its own and
every limit would be multiplied by their number. So several workers need REDIS_URL.
(Failed logins are counted in the database and hold whatever the storage.)
"""


def on_starting(server):
    """Refuse to start several workers when the rate-limit storage is each worker's memory."""
    if server.cfg.workers <= 1:
        return
    from forum import create_app

    config = create_app().config
    if config.get("RATELIMIT_ENABLED", True) and config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        message = (f"Refusing to start {server.cfg.workers} workers: rate limits are counted in each worker's "
                   "memory (memory://). Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker "
                   "shares them, or run one worker.")
        server.log.error(message)
        raise SystemExit(message)
