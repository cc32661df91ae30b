"""Default settings. Installations override them in instance/config.py or the environment."""

from datetime import timedelta


class DefaultConfig:
    # SQLite file in the instance folder; Flask-SQLAlchemy resolves the relative path there.
    SQLALCHEMY_DATABASE_URI = "sqlite:///forum.sqlite"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")

    # Flask-Limiter: memory is fine for one process; use redis:// under several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window has no burst at the turn of each minute (and no flaky boundary in tests).
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    POST_RATE_LIMIT = "6 per minute;60 per hour"
    REGISTER_RATE_LIMIT = "5 per hour"

    THREADS_PER_PAGE = 25
    POSTS_PER_PAGE = 20
    TITLE_MIN_LENGTH = 8
    TITLE_MAX_LENGTH = 150
    BODY_MIN_LENGTH = 2
    BODY_MAX_LENGTH = 20_000
    MAX_TAGS_PER_THREAD = 5
    # A request body larger than this is refused with 413 before any parsing.
    MAX_CONTENT_LENGTH = 512 * 1024

    # Seconds one Markdown rendering may take before the post is refused.
    MARKUP_TIMEOUT = 1.0

    # SEARCH_INDEX_DIR defaults to instance/search_index.
    SEARCH_RESULTS_PER_PAGE = 20
    # How often each process looks for index work left by others (after a crash, say).
    SEARCH_POLL_SECONDS = 1.0
    # Seconds of index work one search may take (spelling, ranking, counting); past them it
    # shows what it found and says the results are incomplete.
    SEARCH_TIME_BUDGET = 0.2
    # SEARCH_SYNC: apply index work just before each search instead of in a background
    # thread. Defaults to TESTING, so test apps never leave indexing threads behind.
