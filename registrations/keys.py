"""Secrets of private links. Only their SHA-256 is stored."""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

from registrations.enums import KeyPurpose
from registrations.models import AccessKey, Registration


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(*, registration: Registration) -> str:
    """A new secret (256 bits) for a registration's private pages, with the secret of its
    calendar feed; older ones stay valid."""
    key = secrets.token_urlsafe(32)
    AccessKey.objects.bulk_create(
        [
            AccessKey(registration=registration, purpose=KeyPurpose.MANAGE, digest=digest(key)),
            AccessKey(
                registration=registration,
                purpose=KeyPurpose.CALENDAR,
                digest=digest(calendar_key(key)),
            ),
        ]
    )
    return key


def calendar_key(manage_key: str) -> str:
    """The secret of the person's calendar feed, derived from their private link's.

    A calendar application stores its feed address in many places; deriving it one way from the
    link's secret lets the private page show it again without storing it, and gives nothing
    away about the link itself.
    """
    mac = hmac.new(settings.SECRET_KEY.encode(), b"calendar:" + manage_key.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")
