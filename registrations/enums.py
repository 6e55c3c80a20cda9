from functools import lru_cache

from django.db import models
from django.utils.translation import get_language, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of a choice in the active language; cheap enough for ten thousand rows."""
    return label_in(choices, value, get_language())


@lru_cache(maxsize=1024)
def label_in(choices: type[models.TextChoices], value: str, language: str) -> str:
    """The label of a choice in the given language."""
    if value not in choices.values:
        return value
    with override(language):
        return str(choices(value).label)


# Statuses have a context: a registration and a booking may not agree in gender or number in
# every language ("confirmée", "confirmé").
class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    # A place held for someone from the event's waiting list, until they confirm or time runs out.
    OFFERED = "offered", pgettext_lazy("registration status", "Place offered, to confirm")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
    # An event that needs an organizer's approval: no place is taken until they accept.
    AWAITING_APPROVAL = "awaiting", pgettext_lazy("registration status", "Awaiting approval")
    DECLINED = "declined", pgettext_lazy("registration status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("booking status", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("booking status", "On the waiting list")
    # Chosen by someone who is on the event's waiting list: booked for real once they get a place.
    PENDING = "pending", pgettext_lazy("booking status", "Held until a place at the event is free")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")


class OrganisationType(models.TextChoices):
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    RESEARCH = "research", _("Research or university")
    BUSINESS = "business", _("Business")
    SOCIAL_ECONOMY = "social_economy", _("Social economy or NGO")
    CIVIL_SOCIETY = "civil_society", _("Civil society or citizen")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Diet(models.TextChoices):
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    PESCATARIAN = "pescatarian", _("Pescatarian")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    LACTOSE_FREE = "lactose_free", _("Lactose-free")
    OTHER = "other", _("Other")


class TravelMode(models.TextChoices):
    PLANE = "plane", _("Plane")
    TRAIN = "train", _("Train")
    COACH = "coach", _("Bus or coach")
    CAR = "car", _("Car")
    LOCAL = "local", _("I live nearby")
    OTHER = "other", _("Other")


class SpokenLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    ITALIAN = "it", _("Italian")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    GREEK = "el", _("Greek")
    CROATIAN = "hr", _("Croatian")
    SLOVENIAN = "sl", _("Slovenian")
    ALBANIAN = "sq", _("Albanian")
    GERMAN = "de", _("German")
    CATALAN = "ca", _("Catalan")
    OTHER = "other", _("Another language")


class EmailKind(models.TextChoices):
    REGISTERED = "registered", _("Confirmation")
    WAITLISTED = "waitlisted", _("Registration on the waiting list")
    PLACE_OFFERED = "place_offered", _("Place offered from the waiting list")
    SEAT_OFFERED = "seat_offered", _("Seat offered from a waiting list")
    BOOKINGS_CHANGED = "bookings_changed", _("Change of sessions")
    CANCELLED = "cancelled", _("Cancellation")
    REMINDER = "reminder", _("Reminder")
    PRIVATE_LINK = "private_link", _("Private link")
    SESSION_MOVED = "session_moved", _("Session moved")
    MESSAGE = "message", _("Message from the organizers")
    LETTER_READY = "letter_ready", _("Invitation letter ready")
    AWAITING_APPROVAL = "awaiting_approval", _("Registration awaiting approval")
    DECLINED = "declined", _("Registration declined")
    OFFER = "offer", _("Place offered, to confirm")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed: gave up")


class FormSection(models.TextChoices):
    """The sections of the registration form an organizer's question may join."""

    ABOUT = "about", _("About you")
    ORGANISATION = "organisation", _("Your organisation")
    FOOD = "food", _("Food")
    TRAVEL = "travel", _("Travel and accommodation")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    MORE = "more", _("A few more questions")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    ONE_CHOICE = "one_choice", _("One choice")
    SEVERAL_CHOICES = "several_choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")
