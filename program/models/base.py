"""What the models share: validators, and a thing with a number of places."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def site_languages() -> list[tuple[str, str]]:
    # A callable, so that adding a language to the site needs no migration.
    return settings.LANGUAGES


# First path segments the site itself uses: an event with one of these slugs would be unreachable.
RESERVED_SLUGS = {"admin", "i18n", "static", "media"}


# Logos and emblems are sent with pages and emails: a photograph straight from a camera is not.
IMAGE_MAX_BYTES = 2 * 1024 * 1024


def validate_image_size(image) -> None:
    if image.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This image is larger than %(size)s MB: please send a smaller one."),
            params={"size": IMAGE_MAX_BYTES // (1024 * 1024)},
        )


def validate_event_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(value)s” is used by the site itself."), params={"value": value})


class SeatLimited(models.Model):
    """A thing with a number of places: an event's participants, a session's seats."""

    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    # Places taken, kept only by registrations.services (with the event's row locked); the check
    # constraint makes the database refuse an overbooking whatever the code above it does.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="%(class)s_seats_within_capacity",
            ),
        ]

    # Kept by their own UPDATEs, never written back from an instance read earlier.
    COUNTERS = {"seats_taken", "version"}

    def save(self, *args, **kwargs) -> None:
        # An edit form loaded a minute ago must not write back an old seat count.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    def capacity_error(self) -> str | None:
        if self.capacity is not None and self.capacity < self.seats_taken:
            return ngettext(
                "%(taken)s place is already taken; the limit cannot be lower.",
                "%(taken)s places are already taken; the limit cannot be lower.",
                self.seats_taken,
            ) % {"taken": self.seats_taken}
        return None
