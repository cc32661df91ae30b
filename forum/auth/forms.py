"""Registration, login and account-mail forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from forum.forms import Form, label_choices
from forum.people.models import KIND_LABELS
from forum.people.services import PASSWORD_HINT, username_taken

from .recruitment import ADDRESSES_MAX_LENGTH, MESSAGE_MAX


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
    # Commune officials and experts: how they hear of things by e-mail (choices: the view's,
    # from forum.notifications); experts may also ask for the questions on their skills.
    email_frequency = SelectField(_l("E-mails about what concerns you"), choices=[],
                                  description=_l("For commune officials and experts. You can change it later."))
    skill_questions = BooleanField(_l("Notify me of new questions on my skills (experts)"))
    # The signed token of the expert invitation the form was opened from, if any.
    invitation = HiddenField()
    submit = SubmitField(_l("Create my account"))

    def validate_username(self, field):
        if username_taken(field.data):
            raise ValidationError(_l("This username is already taken."))


class LoginForm(Form):
    login = StringField(_l("Username or email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class EmailForm(Form):
    """An address to mail a password reset or login link to."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    submit = SubmitField(_l("Send me the link"))


class NewPasswordForm(Form):
    # Length and strength: people.services.check_new_password, shared with registration.
    password = PasswordField(_l("New password"), validators=[DataRequired()], description=PASSWORD_HINT)
    password_confirm = PasswordField(
        _l("New password again"), validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))]
    )
    submit = SubmitField(_l("Change password"))


class RecruitForm(Form):
    addresses = TextAreaField(_l("E-mail addresses"), validators=[DataRequired(), Length(max=ADDRESSES_MAX_LENGTH)],
                              description=_l("One address, or a list: one a line or separated by commas."))
    message = TextAreaField(_l("Personal message"), validators=[Length(max=MESSAGE_MAX)],
                            description=_l("Plain text, in French, at most %(max)s characters.", max=MESSAGE_MAX))
    submit = SubmitField(_l("Send the invitations"))
