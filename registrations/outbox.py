"""Emails that are never lost and never sent twice.

`enqueue` writes the message in the caller's transaction. Once that transaction commits, the
message is sent at once if the mail server answers; otherwise it waits, and `deliver_due` (the
`send_emails` worker) tries again later, each time waiting longer. Each message is claimed in a
committed transaction of its own (status "sending") before the server is contacted, so that two
workers, or a worker and the request that wrote the message, cannot both send it.
"""

import datetime as dt
import logging
import re
import smtplib
from collections.abc import Iterable
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from registrations.enums import EmailStatus
from registrations.models import OutgoingEmail, Registration

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes, at most six hours apart; about two days of trying in all.
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
MAX_ATTEMPTS = 15


def retry_delay(attempts: int) -> dt.timedelta:
    return min(FIRST_DELAY * 2 ** (attempts - 1), LONGEST_DELAY)


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of `emails/<template>`, in the given language.

    The text template is the one source: the HTML version sets the same words in the site's
    layout, with links made clickable.
    """
    with translation.override(language):
        # One line; no-break spaces (French typography) stay.
        subject = re.sub(
            r"[ \t\r\n]+", " ", render_to_string(f"emails/{template}_subject.txt", context)
        ).strip()
        # Optional parts of a template leave blank lines behind; two in a row are enough.
        text = re.sub(r"\n{3,}", "\n\n", render_to_string(f"emails/{template}.txt", context))
        text = text.strip() + "\n"
        html = render_to_string("emails/layout.html", {**context, "subject": subject, "text": text})
    return subject, text, html


def enqueue(
    *,
    registration: Registration | None,
    to: str,
    kind: str,
    template: str,
    context: dict,
    language: str,
    attachments: Iterable[dict] = (),
    once_key: str | None = None,
) -> OutgoingEmail | None:
    """Write a message in the current transaction; None if `once_key` was already used."""
    subject, text, html = render(template, context, language)
    email = OutgoingEmail(
        registration=registration,
        kind=kind,
        to=to,
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
    transaction.on_commit(lambda: deliver([email.pk]))
    return email


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def _claim(queryset) -> list[OutgoingEmail]:
    """Take messages to send, committed, so that nobody else takes them."""
    with transaction.atomic():
        emails = list(queryset.select_for_update(skip_locked=True))
        OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
            status=EmailStatus.SENDING
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
        headers=headers,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def _send(emails: list[OutgoingEmail], now: dt.datetime) -> int:
    sent = 0
    if not emails:
        return sent
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except OSError as error:
        for email in emails:
            _failed(email, error, now)
        return sent
    try:
        for email in emails:
            try:
                _message(email, connection).send()
            except OSError as error:
                _failed(email, error, now)
            else:
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    status=EmailStatus.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
                )
                sent += 1
    finally:
        try:
            connection.close()
        except OSError:
            logger.warning("the mail server closed the connection badly")
    return sent


def _failed(email: OutgoingEmail, error: Exception, now: dt.datetime) -> None:
    attempts = email.attempts + 1
    # A server that refuses the address will refuse it again: no point in insisting.
    gave_up = attempts >= MAX_ATTEMPTS or isinstance(error, smtplib.SMTPRecipientsRefused)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED if gave_up else EmailStatus.QUEUED,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning("email %s not sent (attempt %s): %s", email.pk, attempts, error)


def deliver(ids: list[int]) -> int:
    """Send these messages now if they still wait (right after the change that wrote them)."""
    queued = OutgoingEmail.objects.filter(pk__in=ids, status=EmailStatus.QUEUED)
    return _send(_claim(queued), timezone.now())


def deliver_due(*, now: dt.datetime | None = None, batch: int = 100) -> int:
    """Send what waits and is due; the worker calls this again and again."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(
        status=EmailStatus.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")[:batch]
    return _send(_claim(due), now)


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
    transaction.on_commit(lambda: deliver([email.pk]))
    return email
