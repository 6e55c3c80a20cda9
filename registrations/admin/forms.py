"""Forms of the registrations' admin: the same rules as the public form, through the services."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from program.models import Event, Session
from registrations import door, services
from registrations.details import normalize_email
from registrations.forms import DetailsForm, session_times
from registrations.models import AccessKey, Registration
from registrations.services import PLACEHOLDERS, email_taken, find_clashes


class RegistrationAdminForm(DetailsForm):
    """A registration's details as organizers correct them; saved by services."""

    def __init__(self, *args, **kwargs) -> None:
        instance = kwargs.get("instance")
        super().__init__(*args, event=instance.event, **kwargs)


# A PDF programme or map: larger files are for a link in the text.
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")


class MessageForm(forms.Form):
    """A message to many: a subject and a text in the event's main language, and in any other
    language the organizer writes it in (each person gets theirs, or the main one), an optional
    PDF; `audiences` (on the event's page) to choose who gets it, with how many they are."""

    attachment = forms.FileField(
        label=gettext_lazy("Attached file (PDF)"),
        required=False,
        help_text=gettext_lazy("A programme or a map, for example: a PDF of 5 MB at most."),
    )

    def __init__(self, *args, main_language: str, audiences=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.main_language = main_language
        if audiences is not None:
            self.fields["audience"] = forms.ChoiceField(
                label=gettext_lazy("To"),
                choices=[
                    ("", _("Choose…")),
                    *[
                        (
                            a.key,
                            ngettext("%(label)s: %(n)d person", "%(label)s: %(n)d people", a.count)
                            % {"label": a.label, "n": a.count},
                        )
                        for a in audiences
                    ],
                ],
            )
        ordered = sorted(settings.LANGUAGES, key=lambda language: language[0] != main_language)
        for code, _name in ordered:
            required = code == main_language
            self.fields[f"subject_{code}"] = forms.CharField(
                label=gettext_lazy("Subject"),
                max_length=200,
                required=required,
                widget=forms.TextInput(attrs={"size": 70}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=gettext_lazy("Message"),
                max_length=5000,
                required=required,
                widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
                help_text=_(
                    "Sent after “Dear” and the person's first name. {first_name} and {last_name} "
                    "become the person's; {link} becomes a fresh private link of their own."
                ),
            )
        self.languages = [
            (
                get_language_info(code)["name_local"],
                code == main_language,
                [self[f"subject_{code}"], self[f"body_{code}"]],
            )
            for code, _name in ordered
        ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("This file is larger than 5 MB."))
        head = upload.read(5)
        upload.seek(0)
        is_pdf = upload.content_type == "application/pdf" and head == b"%PDF-"
        if not upload.name.lower().endswith(".pdf") or not is_pdf:
            raise forms.ValidationError(_("Only a PDF file can be attached."))
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        for code, _name in settings.LANGUAGES:
            subject, body = cleaned.get(f"subject_{code}"), cleaned.get(f"body_{code}")
            # A required field left empty already says so.
            if subject and not body and f"body_{code}" not in self.errors:
                self.add_error(f"body_{code}", _("Write the message that goes with this subject."))
            if body and not subject and f"subject_{code}" not in self.errors:
                self.add_error(f"subject_{code}", _("Give this message a subject."))
            for name, allowed in (
                (f"subject_{code}", PLACEHOLDERS[:2]),
                (f"body_{code}", PLACEHOLDERS),
            ):
                unknown = [
                    p for p in PLACEHOLDER.findall(cleaned.get(name) or "") if p not in allowed
                ]
                if unknown:
                    self.add_error(
                        name,
                        _("%(found)s cannot be replaced here: use %(allowed)s.")
                        % {"found": ", ".join(unknown), "allowed": ", ".join(allowed)},
                    )
        return cleaned

    def message(self) -> services.Message:
        texts = {
            code: (self.cleaned_data[f"subject_{code}"], self.cleaned_data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"subject_{code}")
        }
        return services.Message(texts=texts, main_language=self.main_language)


class AccessKeyForm(forms.ModelForm):
    revoke = forms.BooleanField(label=gettext_lazy("revoke"), required=False)

    class Meta:
        model = AccessKey
        fields: list[str] = []


class RegistrationAddForm(DetailsForm):
    """A registration made by an organizer (a guest, a late registration, a walk-in) for
    `event`, set by the admin: saved by services.register, with the organizer's powers."""

    event: Event
    organizer = None  # who checks them in, with "here now"
    sessions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sessions"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A full session or event takes them all the same: its limit grows by one."
        ),
    )
    present_now = forms.BooleanField(
        label=gettext_lazy("Here now: check them in for today"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("instance", None)
        super().__init__(*args, event=self.event, instance=Registration(event=self.event), **kwargs)
        tz = self.event.tz
        self.fields["sessions"].queryset = self.event.sessions.filter(
            requires_booking=True
        ).order_by("starts_at", "title")
        self.fields["sessions"].label_from_instance = lambda s: (
            f"{s.title} — {session_times(s, tz)} — {s.seats_taken}/{s.capacity or '∞'}"
        )

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if email_taken(self.event, email):
            raise forms.ValidationError(
                _("This address is already registered for this event: see their registration.")
            )
        return email

    def clean_sessions(self):
        sessions = self.cleaned_data["sessions"]
        if clashes := find_clashes(sessions):
            first, second = clashes[0]
            raise forms.ValidationError(
                _("“%(first)s” and “%(second)s” take place at the same time.")
                % {"first": first.title, "second": second.title}
            )
        return sessions

    def clean_present_now(self) -> bool:
        if self.cleaned_data["present_now"] and door.event_day(self.event) is None:
            raise forms.ValidationError(_("The event does not take place today."))
        return self.cleaned_data["present_now"]

    def save(self, commit: bool = True) -> Registration:
        registered = services.register(
            event=self.event,
            details=self.details(),
            session_ids=[s.pk for s in self.cleaned_data["sessions"]],
            by_organizer=True,
        )
        registration = registered.registration
        if self.cleaned_data["present_now"]:
            services.check_in(registration=registration, by=self.organizer)
        return registration

    def save_m2m(self) -> None:
        """Sessions and diets are saved by the service."""


class MoveForm(forms.Form):
    to_session = forms.ModelChoiceField(
        label=gettext_lazy("Move them to"), queryset=Session.objects.none()
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tz = event.tz
        field = self.fields["to_session"]
        field.queryset = event.sessions.filter(requires_booking=True).order_by("starts_at")
        field.label_from_instance = lambda s: (
            f"{s.title} — {session_times(s, tz)} — {s.seats_taken}/{s.capacity or '∞'}"
        )
