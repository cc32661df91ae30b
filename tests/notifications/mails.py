"""Replies as real mail clients write them (the tests write these fixture messages themselves):
the headers, MIME structure, transfer encodings, quote headers and signatures of Gmail,
Outlook, Apple Mail, Thunderbird, K-9 Mail on Android and the iPhone's Mail, in French."""

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

WHEN = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
FORUM = "Communauté de Développement <noreply@forum.test>"
# What the member answers, with what every client may mangle: accents, apostrophes, a list.
ANSWER = ("Bonjour, nous avons réglé ce problème l’an dernier à Aït Ourir.\n"
          "Le forage a coûté 300 000 MAD, financé à moitié par l’INDH.\n\n"
          "- étude hydrogéologique d’abord\n- puis l’appel d’offres")
# The notification they answer, quoted below their text.
QUOTED = ("Bob Expert a répondu à « Comment financer un forage d’eau potable ? » :\n\n"
          "Avez-vous pensé au programme d’eau potable rurale ?")
SUBJECT = "Re: Nouvelle réponse : Comment financer un forage d’eau potable ?"


def _headers(message: EmailMessage, sender: str, to: str, mailer: str | None = None, **extra) -> EmailMessage:
    message["From"] = sender
    message["To"] = to
    message["Subject"] = SUBJECT
    message["Date"] = format_datetime(WHEN)
    message["Message-ID"] = extra.pop("message_id", None) or make_msgid(domain=sender.rsplit("@", 1)[1].strip(">"))
    message["In-Reply-To"] = "<0f3c9a@forum.test>"
    message["References"] = "<0f3c9a@forum.test>"
    if mailer:  # Thunderbird names itself in User-Agent, the others in X-Mailer
        message["User-Agent" if "Thunderbird" in mailer else "X-Mailer"] = mailer
    for name, value in extra.items():
        message[name.replace("_", "-")] = value
    return message


