"""Emails that are never lost and never sent twice.

`enqueue` writes the message in the caller's transaction. Once that transaction commits, the
site tries to send it at once (with a short timeout, and not at all for a while after the mail
server failed); whatever could not leave waits, and `deliver_due` (the `send_emails` worker)
tries again later, each time waiting longer. Each message is claimed in a committed transaction
of its own (status "sending") before the server is contacted, so that two workers, or a worker
and the request that wrote it, cannot both send it. A message left "sending" by a crash is not
sent again by itself (it may have left): it is marked failed, for an organizer to look at.
"""

import base64
import datetime as dt
import logging
import re
import smtplib
from collections.abc import Iterable
from email.utils import make_msgid

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registrations.enums import EmailStatus
from registrations.models import OutgoingEmail, Registration

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes, then every six hours: about a week of trying in all.
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
MAX_ATTEMPTS = 36
# Longer than any send can take (EMAIL_TIMEOUT): a message "sending" for this long was cut off.
STRANDED_AFTER = dt.timedelta(minutes=15)
# After a failure, requests leave the sending to the worker for this long.
SERVER_DOWN_KEY = "outbox:mail-server-down"
SERVER_DOWN_FOR = 60
# Private-link secrets are kept in a message only until it has left.
SECRET_IN_LINK = re.compile(r"/(r|agenda)/[A-Za-z0-9_-]{20,100}")


def retry_delay(attempts: int) -> dt.timedelta:
    return min(FIRST_DELAY * 2 ** (attempts - 1), LONGEST_DELAY)


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of `emails/<template>`, in the given language.

    The text template is the one source: the HTML version sets the same words in the site's
    layout, with links made clickable.
    """
    with translation.override(language):
        # One line; no-break spaces (French typography) stay.
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        subject = re.sub(r"[ \t\r\n]+", " ", subject).strip()
        # Optional parts of a template leave blank lines behind; two in a row are enough.
        text = re.sub(r"\n{3,}", "\n\n", render_to_string(f"emails/{template}.txt", context))
        text = text.strip() + "\n"
        html = render_to_string("emails/layout.html", {**context, "subject": subject, "text": text})
    return subject, text, html


def enqueue(
    *,
    registration: Registration | None,
    to: str,
    reply_to: str = "",
    kind: str,
    template: str,
    context: dict,
    language: str,
    attachments: Iterable[dict] = (),
    once_key: str | None = None,
    send_now: bool = True,
) -> OutgoingEmail | None:
    """Write a message in the current transaction; None if `once_key` was already used.

    `send_now=False` leaves it to the worker: for answers whose timing must not tell anything
    (a link sent or not sent to an address).
    """
    subject, text, html = render(template, context, language)
    email = OutgoingEmail(
        registration=registration,
        kind=kind,
        to=to,
        reply_to=reply_to,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=list(attachments),
        language=language,
        message_id=make_msgid(domain=_domain()),
        once_key=once_key,
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if once_key and OutgoingEmail.objects.filter(once_key=once_key).exists():
            return None
        raise
    if send_now:
        deliver_after_commit([email.pk])
    return email


def deliver_after_commit(ids: list[int]) -> None:
    """Try to send once the change is committed. Whatever goes wrong then (the mail server, a
    locked database) is the worker's to retry: the change is saved, and the person who made it
    must see a normal answer, never an error page."""

    def send_committed() -> None:
        try:
            deliver(ids)
        except Exception:
            logger.warning("emails %s left for the worker", ids, exc_info=True)

    transaction.on_commit(send_committed)


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def _claim(queryset, now: dt.datetime) -> list[OutgoingEmail]:
    """Take messages to send, committed, so that nobody else takes them."""
    with transaction.atomic():
        emails = list(queryset.select_for_update(skip_locked=True))
        OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
            status=EmailStatus.SENDING, claimed_at=now
        )
    return emails


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": email.message_id,
        "Content-Language": email.language,
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        # Text (a calendar) is kept as it is; images (a QR code) as base64, JSON holding no bytes.
        content = attachment.get("content") or base64.b64decode(attachment["base64"])
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _redacted(text: str) -> str:
    return SECRET_IN_LINK.sub(lambda match: f"/{match.group(1)}/…", text)


def _send(emails: list[OutgoingEmail], now: dt.datetime, *, timeout: float | None = None) -> int:
    sent = 0
    if not emails:
        return sent
    connection = get_connection(fail_silently=False, timeout=timeout or settings.EMAIL_TIMEOUT)
    try:
        connection.open()
    except Exception as error:
        cache.set(SERVER_DOWN_KEY, True, SERVER_DOWN_FOR)
        for email in emails:
            _failed(email, error, now)
        return sent
    try:
        for email in emails:
            try:
                _message(email, connection).send()
            except Exception as error:
                _failed(email, error, now)
            else:
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    status=EmailStatus.SENT,
                    sent_at=timezone.now(),
                    attempts=email.attempts + 1,
                    body_text=_redacted(email.body_text),
                    body_html=_redacted(email.body_html),
                )
                sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("the mail server closed the connection badly")
    return sent


def _permanent(error: Exception) -> bool:
    """An error that the same message will meet again however long it waits."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    # An address Django accepted but that cannot be written in an email header, for instance.
    return isinstance(error, ValueError)


def _failed(email: OutgoingEmail, error: Exception, now: dt.datetime) -> None:
    attempts = email.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or _permanent(error)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED if gave_up else EmailStatus.QUEUED,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
        body_text=_redacted(email.body_text) if gave_up else email.body_text,
        body_html=_redacted(email.body_html) if gave_up else email.body_html,
    )
    logger.warning("email %s not sent (attempt %s): %s", email.pk, attempts, error)


def deliver(ids: list[int]) -> int:
    """Send these messages now if they still wait: right after the change that wrote them,
    within the request, so briefly, and not while the mail server is known to be down."""
    if cache.get(SERVER_DOWN_KEY):
        return 0
    now = timezone.now()
    queued = OutgoingEmail.objects.filter(pk__in=ids, status=EmailStatus.QUEUED)
    return _send(_claim(queued, now), now, timeout=settings.EMAIL_INLINE_TIMEOUT)


def deliver_due(*, now: dt.datetime | None = None, batch: int = 20) -> int:
    """Send what waits and is due; the worker calls this again and again."""
    now = now or timezone.now()
    _mark_stranded(now)
    due = OutgoingEmail.objects.filter(
        status=EmailStatus.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")[:batch]
    return _send(_claim(due, now), now)


def _mark_stranded(now: dt.datetime) -> None:
    OutgoingEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - STRANDED_AFTER
    ).update(
        status=EmailStatus.FAILED,
        last_error=_("Interrupted while sending: it may have left. Check before sending it again."),
    )


def resend(email: OutgoingEmail) -> OutgoingEmail:
    """Queue a message again: the same one if it never left, a copy if it did."""
    if email.status in (EmailStatus.SENT, EmailStatus.SENDING):
        email.pk = None
        email.message_id = make_msgid(domain=_domain())
        email.once_key = None
        email.sent_at = None
        email.created_at = timezone.now()
    email.status = EmailStatus.QUEUED
    email.attempts = 0
    email.last_error = ""
    email.next_attempt_at = timezone.now()
    email.save()
    deliver_after_commit([email.pk])
    return email
