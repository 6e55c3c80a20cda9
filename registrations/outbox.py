"""Emails that are never lost and never sent twice.

`enqueue` writes the message in the caller's transaction. Once that transaction commits, the
site tries to send it at once (with a short timeout, and not at all for a while after the mail
server failed); whatever could not leave waits, and `deliver_due` (the `send_emails` worker)
tries again later, each time waiting longer. Messages are sent one at a time, each claimed in a
committed transaction of its own (status "sending") just before it is handed to the server, so
that two workers, or a worker and the request that wrote it, cannot both send it, and so that a
process that dies leaves at most that one message in doubt: the others still wait. The one in
doubt is not sent again by itself (it may have left): it is marked failed, for an organizer to
look at.
"""

import base64
import datetime as dt
import logging
import re
import smtplib
from collections.abc import Callable, Iterable
from email.utils import make_msgid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db import connection as database
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from livinglab.redaction import REDACTED_SECRET, redact
from program.translation import main_language_of
from registrations.attachments import MADE
from registrations.enums import EmailStatus
from registrations.models import OutgoingEmail, Registration

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes, then every six hours: about a week of trying in all.
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
MAX_ATTEMPTS = 36
# Longer than any send can take (EMAIL_TIMEOUT): a message "sending" for this long was cut off.
STRANDED_AFTER = dt.timedelta(minutes=15)
# Seconds between two attempts to write what became of a message while the database is away.
RECORD_RETRY = 1.0
# After a failure, requests leave the sending to the worker for this long.
SERVER_DOWN_KEY = "outbox:mail-server-down"
SERVER_DOWN_FOR = 60
# Messages a worker claims at once: small enough that two workers share a long queue.
BATCH = 20


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
        except Exception as error:
            logger.warning("emails %s left for the worker: %s", ids, type(error).__name__)

    transaction.on_commit(send_committed)


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


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
        content = _attachment_content(email, attachment)
        if content is not None:
            message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _attachment_content(email: OutgoingEmail, attachment: dict) -> str | bytes | None:
    """Made now from the registration as it is (a calendar, a QR code); or kept as it was
    written: text as it is, bytes as base64 (JSON holds no bytes); or a file an organizer
    attached to a message to many, once, in the uploads' storage."""
    if "made" in attachment:
        registration = email.registration
        if registration is None:
            return None  # erased meanwhile: nothing of theirs to make
        with translation.override(email.language), main_language_of(registration.event):
            return MADE[attachment["made"]](registration)  # registrations/attachments.py
    if "stored" in attachment:
        with default_storage.open(attachment["stored"], "rb") as file:
            return file.read()
    return attachment.get("content") or base64.b64decode(attachment["base64"])


# -- sending: one message at a time, each claimed just before it is handed to the server --------

# The worker's pause: waits up to the given seconds, and says whether the worker must stop.
Wait = Callable[[float], bool]


def _claim_next(queryset) -> OutgoingEmail | None:
    """Take the next message, committed, so that nobody else takes it. From here until its
    outcome is written it is "sending": the one message in doubt if the process dies."""
    with transaction.atomic():
        email = queryset.select_for_update(skip_locked=True).first()
        if email is not None:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.SENDING, claimed_at=timezone.now()
            )
    return email


def _send_each(queryset, now: dt.datetime, *, limit: int, timeout: float, wait: Wait | None) -> int:
    """Hand the messages of `queryset` (ordered) to the mail server one by one; how many left.

    Messages are claimed one at a time, after the connection is open, so that whatever stops
    the process leaves the others waiting rather than claimed and untried. `wait` is the
    worker's: it says when to stop (asked between two messages) and lets the worker wait for a
    database that restarts; without it (within a request) nothing waits.
    """
    if (wait is not None and wait(0)) or not queryset.exists():
        return 0
    connection = get_connection(fail_silently=False, timeout=timeout)
    try:
        connection.open()
    except Exception as error:
        cache.set(SERVER_DOWN_KEY, True, SERVER_DOWN_FOR)
        _postpone(queryset[:limit], error, now)
        return 0
    sent = 0
    try:
        for _ in range(limit):
            if wait is not None and wait(0):
                break
            email = _claim_next(queryset)
            if email is None:
                break
            sent += _hand_over(email, connection, now, wait)
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("the mail server closed the connection badly")
    return sent


def _hand_over(email: OutgoingEmail, connection, now: dt.datetime, wait: Wait | None) -> int:
    try:
        _message(email, connection).send()
    except Exception as error:
        _record(email, _failure(email, error, now), wait)
        return 0
    _record(
        email,
        {
            "status": EmailStatus.SENT,
            "sent_at": timezone.now(),
            "attempts": email.attempts + 1,
            "body_text": redact(email.body_text),
            "body_html": redact(email.body_html),
        },
        wait,
    )
    return 1


