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
    # A login with "remember me" lasts this long on the server too; without it, a login lasts
    # LOGIN_SESSION_DURATION. Logging out or changing the password ends it at once.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    LOGIN_SESSION_DURATION = timedelta(days=1)
    # Set to "https" when the site is served over HTTPS (behind its TLS proxy): cookies become
    # Secure and responses carry HSTS for HSTS_MAX_AGE seconds (forum/security.py).
    PREFERRED_URL_SCHEME = "http"
    HSTS_MAX_AGE = 365 * 24 * 3600
    # Scripts and styles are files under static/ only: nothing inline, no other origin.
    CONTENT_SECURITY_POLICY = {
        "default-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    # Static URLs carry ?v=<content hash>; with the current hash they are cached this long.
    STATIC_MAX_AGE = 365 * 24 * 3600

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")

    # Whole pages for anonymous visitors (forum/pagecache.py), dropped after every write by a job.
    # Flask-Caching's SimpleCache in process, or Redis (CACHE_REDIS_URL, set from REDIS_URL).
    PAGE_CACHE = True
    PAGE_CACHE_ENDPOINTS = frozenset({
        "threads.home", "threads.board", "threads.show", "threads.questions", "threads.needs",
        "boards.index", "matching.experts", "communes.index", "communes.show", "tags.index", "tags.show",
    })
    CACHE_DEFAULT_TIMEOUT = 600
    CACHE_KEY_PREFIX = "forum:"

    # Flask-Compress (its defaults: zstd, br, gzip; level 6) compresses pages for the clients
    # that accept it, a slow rural link first. FORUM_COMPRESS_REGISTER=false when the proxy in
    # front compresses instead.
    COMPRESS_REGISTER = True
    # Not the streamed responses (static files): Flask-Compress's streaming wrapper never
    # closes the file it streams. Static files carry a hashed URL, are cached for a year, and
    # in production come from the proxy, gzipped there.
    COMPRESS_STREAMS = False

    # Flask-Limiter: memory is fine for one process; use redis:// under several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window has no burst at the turn of each minute (and no flaky boundary in tests).
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    # Failed logins, counted in the database (shared by every worker and machine). After
    # LOGIN_FREE_FAILURES failures an account's next attempt waits 2, 4, 8... seconds, at most
    # LOGIN_MAX_BACKOFF_SECONDS: a back-off, never a ban, so an attacker cannot lock the owner out.
    # A successful login clears it. An address may fail LOGIN_ADDRESS_MAX_FAILURES times in
    # LOGIN_ADDRESS_WINDOW_SECONDS, whatever the accounts tried.
    # Durations in seconds, so that FORUM_LOGIN_... variables can set them.
    LOGIN_FREE_FAILURES = 3
    LOGIN_MAX_BACKOFF_SECONDS = 300
    LOGIN_ADDRESS_MAX_FAILURES = 30
    LOGIN_ADDRESS_WINDOW_SECONDS = 900
    # An account's failures are forgotten after a day without any.
    LOGIN_FAILURES_FORGET_SECONDS = 86_400
    # A browser that logged in is known for this long: its attempts are counted apart.
    LOGIN_KNOWN_BROWSER_SECONDS = 180 * 86_400
    POST_RATE_LIMIT = "6 per minute;60 per hour"
    # Per member: previews (all writing forms together), edits, expert invitations.
    PREVIEW_RATE_LIMIT = "12 per minute;120 per hour"
    EDIT_RATE_LIMIT = "10 per minute;60 per hour"
    INVITE_RATE_LIMIT = "10 per minute;40 per hour"
    REGISTER_RATE_LIMIT = "5 per hour"
    # Account mails (forum/auth): per address asked for, and per requesting IP or member.
    ACCOUNT_MAIL_ADDRESS_RATE_LIMIT = "3 per hour"
    ACCOUNT_MAIL_RATE_LIMIT = "10 per hour"
    # How long the links of account mails work, in seconds. A reset link also dies once the
    # password changes, a login link once it is used, a verification link once verified.
    EMAIL_VERIFY_SECONDS = 3 * 86_400
    PASSWORD_RESET_SECONDS = 3600
    LOGIN_LINK_SECONDS = 900
    # Expert recruitment by the community manager: requests (each up to RECRUIT_MAX_ADDRESSES
    # addresses) per member, and how long an invitation's link lets its address register.
    RECRUIT_RATE_LIMIT = "5 per minute;20 per hour"
    RECRUIT_MAX_ADDRESSES = 100
    RECRUIT_INVITATION_DAYS = 30

    # The address people reach the forum at: links in e-mails (written by jobs, outside any
    # request) start with it.
    BASE_URL = "http://127.0.0.1:5000"

    # E-mail (Flask-Mailman; FORUM_MAIL_SERVER etc. in the environment). The embedded default
    # writes each message as an .eml file under MAIL_FILE_PATH (instance/mail/ by default);
    # production sets MAIL_BACKEND = "smtp" and the server's MAIL_SERVER, MAIL_PORT,
    # MAIL_USE_TLS / MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD.
    MAIL_BACKEND = "forum.mail.EmlFileEmailBackend"
    MAIL_FILE_PATH = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_TIMEOUT = 30
    MAIL_DEFAULT_SENDER = "Communauté de Développement <noreply@localhost>"
    # Replies to notification mails go to reply+<token>@MAIL_REPLY_DOMAIN (forum/notifications).
    MAIL_REPLY_DOMAIN = "localhost"
    # A reply address stops working this many days after the mail that carried it.
    MAIL_REPLY_TOKEN_DAYS = 90
    # Replies by e-mail (`flask forum receive-mail`, `flask forum mail-listener`): a larger
    # message is refused unread (552); a member gets at most MAIL_REFUSAL_RATE_LIMIT refusal
    # mails, whatever is sent in their name.
    MAIL_INCOMING_MAX_BYTES = 1024 * 1024
    MAIL_REFUSAL_RATE_LIMIT = "10 per hour"

    # The day the project started (a datetime.date; the impact dashboard counts from it until an
    # admin sets the period); None: the day the forum's first member joined.
    IMPACT_START_DATE = None
    # The community manager's lists (forum/impact/community): a need still open after this many
    # days with no expert's reply is listed; a commune official seen within IMPACT_ACTIVE_DAYS
    # days is active.
    IMPACT_UNANSWERED_DAYS = 14
    IMPACT_ACTIVE_DAYS = 90

    THREADS_PER_PAGE = 25
    POSTS_PER_PAGE = 20
    NOTIFICATIONS_PER_PAGE = 30
    TITLE_MIN_LENGTH = 8
    TITLE_MAX_LENGTH = 150
    BODY_MIN_LENGTH = 2
    BODY_MAX_LENGTH = 20_000
    MAX_TAGS_PER_THREAD = 5
    # The composer shows a board's most used tags first, the others behind "More tags".
    COMPOSER_USUAL_TAGS = 8
    # New accounts (spam), as Discourse's trust level 0: a member whose live posts are fewer
    # than NEW_USER_POSTS may put at most NEW_USER_MAX_LINKS links leaving the forum in a
    # message, and open at most NEW_USER_MAX_THREADS_PER_DAY threads in the account's first
    # 24 hours. Moderators and admins are exempt. NEW_USER_LIMITS = False turns both off.
    NEW_USER_LIMITS = True
    NEW_USER_POSTS = 5
    NEW_USER_MAX_LINKS = 2
    NEW_USER_MAX_THREADS_PER_DAY = 3
    # A request body larger than this is refused with 413 before any parsing.
    MAX_CONTENT_LENGTH = 512 * 1024

    # Seconds one Markdown rendering may take before the post is refused.
    MARKUP_TIMEOUT = 1.0

    # The search engine, a name of forum.search.backend.BACKENDS: "whoosh" (SEARCH_INDEX_DIR
    # defaults to instance/search_index) or "postgres" (tables in the PostgreSQL database).
    SEARCH_BACKEND = "whoosh"
    SEARCH_RESULTS_PER_PAGE = 20
    # Seconds of index work one search may take (spelling, ranking, counting); past them it
    # shows what it found and says the results are incomplete.
    SEARCH_TIME_BUDGET = 0.2
    # SEARCH_SYNC: run pending index jobs just before each search, so a search sees every
    # committed change at once. Defaults to JOBS_RUNNER == "sync" (tests).

    # The after-commit jobs (forum/jobs). JOBS_RUNNER: "thread" (a thread in each process),
    # "external" (only `flask jobs worker` processes run them) or "sync" (only when asked:
    # tests); it defaults to "sync" under TESTING, "thread" otherwise.
    JOBS_POLL_SECONDS = 1.0
    JOBS_BATCH_SIZE = 500
    # A claimed job is another runner's to take if its runner has not finished it by then.
    JOBS_LEASE_SECONDS = 300
    # A failed job is retried after JOBS_RETRY_SECONDS, then twice as long each time (at most
    # JOBS_MAX_BACKOFF_SECONDS); after JOBS_MAX_ATTEMPTS it is kept as failed.
    JOBS_RETRY_SECONDS = 2.0
    JOBS_MAX_BACKOFF_SECONDS = 3600
    JOBS_MAX_ATTEMPTS = 10
