"""Communauté de Développement: the application factory."""

import os
import secrets

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

from . import extensions
from .config import DefaultConfig
from .extensions import babel, compress, csrf, limiter, login_manager, migrate
from .routing import Forum


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py and the environment (or test_config).

    `instance_path` defaults to the project's instance/ folder (editable install) and can be
    set for deployments that keep it elsewhere.
    """
    app = Forum(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        _config_from_environment(app)
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    _init_extensions(app)
    _register_blueprints(app)
    _init_templates(app)

    from . import assets, cli, errors, impact, jobs, mail, notifications, pagecache, search, security
    from .matching import stats
    from .people import communes as commune_members
    from .threads import tallies

    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    pagecache.init_app(app)
    mail.init_app(app)
    search.init_app(app)
    notifications.init_app(app)
    impact.init_app(app)
    stats.init_app(app)
    tallies.init_app(app)
    commune_members.init_app(app)
    return app


def _config_from_environment(app: Flask) -> None:
    """FORUM_* variables, plus the conventional DATABASE_URL and SECRET_KEY."""
    app.config.from_prefixed_env("FORUM")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        app.config.setdefault("CACHE_REDIS_URL", os.environ["REDIS_URL"])


def normalize_database_url(url: str) -> str:
    """postgres:// and postgresql:// URLs (as hosts hand them out) use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret_key(instance_path: str) -> str:
    """Read instance/secret_key, creating it on first run, so no secret lives in the repo."""
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key


def _select_locale():
    """The language chosen in the footer (a cookie), else the default: French."""
    choice = request.cookies.get("lang") if has_request_context() else None
    return choice if choice in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_extensions(app: Flask) -> None:
    from . import dbsetup
    from .dbtypes import render_migration_item

    # extensions.db, not a bare `db`: importing the forum.db module rebinds forum.db.
    dbsetup.configure(app)
    extensions.db.init_app(app)
    dbsetup.init_app(app)
    # migrations/ sits beside the package, wherever the command is run from.
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    migrate.init_app(app, extensions.db, directory=migrations, render_item=render_migration_item)
    # First registered, so its after_request runs last: it compresses the finished response,
    # and the page cache (registered later) keeps pages uncompressed.
    compress.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to do this.")

    from .people.services import load_session_user

    # Sessions and remember-me cookies carry a per-login token, not the user id: logging out
    # or changing the password ends them on the server (people.services.start_session).
    login_manager.id_attribute = "get_session_token"
    login_manager.user_loader(load_session_user)


def _register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
    from .boards.views import bp as boards_bp
    from .communes.views import bp as communes_bp
    from .impact.cards.views import bp as cards_bp
    from .impact.community.views import bp as community_bp
    from .impact.links.views import bp as links_bp
    from .impact.views import bp as impact_bp
    from .matching.views import bp as matching_bp
    from .moderation.views import bp as moderation_bp
    from .notifications.views import bp as notifications_bp
    from .people.views import bp as people_bp
    from .search.views import bp as search_bp
    from .tags.views import bp as tags_bp
    from .threads.views import bp as threads_bp

    for bp in (threads_bp, auth_bp, people_bp, boards_bp, tags_bp, communes_bp, moderation_bp, search_bp,
               matching_bp, notifications_bp, impact_bp, links_bp, cards_bp, community_bp):
        app.register_blueprint(bp)


def _init_templates(app: Flask) -> None:
    from . import permissions, templating

    app.jinja_env.globals.update(permissions.PREDICATES)
    templating.init_app(app)

    @app.context_processor
    def inject_user():
        # The user itself, not the proxy: a page asks "me" a few hundred times (permissions on
        # every post), and each proxy access looks the user up again.
        return {"me": current_user._get_current_object()}
