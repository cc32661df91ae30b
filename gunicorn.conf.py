"""gunicorn settings: `gunicorn -c gunicorn.conf.py --workers 3 --bind 127.0.0.1:8000 wsgi:app`.

Flask-Limiter keeps its counters (logins, registrations, posts) in the memory of each worker
unless REDIS_URL names a shared storage: with several workers each would count on its own and
every limit would be multiplied by their number. So several workers need REDIS_URL.
(Failed logins are also counted in the database, which every worker shares.) The same holds for
the page cache (forum/pagecache.py): several workers need it in Redis.
"""

from gunicorn.arbiter import Arbiter


def post_worker_init(worker):
    """Refuse to serve with several workers when the rate-limit storage is each one's memory;
    then start the worker's Markdown helper (forum.markup.warm_up).

    The worker checks the app it loaded (so instance/config.py and the environment count) and
    exits with gunicorn's boot-error code, which stops the whole server.
    """
    config = getattr(worker.wsgi, "config", {})
    if worker.cfg.workers > 1 and config.get("RATELIMIT_ENABLED", True) \
            and config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
        worker.log.error(
            "Refusing to run %s workers: rate limits would be counted in each worker's memory (memory://). "
            "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares them, or run one worker.",
            worker.cfg.workers)
        raise SystemExit(Arbiter.WORKER_BOOT_ERROR)
    if worker.cfg.workers > 1 and config.get("PAGE_CACHE") and config.get("CACHE_TYPE") == "SimpleCache":
        worker.log.error(
            "Refusing to run %s workers: each would keep its own page cache, which the others' writes "
            "could not clear. Set REDIS_URL so that they share one, set FORUM_PAGE_CACHE=false, or run one worker.",
            worker.cfg.workers)
        raise SystemExit(Arbiter.WORKER_BOOT_ERROR)
    # The Markdown helpers' fork server, started before the first request rather than by it.
    from forum import markup

    markup.warm_up()
