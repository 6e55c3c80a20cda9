"""What erased registrations leave behind: anonymous sums for the funder's report."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from program.models import Event, Session


class ErasedFigures(models.Model):
    """What people whose data was erased still count for in the funder's report: sums for one
    line of the report (a country, an organisation type, a gender, a session), never a row per
    person, so that nothing ties the figures of one line to those of another."""

    class Breakdown(models.TextChoices):
        COUNTRY = "country", _("country")
        ORGANISATION_TYPE = "organisation_type", _("organisation type")
        GENDER = "gender", _("gender")
        SESSION = "session", _("session")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="erased_figures", verbose_name=_("event")
    )
    breakdown = models.CharField(_("breakdown"), max_length=20, choices=Breakdown.choices)
    # The country code, organisation type or gender ("" when not stated); a session's id.
    value = models.CharField(_("value"), max_length=30, blank=True)
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("session")
    )
    # People on the line: registered, or not registered any more but came.
    people = models.PositiveIntegerField(_("people"), default=0)
    registered = models.PositiveIntegerField(_("registered"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)
    # People present each day: {"2026-06-02": 3, …}.
    days = models.JSONField(_("attended each day"), default=dict, blank=True)
    # People checked in at the session: attendance was taken there.
    checked_in = models.PositiveIntegerField(_("checked in"), default=0)

    class Meta:
        verbose_name = _("figures of erased registrations")
        verbose_name_plural = _("figures of erased registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "breakdown", "value"],
                name="one_line_of_erased_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_breakdown_display()} {self.value or self.session_id or ''}"