def _quoted_lines(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _html(text: str) -> str:
    paragraphs = "".join(f"<div>{line or '<br>'}</div>" for line in text.split("\n"))
    return f'<div dir="ltr">{paragraphs}</div>'


def gmail(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """multipart/alternative, quoted-printable, the French quote header wrapped over two lines."""
    header = "Le mar. 1 déc. 2026 à 10:00, Communauté de Développement <\nnoreply@forum.test> a écrit :"
    text = f"{answer}\n\n{header}\n\n{_quoted_lines(QUOTED)}\n"
    html = (f'{_html(answer)}<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            f"Le mar. 1 déc. 2026 à 10:00, Communauté de Développement &lt;"
            f'<a href="mailto:noreply@forum.test">noreply@forum.test</a>&gt; a écrit&nbsp;:<br></div>'
            f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">{_html(QUOTED)}</blockquote></div>')
    message = _headers(EmailMessage(), sender, to, **extra)
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message.as_bytes(policy=SMTP)


def outlook(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """Windows-1252 in base64, Outlook's "De : ... Envoyé : ..." block under a line of underscores."""
    fields = ("De : Communauté de Développement <noreply@forum.test>\n"
              "Envoyé : mardi 1 décembre 2026 10:00\n"
              f"À : {sender}\n"
              "Objet : Nouvelle réponse : Comment financer un forage d’eau potable ?")
    text = f"{answer}\n\nCordialement,\nAmina Idrissi\nCommune d’Aït Ourir\n\n{'_' * 32}\n{fields}\n\n{QUOTED}\n"
    message = _headers(EmailMessage(), sender, to, mailer="Microsoft Outlook 16.0", **extra)
    message["Thread-Index"] = "AQHZ1x2y3z4A5B6C7D8E9F0=="
    message.set_content(text, charset="windows-1252", cte="base64")
    message.add_alternative(outlook_html(sender, answer), subtype="html", charset="utf-8", cte="base64")
    return message.as_bytes(policy=SMTP)


def outlook_html(sender: str, answer: str = ANSWER) -> str:
    """Outlook's HTML part: Word paragraphs, then the quoted fields in bold under a rule."""
    return (f'<html><head><style>p.MsoNormal{{margin:0}}</style></head><body lang="FR">'
            f'<div class="WordSection1"><p class="MsoNormal">{answer.replace(chr(10), "<br>")}</p>'
            f'<p class="MsoNormal">Cordialement,<br>Amina Idrissi</p></div>'
            f'<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">'
            f"<font face=\"Calibri, sans-serif\"><b>De :</b> Communauté de Développement &lt;noreply@forum.test&gt;<br>"
            f"<b>Envoyé :</b> mardi 1 décembre 2026 10:00<br><b>À :</b> {sender}<br>"
            f"<b>Objet :</b> Nouvelle réponse</font></div><div>{QUOTED}</div></body></html>")


def apple_mail(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """Apple Mail on a Mac: quoted-printable, "Le 1 déc. 2026 à 10:00, ... a écrit :" and a
    blockquote, a signature after "-- "."""
    text = (f"{answer}\n\n-- \nAmina Idrissi\n\n"
            f"> Le 1 déc. 2026 à 10:00, Communauté de Développement <noreply@forum.test> a écrit :\n>\n"
            f"{_quoted_lines(QUOTED)}\n")
    html = (f'<html><body style="overflow-wrap: break-word;">{_html(answer)}<div><br><blockquote type="cite">'
            f"<div>Le 1 déc. 2026 à 10:00, Communauté de Développement &lt;noreply@forum.test&gt; a écrit :</div>"
            f"{_html(QUOTED)}</blockquote></div></body></html>")
    message = _headers(EmailMessage(), sender, to, mailer="Apple Mail (2.3774.200.91.1.1)", **extra)
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message.as_bytes(policy=SMTP)


def thunderbird(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """Plain text, format=flowed in 8 bits, a PDF attached, a "-- " signature."""
    flowed = answer.replace("l’an dernier", "l’an \ndernier")  # a soft line break, as it wraps
    text = (f"{flowed}\n\n-- \nAmina Idrissi\nMairie d’Aït Ourir\n\n"
            f"Le 01/12/2026 à 10:00, Communauté de Développement a écrit :\n{_quoted_lines(QUOTED)}\n")
    message = _headers(EmailMessage(), sender, to, mailer="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Thunderbird/128.5.0",
                       **extra)
    message.set_content(text, cte="8bit", params={"format": "flowed"})
    message.add_attachment(b"%PDF-1.4\n% devis forage\n" + bytes(range(256)), maintype="application", subtype="pdf",
                           filename="devis-forage-Aït-Ourir.pdf")
    return message.as_bytes(policy=SMTP)


def k9_android(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """K-9 Mail on Android: base64 UTF-8, its signature line, the quote below."""
    text = (f"{answer}\n-- \nEnvoyé de mon appareil Android avec K-9 Mail. Veuillez excuser ma brièveté.\n\n"
            f"Le 1 décembre 2026 10:00:00 GMT+01:00, Communauté de Développement <noreply@forum.test> a écrit :\n"
            f"{_quoted_lines(QUOTED)}\n")
    message = _headers(EmailMessage(), sender, to, **extra)
    message.set_content(text, cte="base64")
    message.add_alternative(f"{_html(answer)}<br>-- <br>Envoyé de mon appareil Android avec K-9 Mail.",
                            subtype="html", cte="base64")
    return message.as_bytes(policy=SMTP)


def iphone(sender: str, to: str, answer: str = ANSWER, **extra) -> bytes:
    """The iPhone's Mail: "Envoyé de mon iPhone", then the quote header and the quote, a photo."""
    text = (f"{answer}\n\nEnvoyé de mon iPhone\n\n"
            f"> Le 1 déc. 2026 à 10:00, Communauté de Développement <noreply@forum.test> a écrit :\n>\n"
            f"{_quoted_lines(QUOTED)}\n")
    message = _headers(EmailMessage(), sender, to, mailer="iPhone Mail (22B83)", **extra)
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(f"<html><body>{_html(answer)}<div><br></div><div>Envoyé de mon iPhone</div>"
                            f'<blockquote type="cite">{_html(QUOTED)}</blockquote></body></html>', subtype="html",
                            cte="quoted-printable")
    message.add_attachment(b"\xff\xd8\xff\xe0 fake jpeg bytes", maintype="image", subtype="jpeg",
                           filename="IMG_0042.jpeg")
    return message.as_bytes(policy=SMTP)


def html_only(sender: str, to: str, html: str, **extra) -> bytes:
    """A webmail that sends only an HTML part (base64)."""
    message = _headers(EmailMessage(), sender, to, **extra)
    message.set_content(html, subtype="html", cte="base64")
    return message.as_bytes(policy=SMTP)


def plain(sender: str, to: str, text: str, **extra) -> bytes:
    message = _headers(EmailMessage(), sender, to, **extra)
    message.set_content(text, cte="quoted-printable")
    return message.as_bytes(policy=SMTP)


CLIENTS = {"gmail": gmail, "outlook": outlook, "apple_mail": apple_mail, "thunderbird": thunderbird,
           "k9_android": k9_android, "iphone": iphone}
