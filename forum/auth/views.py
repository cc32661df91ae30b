"""Register, log in, log out; the account mails' links; the expert invitations page."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum import permissions
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import limiter, user_rate_key
from forum.forms import EmptyForm, label_choices, save_form
from forum.moderation.recruitment import recruitment_counts
from forum.notifications.models import FREQUENCY_LABELS, Frequency, NotificationKind
from forum.notifications.preferences import set_choice, set_email_frequency_for_all
from forum.people import services as people
from forum.people.models import UserKind
from forum.routing import existing_page, page_arg
from forum.templating import safe_next

from . import recovery, recruitment, registration, services, verification
from .forms import EmailForm, LoginForm, NewPasswordForm, RecruitForm, RegisterForm

bp = Blueprint("auth", __name__)


def start_login(user, remember: bool = False) -> None:
    """Open a new server-side login session for `user` in this browser."""
    login_user(people.start_session(user, remember=remember), remember=remember)


def _switch_to(user) -> None:
    """Log this browser in as `user` (a mailed link was used), ending the session it was in."""
    if current_user.is_authenticated:
        people.end_session(current_user)
        logout_user()
    start_login(user)


def _address_key() -> str:
    """Account mails are limited per address asked for too, whoever asks."""
    return "mail-to:" + people.normalize_email(request.form.get("email", ""))[:254]


# An address is mailed a few links an hour at most, and one browser may ask a few more.
account_mail_limit = limiter.shared_limit(lambda: current_app.config["ACCOUNT_MAIL_ADDRESS_RATE_LIMIT"],
                                          scope="account-mail-address", key_func=_address_key, methods=["POST"])
account_mail_ip_limit = limiter.shared_limit(lambda: current_app.config["ACCOUNT_MAIL_RATE_LIMIT"],
                                             scope="account-mail", methods=["POST"])


def _set_mail_choices(user, form) -> None:
    """What a commune official or an expert chose at registration: how often they hear of
    things by mail, and (experts) whether they want the questions on their skills."""
    if user.kind not in (UserKind.COMMUNE, UserKind.EXPERT):
        return
    frequency = Frequency(form.email_frequency.data)
    set_email_frequency_for_all(user.id, frequency)
    if user.kind == UserKind.EXPERT and form.skill_questions.data:
        set_choice(user.id, NotificationKind.SKILL_MATCH, True, frequency)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("threads.home"))
    invitation = recruitment.read_invitation(request.values.get("invitation"))
    if request.method == "GET" and request.args.get("invitation") and invitation is None:
        flash(_("This invitation has expired. You can still register below."), "info")
    form = RegisterForm(email_frequency=str(Frequency.IMMEDIATELY))
    form.email_frequency.choices = label_choices(FREQUENCY_LABELS)
    if request.method == "GET" and invitation is not None:
        form.kind.data, form.email.data = str(UserKind.EXPERT), invitation.email
        form.invitation.data = request.args["invitation"]
        form.skill_questions.data = True

    def register_user():
        user = registration.register(form.username.data, form.email.data, form.password.data,
                                     form.display_name.data, form.kind.data, invitation=invitation)
        if user is not None:
            _set_mail_choices(user, form)
            if user.email_verified_at is not None:
                start_login(user)
        return user

    saved, user = save_form(form, register_user)
    if not saved:
        return render_template("auth/register.html", form=form, invitation=invitation)
    if user is not None and user.email_verified_at is not None:  # through an invitation, with its address
        flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
        return redirect(safe_next(request.args.get("next"), url_for("threads.home")))
    # The same answer whether the account was created or the address already had one.
    flash(_("Check your mail: we sent a link to %(email)s to confirm the address. Meanwhile you can log in.",
            email=people.normalize_email(form.email.data)), "info")
    return redirect(url_for("auth.login"))


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


def _link_sent(email: str):
    flash(_("If an account uses %(email)s, we have sent a link to it. Check your mail (and its spam folder).",
            email=people.normalize_email(email)), "info")
    return redirect(url_for("auth.login"))


def _dead_link():
    return render_template("auth/dead_link.html"), 400


@bp.route("/password/forgot", methods=["GET", "POST"])
@account_mail_ip_limit
@account_mail_limit
def forgot_password():
    form = EmailForm()
    if save_form(form, lambda: recovery.send_password_reset(form.email.data))[0]:
        return _link_sent(form.email.data)
    return render_template("auth/email_form.html", form=form, title=_("Forgot your password?"),
                           intro=_("Enter your account's address: we will mail you a link to choose a new password."))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if recovery.reset_user(token) is None:
        return _dead_link()
    form = NewPasswordForm()

    def reset_and_log_in():
        user = recovery.reset_with_link(token, form.password.data)
        if user is not None and not user.is_suspended:
            _switch_to(user)
        elif user is not None and current_user.is_authenticated:
            logout_user()  # its session ended with every other one of the member
        return user

    saved, user = save_form(form, reset_and_log_in)
    if not saved:
        return render_template("auth/reset_password.html", form=form)
    if user is None:
        return _dead_link()
    flash(_("Your password has been changed. Every other session of your account has been closed."), "success")
    return redirect(url_for("auth.login" if user.is_suspended else "threads.home"))


@bp.route("/login/link", methods=["GET", "POST"])
@account_mail_ip_limit
@account_mail_limit
def login_link():
    form = EmailForm()
    if save_form(form, lambda: recovery.send_login_link(form.email.data))[0]:
        return _link_sent(form.email.data)
    return render_template("auth/email_form.html", form=form, title=_("Get a login link by e-mail"),
                           intro=_("Enter your account's address: we will mail you a link that logs you in "
                                   "without a password. It works once, for %(minutes)s minutes.",
                                   minutes=current_app.config["LOGIN_LINK_SECONDS"] // 60))


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def use_login_link(token: str):
    """GET asks (mail scanners open links too), POST logs in and uses the link up."""
    if recovery.login_link_user(token) is None:
        return _dead_link()
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            with transaction():
                user = recovery.log_in_with_link(token)
                if user is not None:
                    _switch_to(user)
        except InvalidInput as error:
            flash(error.message, "error")
            return redirect(url_for("auth.login"))
        if user is None:
            return _dead_link()
        flash(_("Hello %(name)s!", name=user.display_name), "success")
        return redirect(url_for("threads.home"))
    return render_template("auth/confirm_link.html", form=form, title=_("Log in"),
                           intro=_("This link logs you in once."), button=_("Log in"))


@bp.route("/email/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """GET asks, POST confirms the address (and logs in a newcomer who opened it elsewhere)."""
    found = verification.check_link(token)
    if found is None:
        return _dead_link()
    form = EmptyForm()
    if form.validate_on_submit():
        with transaction():
            done = verification.confirm_email(token)
            if done is not None:
                user, changed = done
                if not current_user.is_authenticated and not changed and not user.is_suspended:
                    start_login(user)
        if done is None:
            return _dead_link()
        flash(_("Thank you: your e-mail address %(email)s is confirmed.", email=user.email), "success")
        return redirect(url_for("threads.home"))
    return render_template("auth/confirm_link.html", form=form, title=_("Confirm your e-mail address"),
                           intro=_("Confirm that %(email)s is your address.", email=found[1]),
                           button=_("Confirm my address"))


@bp.route("/email/resend", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["ACCOUNT_MAIL_ADDRESS_RATE_LIMIT"], key_func=user_rate_key)
@transaction()
def resend_verification():
    if EmptyForm().validate_on_submit() and current_user.email_verified_at is None:
        verification.send_verification(current_user)
        flash(_("We sent a new link to %(email)s.", email=current_user.email), "info")
    return redirect(safe_next(request.form.get("next"), url_for("threads.home")))


@bp.route("/mod/invitations", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RECRUIT_RATE_LIMIT"], key_func=user_rate_key, methods=["POST"])
def invitations():
    if not permissions.can_recruit_experts(current_user):
        raise NotAllowed
    form = RecruitForm()
    saved, result = save_form(form, lambda: recruitment.invite_experts(
        current_user, form.addresses.data, form.message.data))
    if saved:
        if result.sent:
            flash(_("Invitations sent to: %(addresses)s.", addresses=", ".join(result.sent)), "success")
        if result.members:
            flash(_("Not invited, they are already members: %(addresses)s.",
                    addresses=", ".join(result.members)), "info")
        if result.repeated:
            flash(_("Given more than once, invited once: %(addresses)s.",
                    addresses=", ".join(result.repeated)), "info")
        return redirect(url_for("auth.invitations"))
    page = existing_page(recruitment.list_invitations(page_arg(), per_page=50))
    return render_template("auth/invitations.html", form=form, invitations=page, counts=recruitment_counts(),
                           now=utcnow())
