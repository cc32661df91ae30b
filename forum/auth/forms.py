"""Registration and login forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from forum.forms import Form, label_choices
from forum.people.models import KIND_LABELS
from forum.people.services import PASSWORD_HINT, email_taken, username_taken


class RegisterForm(Form):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(min=3, max=30),
            Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters without accents, digits, dots, dashes and underscores only.")),
        ],
        description=_l("Shown as @name; 3 to 30 characters."),
    )
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)],
                               description=_l("Your name as others will see it."))
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    kind = RadioField(_l("You are"), choices=label_choices(KIND_LABELS),
                      validators=[DataRequired()])
    # Length and strength: people.services.check_new_password, shared with the CLI.
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             description=PASSWORD_HINT)
    password_confirm = PasswordField(
        _l("Password again"), validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))]
    )
    submit = SubmitField(_l("Create my account"))

    def validate_username(self, field):
        if username_taken(field.data):
            raise ValidationError(_l("This username is already taken."))

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError(_l("An account already uses this email address."))


class LoginForm(Form):
    login = StringField(_l("Username or email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))
