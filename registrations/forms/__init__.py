"""Validation of what people type; saving hands over to registrations.services.

- fields.py: validators, widgets and labels shared by every form;
- details.py: the fields of `Details` and their rules;
- programme.py: programme choices (slots, "the programme changed", clashes);
- layout.py: the sections of the registration form;
- registration.py: the forms themselves (register, edit, lost link);
- letters.py: what an invitation letter needs (passport details).
"""

from registrations.forms.details import DetailsForm, PublicDetailsForm
from registrations.forms.fields import (
    LongSelect,
    checkboxes,
    night_choices,
    session_times,
    validate_deliverable,
    validate_name,
)
from registrations.forms.letters import LetterRequestForm
from registrations.forms.registration import EditForm, LostLinkForm, RegisterForm

__all__ = [
    "DetailsForm",
    "EditForm",
    "LetterRequestForm",
    "LongSelect",
    "LostLinkForm",
    "PublicDetailsForm",
    "RegisterForm",
    "checkboxes",
    "night_choices",
    "session_times",
    "validate_deliverable",
    "validate_name",
]