def _record(email: OutgoingEmail, outcome: dict, wait: Wait | None) -> None:
    """Write what became of a message the server was given.

    The outcome is known: if the database is gone for a moment (a restart), the worker waits
    for it rather than leave the message looking as if it might not have left.
    """
    while True:
        try:
            OutgoingEmail.objects.filter(pk=email.pk).update(**outcome)
            return
        except (OperationalError, InterfaceError):
            if wait is None:
                raise
            database.close()  # the next attempt connects again
            if wait(RECORD_RETRY):
                logger.error("email %s: its outcome could not be written; in doubt", email.pk)
                raise
            logger.warning("email %s: database unavailable, writing its outcome again", email.pk)


def _permanent(error: Exception) -> bool:
    """An error that the same message will meet again however long it waits."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    # An address Django accepted but that cannot be written in an email header, for instance.
    return isinstance(error, ValueError)


def _error_code(error: Exception) -> str:
    """The error's class and code, for the log: its text may quote the address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in error.recipients.values()})
    else:
        codes = [getattr(error, "smtp_code", None) or getattr(error, "errno", None)]
    return " ".join([type(error).__name__, *(str(code) for code in codes if code)])


def _failure(email: OutgoingEmail, error: Exception, now: dt.datetime) -> dict:
    """The outcome of a failed attempt: wait longer, or give up (and then keep no link)."""
    attempts = email.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or _permanent(error)
    logger.warning("email %s not sent (attempt %s): %s", email.pk, attempts, _error_code(error))
    return {
        "status": EmailStatus.FAILED if gave_up else EmailStatus.QUEUED,
        "attempts": attempts,
        "next_attempt_at": now + retry_delay(attempts),
        "last_error": f"{type(error).__name__}: {error}"[:2000],
        "body_text": redact(email.body_text) if gave_up else email.body_text,
        "body_html": redact(email.body_html) if gave_up else email.body_html,
    }


def _postpone(queryset, error: Exception, now: dt.datetime) -> None:
    """The server could not be reached: nothing was handed over, each waits for its next try."""
    with transaction.atomic():
        for email in queryset.select_for_update(skip_locked=True):
            OutgoingEmail.objects.filter(pk=email.pk).update(**_failure(email, error, now))


def deliver(ids: list[int]) -> int:
    """Send these messages now if they still wait: right after the change that wrote them,
    within the request, so briefly, and not while the mail server is known to be down."""
    if cache.get(SERVER_DOWN_KEY):
        return 0
    queued = OutgoingEmail.objects.filter(pk__in=ids, status=EmailStatus.QUEUED).order_by("pk")
    return _send_each(
        queued,
        timezone.now(),
        limit=len(ids),
        timeout=settings.EMAIL_INLINE_TIMEOUT,
        wait=None,
    )


def deliver_due(
    *, now: dt.datetime | None = None, batch: int = BATCH, wait: Wait | None = None
) -> int:
    """Send up to `batch` messages that wait and are due; the worker calls this again and again
    with its `wait` (see `_send_each`)."""
    now = now or timezone.now()
    _mark_stranded(now)
    due = OutgoingEmail.objects.filter(
        status=EmailStatus.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    return _send_each(due, now, limit=batch, timeout=settings.EMAIL_TIMEOUT, wait=wait)


def _mark_stranded(now: dt.datetime) -> None:
    """A message "sending" for too long was cut off while being handed over: it may have left,
    so it is not sent again by itself but marked failed for an organizer (without its link)."""
    with transaction.atomic():
        stranded = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
            status=EmailStatus.SENDING, claimed_at__lt=now - STRANDED_AFTER
        )
        for email in stranded:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.FAILED,
                last_error=_(
                    "Interrupted while sending: it may have left. Check before sending it again."
                ),
                body_text=redact(email.body_text),
                body_html=redact(email.body_html),
            )
            logger.warning("email %s was cut off while sending: marked failed", email.pk)


def resend(email: OutgoingEmail, *, secrets: dict[str, str] | None = None) -> OutgoingEmail:
    """Queue a message again: the same one if it never left, a copy if it did (or may have).

    `secrets` puts fresh secrets, by path ({"r": …}), where the message's were removed once it
    left; the caller issues them.
    """
    if email.status in (EmailStatus.SENT, EmailStatus.SENDING):
        email.pk = None
        email.message_id = make_msgid(domain=_domain())
        email.once_key = None
        email.sent_at = None
        email.created_at = timezone.now()
    if secrets:
        email.body_text = _restored(email.body_text, secrets)
        email.body_html = _restored(email.body_html, secrets)
    email.status = EmailStatus.QUEUED
    email.attempts = 0
    email.last_error = ""
    email.next_attempt_at = timezone.now()
    email.save()
    deliver_after_commit([email.pk])
    return email


def has_removed_link(email: OutgoingEmail) -> bool:
    """Whether a private link was taken out of the message once it left (or was given up)."""
    return bool(REDACTED_SECRET.search(email.body_text))


def _restored(text: str, secrets: dict[str, str]) -> str:
    return REDACTED_SECRET.sub(lambda match: f"/{match.group(1)}/{secrets[match.group(1)]}", text)
