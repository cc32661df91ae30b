"""Profile and role forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from forum.forms import Form, label_choices

from .models import KIND_LABELS, ROLE_LABELS, Role

COMMON_PASSWORDS = {
    "motdepasse", "motdepasse1", "motdepasse123", "password", "password1", "password123",
    "azertyuiop", "qwertyuiop", "1234567890", "0123456789", "12345678910", "marocmaroc", "soleil123",
}


def strong_password(form, field):
    password = field.data or ""
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        raise ValidationError(_l("This password is too easy to guess."))
    if password.isdigit():
        raise ValidationError(_l("Use letters too, not only digits."))
    username = getattr(form, "username", None)
    if username is not None and username.data and username.data.lower() in password.lower():
        raise ValidationError(_l("The password must not contain your username."))


class ProfileForm(Form):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    kind = RadioField(_l("You are"), choices=label_choices(KIND_LABELS),
                      validators=[DataRequired()])
    submit = SubmitField(_l("Save"))


class PasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200), strong_password])
    password_confirm = PasswordField(
        _l("New password again"), validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))]
    )
    submit = SubmitField(_l("Change password"))


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=label_choices({r: ROLE_LABELS[r] for r in (Role.MEMBER, Role.MODERATOR)}))
    submit = SubmitField(_l("Change role"))
