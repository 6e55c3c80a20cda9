"""Forms of the registrations' admin: the same rules as the public form, through the services."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from program.models import Event, Session
from registrations import door, services
from registrations.details import normalize_email
from registrations.forms import DetailsForm, session_times
from registrations.models import AccessKey, Registration
from registrations.services import email_taken, find_clashes


class RegistrationAdminForm(DetailsForm):
    """A registration's details as organizers correct them; saved by services."""

    def __init__(self, *args, **kwargs) -> None:
        instance = kwargs.get("instance")
        super().__init__(*args, event=instance.event, **kwargs)


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=gettext_lazy(
            "Sent to each person as written, after “Dear <first name>,” in their language."
        ),
    )
    with_link = forms.BooleanField(
        label=gettext_lazy("Add a fresh private link for each person"),
        required=False,
        help_text=gettext_lazy(
            "A new link is made for each person; earlier links keep working. Leave it unticked "
            "when the message does not ask them to change anything."
        ),
    )


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
