"""Flask extensions, created unbound and initialised in create_app()."""

from flask import request
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Stable constraint names, so that batch migrations on SQLite can drop them.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
mail = Mail()
cache = Cache()  # forum.pagecache: whole pages for anonymous visitors
compress = Compress()


def member_rate_key(user_id) -> str:
    """The key of one member's rate limits, on the web and by e-mail alike."""
    return f"user:{user_id}"


def user_rate_key() -> str:
    """Rate limits on what members do count per member (per address when logged out)."""
    return member_rate_key(current_user.get_id()) if current_user.is_authenticated else request.remote_addr or ""
