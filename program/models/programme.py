"""Where and when: the venues and the sessions of an event's programme."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from program.enums import SessionKind
from program.models.base import SeatLimited


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    notes = models.TextField(
        _("directions"), blank=True, help_text=_("Directions, step-free access, parking.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(SeatLimited):
    event = models.ForeignKey(
        "program.Event", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    requires_booking = models.BooleanField(
        _("needs booking"),
        default=False,
        help_text=_("People choose it when they register (workshops, visits, meals)."),
    )
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    # Calendars need to know when a session changed, to update it rather than add it twice.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "ends_at", "title"]
        indexes = [models.Index(fields=["event", "starts_at"])]
        constraints = [
            *SeatLimited.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.starts_at and self.event_id is not None:
            day = self.starts_at.astimezone(self.event.tz).date()
            if not self.event.starts_on <= day <= self.event.ends_on:
                errors["starts_at"] = _("A session must take place during its event.")
        if self.capacity is not None and not self.requires_booking:
            errors["capacity"] = _("Only sessions that need booking can have a seat limit.")
        elif error := self.capacity_error():
            errors["capacity"] = error
        if errors:
            raise ValidationError(errors)

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at
