"""Register, log in, log out."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum.dbtypes import utcnow
from forum.extensions import db, limiter
from forum.forms import save_form
from forum.people import services as people
from forum.templating import safe_next

from .forms import LoginForm, RegisterForm

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("threads.home"))
    form = RegisterForm()
    created, user = save_form(form, lambda: people.create_user(
        form.username.data, form.email.data, form.password.data,
        display_name=form.display_name.data, kind=form.kind.data,
    ))
    if created:
        login_user(user)
        flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
        return redirect(safe_next(request.args.get("next"), url_for("threads.home")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("threads.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = people.authenticate(form.login.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong username, email or password."))
        elif user.is_suspended:
            form.login.errors.append(_("This account is suspended."))
        else:
            login_user(user, remember=form.remember.data)
            user.last_seen_at = utcnow()
            db.session.commit()
            flash(_("Hello %(name)s!", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("threads.home")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("threads.home"))
