from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    ROUND_TABLE = "round_table", _("Round table")
    WORKSHOP = "workshop", _("Workshop")
    SITE_VISIT = "site_visit", _("Site visit")
    MEAL = "meal", _("Meal")
    BREAK = "break", _("Break")
    SOCIAL = "social", _("Social event")


class Admission(models.TextChoices):
    """Who may register for an event."""

    OPEN = "open", _("Anyone")
    APPROVAL = "approval", _("Anyone, with an organizer's approval")
    INVITATION = "invitation", _("People with an invitation code")
