"""Programme choices: one field per time slot, the "programme changed" check, clashes.

A slot is a set of sessions with the same times (program.selectors.Slot): a radio group when
several run in parallel, a checkbox for a session alone in its time. Each field is named after
its times, and the form carries the list of sessions it offered: if that list differs when the
form comes back, the person sees the current choices before anything is booked or cancelled.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from program.models import Event, Session
from program.selectors import Slot
from registrations.enums import BookingStatus
from registrations.forms.fields import seats_note, session_times
from registrations.services import find_clashes


def _times(session: Session, tz) -> dict[str, str]:
    """What the page's script (static/js/clashes.js) needs to say, while the person chooses,
    which choices overlap; the form's own check stays the rule."""
    return {
        "data-starts": session.starts_at.isoformat(),
        "data-ends": session.ends_at.isoformat(),
        "data-title": session.title,
        "data-when": session_times(session, tz),
    }


class SessionRadios(forms.RadioSelect):
    def __init__(self, *args, sessions: list[Session], tz, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.times = {str(s.pk): _times(s, tz) for s in sessions}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.times.get(str(value), {}))
        return option


class ProgrammeChoices:
    """For a form that lets a person choose sessions. Call `add_programme` in __init__ and
    `clean_programme` in clean."""

    event: Event

    def add_programme(self, slots: list[Slot], held: dict[int, str]) -> None:
        """`slots` come from program.selectors; `held` maps session ids to booking statuses."""
        self.slots_by_field = {slot.key: slot for slot in slots}
        self.held = held
        self.now = timezone.now()
        for slot in slots:
            self.fields[slot.key] = self._slot_field(slot)
        self.fields["offered"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["offered"].initial = self._offered()
        for name, slot in self.slots_by_field.items():
            chosen = [s for s in slot.sessions if s.pk in held]
            if chosen:
                self.initial[name] = str(chosen[0].pk) if slot.is_choice else True

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

    def _slot_field(self, slot: Slot) -> forms.Field:
        if slot.is_choice:
            field = forms.ChoiceField(
                label=session_times(slot, self.event.tz),
                required=False,
                widget=SessionRadios(sessions=slot.sessions, tz=self.event.tz),
                choices=[
                    ("", _("None of these")),
                    *[(str(s.pk), self._session_label(s, with_time=False)) for s in slot.sessions],
                ],
                initial="",
            )
        else:
            (session,) = slot.sessions
            field = forms.BooleanField(
                label=self._session_label(session, with_time=True),
                required=False,
                widget=forms.CheckboxInput(attrs=_times(session, self.event.tz)),
            )
        if slot.starts_at <= self.now:
            field.disabled = True  # what has begun can no longer change
            field.help_text = _("This has already begun.")
        return field

    def _offered(self) -> str:
        return ",".join(str(s.pk) for slot in self.slots_by_field.values() for s in slot.sessions)

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

    def session_ids(self) -> list[int]:
        return [s.pk for s in self.selected_sessions().values()]

    def clean_programme(self) -> None:
        self._check_offered()
        chosen = self.selected_sessions()
        field_of = {session.pk: name for name, session in chosen.items()}
        for first, second in find_clashes(chosen.values()):
            for mine, other in ((first, second), (second, first)):
                self.add_error(
                    field_of[mine.pk],
                    _("This clashes with “%(other)s” (%(when)s). Choose one of the two.")
                    % {"other": other.title, "when": session_times(other, self.event.tz)},
                )

    @property
    def programme_fields(self) -> list[str]:
        return [name for name, slot in self.slots_by_field.items() if not slot.is_meal]

    @property
    def meal_fields(self) -> list[str]:
        return [name for name, slot in self.slots_by_field.items() if slot.is_meal]
