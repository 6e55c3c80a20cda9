"""What a person states about themselves: the fields of `Details`, validated for any form that
asks for them (the public form, the private link's form, the admin)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.template.defaultfilters import date as date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from program.models import Event
from registrations.details import Details, clean_text, gives_health_data, normalize_email
from registrations.enums import Diet, SpokenLanguage
from registrations.forms.fields import (
    LongSelect,
    checkboxes,
    night_choices,
    validate_deliverable,
    validate_name,
)
from registrations.forms.questions import QuestionFields
from registrations.models import Registration
from registrations.services import email_taken
from registrations.services.registration import HEALTH_CONSENT_NEEDED

# How far from the event travel dates may reasonably be.
TRAVEL_MARGIN = dt.timedelta(days=30)


class DetailsForm(QuestionFields, forms.ModelForm):
    """The fields of `Details` and their rules, and the event's own questions. `event` gives
    the dates travel must fit in."""

    diets = checkboxes(gettext_lazy("Dietary requirements"), Diet.choices)
    languages = checkboxes(gettext_lazy("Languages you can work in"), SpokenLanguage.choices)
    accommodation_nights = checkboxes(gettext_lazy("Nights you need a room for"))

    class Meta:
        model = Registration
        fields = Details.names()

    def __init__(self, *args, event: Event, **kwargs) -> None:
        self.event = event
        super().__init__(*args, **kwargs)
        if "email" not in self.fields:
            return  # shown read-only (staff in the admin): nothing to validate
        self.fields["accommodation_nights"].choices = night_choices(event)
        self.fields["preferred_language"] = forms.ChoiceField(
            label=gettext_lazy("Language for messages"),
            choices=settings.LANGUAGES,
            initial=get_language(),
        )
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_name)
        self.fields["email"].validators.append(validate_deliverable)
        if self.instance.pk is not None:
            self.initial["diets"] = self.instance.diet_codes
        self.add_questions(event, self.instance.answers)

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        # A new registration with a known address is not refused here: the view sends that
        # address a fresh link and says "check your inbox", whoever typed it.
        if self.instance.pk is not None and email_taken(
            self.event, email, exclude_pk=self.instance.pk
        ):
            raise forms.ValidationError(
                _("Another registration for this event uses this email address.")
            )
        return email

    def _clean_travel_date(self, name: str) -> None:
        value = self.cleaned_data.get(name)
        earliest = self.event.starts_on - TRAVEL_MARGIN
        latest = self.event.ends_on + TRAVEL_MARGIN
        if value and not earliest <= value <= latest:
            self.add_error(
                name,
                _("Please give a date between %(earliest)s and %(latest)s.")
                % {"earliest": date_format(earliest), "latest": date_format(latest)},
            )

    def _clean_travel(self, cleaned: dict) -> None:
        self._clean_travel_date("arrival_date")
        self._clean_travel_date("departure_date")
        arrival, departure = cleaned.get("arrival_date"), cleaned.get("departure_date")
        if not (arrival and departure):
            return
        if departure < arrival:
            self.add_error("departure_date", _("Your departure cannot come before your arrival."))
        elif (
            departure == arrival
            and cleaned.get("arrival_time")
            and cleaned.get("departure_time")
            and cleaned["departure_time"] <= cleaned["arrival_time"]
        ):
            self.add_error("departure_time", _("Your departure cannot come before your arrival."))

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = clean_text(value)
        self._clean_travel(cleaned)
        if Diet.OTHER in cleaned.get("diets", []) and not cleaned.get("diet_other"):
            self.add_error("diet_other", _("Please tell us which other requirement you have."))
        if gives_health_data(cleaned) and not cleaned.get("health_consent"):
            self.add_error("health_consent", str(HEALTH_CONSENT_NEEDED))
        return cleaned

    def details(self) -> Details:
        data = dict(self.cleaned_data)
        data["country"] = str(data["country"])
        data["languages"] = tuple(data["languages"])
        data["accommodation_nights"] = tuple(data["accommodation_nights"])
        data["diets"] = frozenset(data["diets"])
        data["answers"] = self.answers()
        return Details.from_mapping(data)


class PublicDetailsForm(DetailsForm):
    """The same fields as participants see them: autocomplete, help and a "Choose…" prompt."""

    class Meta(DetailsForm.Meta):
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "gender": forms.RadioSelect,
            "country": LongSelect,
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
            "arrival_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "departure_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "arrival_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "departure_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "photo_consent": gettext_lazy("I agree to appear in photos and videos of the event"),
            "health_consent": gettext_lazy(
                "I agree that my dietary requirements, allergies and accessibility needs, which "
                "may reveal something about my health or beliefs, are used so that the caterer "
                "and the venues can serve me"
            ),
        }
        help_texts = {
            "email": gettext_lazy("Your private link to change or cancel is sent here."),
            "gender": gettext_lazy(
                "Optional. Only counted, anonymously, in the figures the event's funder asks for."
            ),
            "allergies": gettext_lazy("Food allergies the caterer must know about."),
            "accessibility_needs": gettext_lazy(
                "Step-free access, sign language, a seat near the front… Tell us what helps."
            ),
            "arrival_place": gettext_lazy("The airport, station or address where you arrive."),
            "health_consent": gettext_lazy(
                "Needed only if you fill in any of them. Remove them to withdraw your agreement."
            ),
            "needs_invitation_letter": gettext_lazy(
                "Tick if you need a letter of invitation, for a visa or for your employer."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = self.fields["gender"].choices[1:]  # no "---------"
        for name in ("organisation_type", "country", "travel_mode"):
            choices = list(self.fields[name].choices)
            if choices and choices[0][0] == "":  # Django's "---------"
                choices = choices[1:]
            self.fields[name].choices = [("", _("Choose…")), *choices]
