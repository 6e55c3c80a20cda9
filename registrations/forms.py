"""Validation of what participants type. Saving hands over to registrations.services."""

import datetime as dt
import unicodedata

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from program.models import Event, Session
from program.selectors import Slot
from registrations import services
from registrations.enums import BookingStatus, Diet, SpokenLanguage
from registrations.models import Registration

# How far from the event travel dates may reasonably be.
TRAVEL_MARGIN = dt.timedelta(days=30)
# Catalan "l·l", and the joiners some scripts need inside a name (ZWNJ, ZWJ).
NAME_PUNCTUATION = set(" '-.’‘ʼ·\u200c\u200d")
FREE_TEXT = ("organisation", "job_title", "phone", "diet_other", "arrival_place", "departure_place")


def validate_name(value: str) -> None:
    """Names in any script: letters, combining marks, spaces and the usual punctuation."""
    for char in value:
        if char in NAME_PUNCTUATION or unicodedata.category(char)[0] in "LM":
            continue
        raise ValidationError(
            _("A name can hold letters, spaces, hyphens, apostrophes and full stops only."),
            code="invalid_name",
        )


def validate_deliverable(value: str) -> None:
    """An address Django's validator accepts may still not fit in an email header."""
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, IndexError) as error:
        raise ValidationError(
            _("This address cannot receive email. Please check it."), code="undeliverable"
        ) from error


def clean_text(value: str) -> str:
    """NFC-normalise and drop control characters a copy-paste may bring along."""
    value = unicodedata.normalize("NFC", value)
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def session_times(session: Session | Slot, tz) -> str:
    start = timezone.localtime(session.starts_at, tz)
    end = timezone.localtime(session.ends_at, tz)
    return f"{date_format(start, 'l j F')}, {time_format(start, 'H:i')}–{time_format(end, 'H:i')}"


def night_choices(event: Event) -> list[tuple[str, str]]:
    """The nights a participant may need a room for: from the eve of the first day on."""
    first = event.starts_on - dt.timedelta(days=1)
    nights = [first + dt.timedelta(days=n) for n in range(len(event.days) + 1)]
    return [
        (
            night.isoformat(),
            _("Night of %(day)s to %(next)s")
            % {
                "day": date_format(night, "l j F"),
                "next": date_format(night + dt.timedelta(days=1), "l j F"),
            },
        )
        for night in nights
    ]


def seats_note(session: Session, *, held: bool) -> str:
    if held:
        return _("your seat")
    if session.capacity is None:
        return ""
    if session.is_full:
        return _("full: you will join the waiting list")
    left = session.seats_left
    return ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}


