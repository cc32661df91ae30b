# Copy to instance/config.py and adjust. Environment variables override these values
# (DATABASE_URL, SECRET_KEY, REDIS_URL, or any setting as FORUM_<NAME>).

# PostgreSQL in production (psycopg 3 is installed with the forum):
# SQLALCHEMY_DATABASE_URI = "postgresql://forum:secret@127.0.0.1:5432/forum"

# Shared rate-limit counters when several gunicorn workers run:
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

# Behind HTTPS, send cookies over HTTPS only:
# SESSION_COOKIE_SECURE = True
# REMEMBER_COOKIE_SECURE = True

# SECRET_KEY: leave unset to use instance/secret_key, generated on first run.
