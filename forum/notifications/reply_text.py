"""What a member wrote in an e-mail reply: the text part (or the HTML part turned into text),
without the quoted message, the signature and the "Envoyé de mon iPhone" lines.

email-reply-parser removes what it knows (`>` quotes, "On ... wrote:", "-- " signatures);
the French and Outlook quote headers it does not know ("Le ... a écrit :", "De : ... Envoyé :
...") are cut here first, with everything below them, and so are headers wrapped over two
lines, which spares the parser its own pass for those (see _Reply).
"""

import re
from email.message import EmailMessage

import html2text
from email_reply_parser import EmailMessage as ParsedReply

# C0 controls but tab and newline, and DEL: never part of a post (NUL bytes included).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# "Le mar. 1 déc. 2026 à 10:00, Nadia <n@x.org> a écrit :" (Gmail, Apple Mail, Thunderbird in
# French) and the same in the other languages of the diaspora; html2text may bold it. A real
# header has a date in it: "Le maire a écrit :" in the member's text is no header.
_QUOTE_HEADER = re.compile(
    r"^[\s*_]*(le|on|am|el|il|op)\s.{0,300}?\s(a\s+écrit|wrote|schrieb|escribió|ha\s+scritto|schreef)\s*:[\s*_]*$",
    re.IGNORECASE | re.DOTALL)
# Outlook writes a block of fields above the quoted message: "De : ...", "Envoyé : ...".
_FIELD = r"^[\s*_]*({})[\s*_]*\s?:"
_FROM_FIELD = re.compile(_FIELD.format("de|from|von|da"), re.IGNORECASE)
_OTHER_FIELD = re.compile(_FIELD.format("envoyé|sent|date|gesendet|à|a|to|an|objet|subject|betreff|cc"),
                          re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^[\s*_]*-{2,}\s*(original message|message d['’]origine|message original|message transféré|"
    r"forwarded message|mensaje original|ursprüngliche nachricht)\s*-{2,}", re.IGNORECASE)
_SENT_FROM = re.compile(
    r"^[\s*_]*(envoy[ée]e?\s+(de|depuis|à\s+partir\s+de|avec|via)\s|sent\s+(from|with|via)\s|"
    r"(get|télécharge[rz]|obtenir|obtenez)\s+outlook\s).{0,80}$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s*_\-=]*$")


class _Reply(ParsedReply):
    """email-reply-parser's reading of quotes and signatures, line by line, without the pass
    over the whole text that joins an "On ... wrote:" header wrapped over several lines: that
    regular expression takes cubic time on a text with many lines starting with "On" (French
    for "we": 11 KB took 23 s), and _before_quote_header() has cut such headers already."""

    def read(self):
        self.found_visible = False
        # As the parser does: a reply right above an Outlook separator line stays apart from it.
        self.text = re.sub(r"([^\n])(?=\n ?[_-]{7,})", "\\1\n", self.text)
        self.lines = self.text.split("\n")
        self.lines.reverse()
        for line in self.lines:
            self._scan_line(line)
        self._finish_fragment()
        self.fragments.reverse()
        return self


def reply_text(message: EmailMessage) -> str:
    """The member's own words in `message` (possibly empty)."""
    return strip_reply(body_text(message))


def body_text(message: EmailMessage) -> str:
    """The text/plain body, else the text/html one as text; attachments are left out."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - broken MIME: no readable body
        return ""
    if part is None or part.is_multipart():
        return ""
    text = _decoded(part)
    if part.get_content_type() == "text/html":
        return _html_to_text(text)
    if (part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, delsp=(part.get_param("delsp") or "").lower() == "yes")
    return text


def _decoded(part) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    if charset in ("us-ascii", "ascii"):
        charset = "utf-8"  # a superset: 8-bit text sent as "ASCII" still reads
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")


def _html_to_text(html: str) -> str:
    converter = html2text.HTML2Text(bodywidth=0)
    converter.ignore_images = True
    converter.unicode_snob = True
    return converter.handle(html)


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: a line ending with a space goes on with the next one."""
    lines, paragraph = [], ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffed
        if line.endswith(" ") and line != "-- " and not line.startswith(">"):
            paragraph += line[:-1] if delsp else line
        else:
            lines.append(paragraph + line)
            paragraph = ""
    if paragraph:
        lines.append(paragraph)
    return "\n".join(lines)


def strip_reply(text: str) -> str:
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _before_quote_header(text.split("\n"))
    text = _Reply("\n".join(lines)).read().reply
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (_SEPARATOR.match(lines[-1]) or _SENT_FROM.match(lines[-1])):
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _before_quote_header(lines: list[str]) -> list[str]:
    """The lines above the first quote header (a header may be wrapped on two lines)."""
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if _ORIGINAL.match(line) or _is_quote_header(line) or (
                following.strip() and _is_quote_header(f"{line}\n{following}")):
            return lines[:n]
        if _FROM_FIELD.match(line) and any(_OTHER_FIELD.match(other) for other in lines[n + 1:n + 5]):
            return lines[:n]
    return lines


def _is_quote_header(text: str) -> bool:
    return _QUOTE_HEADER.match(text) is not None and any(c.isdigit() for c in text)
