"""Private links: the only way back to a registration without an account.

A link carries a random secret of 256 bits; only its SHA-256 is stored. Its calendar feed has a
secret of its own, derived one way from the link's (an HMAC), so that the private page can show
the feed's address again without storing it. A link is issued only by a service that decides to
send or show one (a registration, "lost your link?", an organizer's "fresh link"); an email that
merely mentions the registration never mints one. Links can be revoked, one by one or all but
the one in use, and open nothing once the event is some weeks past (PRIVATE_LINK_DAYS).

A link that only ever went by email to the registered address is proof that whoever opens it
reads that mailbox: it may take the registration back, closing every other link (someone who
registered first with another person's address keeps no way in).
"""

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from program.models import Event
from program.privacy import links_expire
from registrations import notifications
from registrations.details import normalize_email
from registrations.models import AccessKey, Registration
from registrations.services.rules import RegistrationError, active_with_email


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def calendar_key(manage_key: str, secret_key: str | None = None) -> str:
    """The secret of the person's calendar feed, derived from their private link's.

    A calendar application stores its feed address in many places; deriving it one way from the
    link's secret lets the private page show it again without storing it, and gives nothing
    away about the link itself.
    """
    secret_key = secret_key or settings.SECRET_KEY
    mac = hmac.new(secret_key.encode(), b"calendar:" + manage_key.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def feed_key(*, access_key: AccessKey, manage_key: str) -> str:
    """The feed secret that opens this link's calendar: derived with the SECRET_KEY of the day
    the link was issued, which after a rotation is one of SECRET_KEY_FALLBACKS.

    Once that key is dropped from the fallbacks nothing can derive the old address again: the
    feed moves to the current key's address, and subscribed calendars must subscribe again.
    """
    for secret_key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        candidate = calendar_key(manage_key, secret_key)
        if hmac.compare_digest(digest(candidate), access_key.calendar_digest):
            return candidate
    candidate = calendar_key(manage_key)
    AccessKey.objects.filter(pk=access_key.pk).update(calendar_digest=digest(candidate))
    return candidate


def mailbox(email: str) -> str:
    return digest("mailbox:" + normalize_email(email).lower())


def issue_link(*, registration: Registration, by_email: bool = False) -> str:
    """A new private link (and calendar feed) for a registration; older ones stay valid.
    `by_email`: it goes by email to the registered address only, never shown on a page."""
    key = secrets.token_urlsafe(32)
    AccessKey.objects.create(
        registration=registration,
        digest=digest(key),
        calendar_digest=digest(calendar_key(key)),
        mailbox=mailbox(registration.email) if by_email else "",
    )
    return key


def has_expired(event: Event, now: dt.datetime | None = None) -> bool:
    return event.local_date(now) > links_expire(event)


def reads_the_mailbox(access_key: AccessKey, registration: Registration) -> bool:
    """This link went by email to the address the registration has now (not to an address it
    had before someone changed it)."""
    return bool(access_key.mailbox) and hmac.compare_digest(
        access_key.mailbox, mailbox(registration.email)
    )


def take_back(*, registration: Registration, key: str) -> int:
    """ "This is my registration": close every link but this one, which must be a link that
    went by email to the registered address. Returns how many were closed."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        access = AccessKey.objects.filter(
            registration=registration, digest=digest(key), revoked_at__isnull=True
        ).first()
        if access is None or not reads_the_mailbox(access, registration):
            raise RegistrationError(_("Only a link sent to the registered address can do this."))
        return revoke_links(registration=registration, keep=key)


def revoke_links(*, registration: Registration, keep: str | None = None) -> int:
    """Close every live link of a registration, but the one given; returns how many closed."""
    live = AccessKey.objects.filter(registration=registration, revoked_at__isnull=True)
    if keep is not None:
        live = live.exclude(digest=digest(keep))
    return live.update(revoked_at=timezone.now())


def revoke_link(*, access_key: AccessKey) -> None:
    AccessKey.objects.filter(pk=access_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def send_fresh_link(*, registration: Registration) -> None:
    """A new private link by email (earlier links keep working)."""
    with transaction.atomic():
        key = issue_link(registration=registration, by_email=True)
        notifications.private_link(registration=registration, key=key)


def resend_private_link(*, event: Event, email: str) -> bool:
    """Send a fresh private link to a registered address; silently nothing for others, and
    nothing either if a link went to that address in the last few minutes (no mail bombs)."""
    throttle = f"resend-link:{event.pk}:{digest(normalize_email(email).lower())}"
    if not cache.add(throttle, True, timeout=settings.RESEND_LINK_INTERVAL):
        return False
    registration = active_with_email(event, email).first()
    if registration is None:
        return False
    send_fresh_link(registration=registration)
    return True
