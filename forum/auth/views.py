"""Register, log in, log out."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum.db import transaction
from forum.errors import InvalidInput
from forum.extensions import limiter
from forum.forms import save_form
from forum.people import services as people
from forum.templating import safe_next

from . import services
from .forms import LoginForm, RegisterForm

bp = Blueprint("auth", __name__)


def start_login(user, remember: bool = False) -> None:
    """Open a new server-side login session for `user` in this browser."""
    login_user(people.start_session(user, remember=remember), remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("threads.home"))
    form = RegisterForm()

    def register_and_log_in():
        user = people.create_user(form.username.data, form.email.data, form.password.data,
                                  display_name=form.display_name.data, kind=form.kind.data)
        start_login(user)
        return user

    created, user = save_form(form, register_and_log_in)
    if created:
        flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
        return redirect(safe_next(request.args.get("next"), url_for("threads.home")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("threads.home"))
    form = LoginForm()
    known = services.known_browser_user_id(request.cookies.get(services.KNOWN_BROWSER_COOKIE))
    if form.validate_on_submit():
        with transaction():  # a refusal too: the failure it counted is kept
            user = services.log_in(form.login.data, form.password.data, request.remote_addr, known_user_id=known)
            if not isinstance(user, InvalidInput):
                start_login(user, remember=form.remember.data)
        if isinstance(user, InvalidInput):
            getattr(form, user.field).errors.append(user.message)
        else:
            flash(_("Hello %(name)s!", name=user.display_name), "success")
            response = redirect(safe_next(request.args.get("next"), url_for("threads.home")))
            response.set_cookie(services.KNOWN_BROWSER_COOKIE, services.known_browser_token(user),
                                max_age=current_app.config["LOGIN_KNOWN_BROWSER_SECONDS"], httponly=True,
                                samesite="Lax", secure=current_app.config.get("REMEMBER_COOKIE_SECURE", False))
            return response
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
@transaction()
def logout():
    people.end_session(current_user)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("threads.home"))