def checkboxes(label, choices=()) -> forms.MultipleChoiceField:
    """An optional list of choices shown as checkboxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class LongSelect(forms.Select):
    """A select of hundreds of options (countries) rendered in one template, not one per option:
    a third of the registration page's time otherwise."""

    template_name = "widgets/select_inline.html"


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        validators=[validate_deliverable],
        label=gettext_lazy("The email address you registered with"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class RegistrationForm(forms.ModelForm):
    """One form for the whole registration, also used to edit it through the private link."""

    diets = checkboxes(gettext_lazy("Dietary requirements"), Diet.choices)
    languages = checkboxes(gettext_lazy("Languages you can work in"), SpokenLanguage.choices)
    accommodation_nights = checkboxes(gettext_lazy("Nights you need a room for"))
    # The sessions the person was shown: if the programme changed meanwhile, they must look again
    # rather than lose a seat to a choice they never saw.
    offered = forms.CharField(widget=forms.HiddenInput, required=False)
    privacy_consent = forms.BooleanField(
        label=gettext_lazy(
            "I have read the privacy notice and agree that my data is used to organise the event."
        ),
        error_messages={"required": gettext_lazy("Please accept the privacy notice to register.")},
    )

    class Meta:
        model = Registration
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "organisation_type",
            "country",
            "job_title",
            "languages",
            "gender",
            "preferred_language",
            "allergies",
            "diet_other",
            "accessibility_needs",
            "arrival_date",
            "arrival_time",
            "arrival_place",
            "departure_date",
            "departure_time",
            "departure_place",
            "travel_mode",
            "accommodation_nights",
            "needs_invitation_letter",
            "photo_consent",
        ]
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
        help_texts = {
            "email": gettext_lazy("Your private link to change or cancel is sent here."),
            "gender": gettext_lazy(
                "Optional. Only counted, anonymously, in the figures our EU funder asks for."
            ),
            "allergies": gettext_lazy("Food allergies the caterer must know about."),
            "accessibility_needs": gettext_lazy(
                "Step-free access, sign language, a seat near the front… Tell us what helps."
            ),
            "arrival_place": gettext_lazy(
                "For example Marseille airport, Aix-en-Provence TGV station."
            ),
            "needs_invitation_letter": gettext_lazy(
                "Tick if you need a letter of invitation, for a visa or for your employer."
            ),
        }

    def __init__(
        self,
        *args,
        event: Event,
        slots: list[Slot],
        held: dict[int, str] | None = None,
        **kwargs,
    ) -> None:
        """`slots` come from program.selectors; `held` maps session ids to booking statuses."""
        self.event = event
        self.slots = slots
        self.held = held or {}
        self.editing = kwargs.get("instance") is not None
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = self.fields["gender"].choices[1:]  # no "---------"
        for name in ("organisation_type", "country", "travel_mode"):
            choices = list(self.fields[name].choices)
            if choices and choices[0][0] == "":  # Django's "---------"
                choices = choices[1:]
            self.fields[name].choices = [("", _("Choose…")), *choices]
        self.fields["preferred_language"] = forms.ChoiceField(
            label=gettext_lazy("Language for messages"),
            choices=settings.LANGUAGES,
            initial=get_language(),
        )
        self.fields["accommodation_nights"].choices = night_choices(self.event)
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_name)
        self.fields["email"].validators.append(validate_deliverable)
        self.slots_by_field = {slot.key: slot for slot in slots}
        self.now = timezone.now()
        for slot in slots:
            self._add_slot_field(slot)
        self.fields["offered"].initial = self._offered()
        if self.editing:
            del self.fields["privacy_consent"]
            self.initial["diets"] = self.instance.diet_codes
            for name, slot in self.slots_by_field.items():
                chosen = [s for s in slot.sessions if s.pk in self.held]
                if chosen:
                    self.initial[name] = str(chosen[0].pk) if slot.is_choice else True
        else:
            privacy_url = reverse("program:privacy", kwargs={"slug": event.slug})
            self.fields["privacy_consent"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                privacy_url,
                _("Read the privacy notice (opens in a new tab)"),
            )
        self.helper = self._build_helper()

    # -- programme choices ---------------------------------------------------------------------

    def _session_label(self, session: Session, *, with_time: bool) -> str:
        parts = [session.title]
        if session.venue:
            parts.append(session.room or session.venue.name)
        if with_time:
            parts.append(session_times(session, self.event.tz))
        note = seats_note(session, held=self.held.get(session.pk) == BookingStatus.CONFIRMED)
        if note:
            parts.append(note)
        return " — ".join(parts)

    def _add_slot_field(self, slot: Slot) -> None:
        if slot.is_choice:
            field = forms.ChoiceField(
                label=session_times(slot, self.event.tz),
                required=False,
                widget=forms.RadioSelect,
                choices=[
                    ("", _("None of these")),
                    *[(str(s.pk), self._session_label(s, with_time=False)) for s in slot.sessions],
                ],
                initial="",
            )
        else:
            (session,) = slot.sessions
            field = forms.BooleanField(
                label=self._session_label(session, with_time=True), required=False
            )
        if slot.starts_at <= self.now:
            field.disabled = True  # what has begun can no longer change
            field.help_text = _("This has already begun.")
        self.fields[slot.key] = field

    def _offered(self) -> str:
        return ",".join(str(s.pk) for slot in self.slots for s in slot.sessions)

    def _check_offered(self) -> None:
        if self.cleaned_data.get("offered") != self._offered():
            # Show the current choices, and accept them on the next submission.
            self.data = self.data.copy()
            self.data["offered"] = self._offered()
            self.add_error(
                None,
                _(
                    "The programme changed while you were filling in this form. "
                    "Please check your choices below and send the form again."
                ),
            )

    def selected_sessions(self) -> dict[str, Session]:
        """Chosen session per field name, from cleaned data."""
        chosen = {}
        for name, slot in self.slots_by_field.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            if value is True:
                chosen[name] = slot.sessions[0]
            else:
                chosen[name] = next(s for s in slot.sessions if str(s.pk) == value)
        return chosen

    # -- validation ----------------------------------------------------------------------------

    def clean_first_name(self) -> str:
        return clean_text(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return clean_text(self.cleaned_data["last_name"])

    def clean_email(self) -> str:
        return services.normalize_email(self.cleaned_data["email"])

    def clean_allergies(self) -> str:
        return clean_text(self.cleaned_data["allergies"])

    def clean_accessibility_needs(self) -> str:
        return clean_text(self.cleaned_data["accessibility_needs"])

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

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_offered()
        for name in FREE_TEXT:
            if cleaned.get(name):
                cleaned[name] = clean_text(cleaned[name])
        self._clean_travel_date("arrival_date")
        self._clean_travel_date("departure_date")
        arrival, departure = cleaned.get("arrival_date"), cleaned.get("departure_date")
        if arrival and departure:
            if departure < arrival:
                self.add_error(
                    "departure_date", _("Your departure cannot come before your arrival.")
                )
            elif (
                departure == arrival
                and cleaned.get("arrival_time")
                and cleaned.get("departure_time")
                and cleaned["departure_time"] <= cleaned["arrival_time"]
            ):
                self.add_error(
                    "departure_time", _("Your departure cannot come before your arrival.")
                )
        if Diet.OTHER in cleaned.get("diets", []) and not cleaned.get("diet_other"):
            self.add_error("diet_other", _("Please tell us which other requirement you have."))
        chosen = self.selected_sessions()
        field_of = {session.pk: name for name, session in chosen.items()}
        for first, second in services.find_clashes(chosen.values()):
            for mine, other in ((first, second), (second, first)):
                self.add_error(
                    field_of[mine.pk],
                    _("This clashes with “%(other)s” (%(when)s). Choose one of the two.")
                    % {"other": other.title, "when": session_times(other, self.event.tz)},
                )
        return cleaned

    # -- saving --------------------------------------------------------------------------------

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.DETAIL_FIELDS}

    def session_ids(self) -> list[int]:
        return [s.pk for s in self.selected_sessions().values()]

    def save(self, commit: bool = True) -> services.Registered | Registration:
        """Register (new form) or update (private link); rule errors land on the form."""
        try:
            if self.editing:
                services.update_registration(
                    registration=self.instance,
                    details=self.details(),
                    diets=self.cleaned_data["diets"],
                    session_ids=self.session_ids(),
                )
                return self.instance
            return services.register(
                event=self.event,
                details=self.details(),
                diets=self.cleaned_data["diets"],
                session_ids=self.session_ids(),
            )
        except services.DuplicateRegistration:
            raise
        except services.RegistrationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
            raise

    # -- layout --------------------------------------------------------------------------------

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        programme = [name for name, slot in self.slots_by_field.items() if not slot.is_meal]
        meals = [name for name, slot in self.slots_by_field.items() if slot.is_meal]
        sections = [
            "offered",
            Fieldset(
                _("About you"),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    css_class="row",
                ),
                "preferred_language",
                InlineCheckboxes("languages"),
                InlineRadios("gender"),
            ),
            Fieldset(
                _("Your organisation"),
                "organisation",
                Div(
                    Div("organisation_type", css_class="col-md-6"),
                    Div("country", css_class="col-md-6"),
                    css_class="row",
                ),
                "job_title",
            ),
        ]
        if programme:
            sections.append(
                Fieldset(
                    _("Programme choices"),
                    HTML(
                        '<p class="form-text">{}</p>'.format(
                            _(
                                "Plenary sessions are open to all. Choose what needs a seat; "
                                "a full session puts you on its waiting list."
                            )
                        )
                    ),
                    *programme,
                )
            )
        if meals:
            sections.append(Fieldset(_("Meals"), *meals))
        sections += [
            Fieldset(_("Food"), InlineCheckboxes("diets"), "diet_other", "allergies"),
            Fieldset(
                _("Travel and accommodation"),
                "travel_mode",
                Div(
                    Div("arrival_date", css_class="col-sm-4"),
                    Div("arrival_time", css_class="col-sm-3"),
                    Div("arrival_place", css_class="col-sm-5"),
                    css_class="row",
                ),
                Div(
                    Div("departure_date", css_class="col-sm-4"),
                    Div("departure_time", css_class="col-sm-3"),
                    Div("departure_place", css_class="col-sm-5"),
                    css_class="row",
                ),
                "accommodation_nights",
                "needs_invitation_letter",
            ),
            Fieldset(_("Accessibility"), "accessibility_needs"),
            Fieldset(
                _("Consent"),
                *([] if self.editing else ["privacy_consent"]),
                "photo_consent",
            ),
        ]
        helper.layout = Layout(*sections)
        return helper
