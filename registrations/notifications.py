"""Messages to participants about their registration.

Each function is called inside the transaction that made the change; the email leaves only once
that transaction has committed, so a rolled-back change never announces itself.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def manage_url(registration, key: str) -> str:
    path = reverse("registrations:manage", kwargs={"slug": registration.event.slug, "key": key})
    return settings.SITE_URL + path


def _send_after_commit(registration, template: str, **context) -> None:
    context = {
        "registration": registration,
        "event": registration.event,
        "site_url": settings.SITE_URL,
        **context,
    }

    def send() -> None:
        with translation.override(registration.preferred_language):
            subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
            body = render_to_string(f"emails/{template}.txt", context)
        try:
            send_mail(subject, body, None, [registration.email])
        except OSError:
            # The change itself is saved; a mail server that is down must not undo it.
            logger.exception("could not send %s to registration %s", template, registration.pk)

    transaction.on_commit(send)


def registered(*, registration, key: str) -> None:
    _send_after_commit(registration, "registered", link=manage_url(registration, key))


def private_link(*, registration, key: str) -> None:
    _send_after_commit(registration, "private_link", link=manage_url(registration, key))


def seat_offered(*, booking) -> None:
    _send_after_commit(booking.registration, "seat_offered", session=booking.session)


def place_offered(*, registration) -> None:
    _send_after_commit(registration, "place_offered")


def bookings_changed(*, registration, changes) -> None:
    _send_after_commit(registration, "bookings_changed", changes=changes)


def cancelled(*, registration) -> None:
    _send_after_commit(registration, "cancelled")
