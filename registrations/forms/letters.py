"""What a consulate expects in an invitation letter, asked only of those who request one."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations import services
from registrations.forms.fields import LongSelect, validate_name
from registrations.models import InvitationLetter, Registration

PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")


class LetterRequestForm(forms.ModelForm):
    class Meta:
        model = InvitationLetter
        fields = ["passport_name", "nationality", "passport_number", "date_of_birth"]
        widgets = {
            "nationality": LongSelect,
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passport_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "passport_number": gettext_lazy("Letters and digits, as printed in the passport."),
        }

    def __init__(self, *args, registration: Registration, **kwargs) -> None:
        self.registration = registration
        super().__init__(*args, **kwargs)
        self.fields["passport_name"].validators.append(validate_name)
        choices = list(self.fields["nationality"].choices)
        if choices and choices[0][0] == "":
            choices = choices[1:]
        self.fields["nationality"].choices = [("", _("Choose…")), *choices]

    def clean_passport_number(self) -> str:
        number = re.sub(r"[\s-]", "", self.cleaned_data["passport_number"]).upper()
        if not PASSPORT_NUMBER.fullmatch(number):
            raise forms.ValidationError(
                _("A passport number has 5 to 20 letters and digits. Please check it.")
            )
        return number

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        if not dt.date(1900, 1, 1) <= born <= timezone.localdate():
            raise forms.ValidationError(_("Please check this date of birth."))
        return born

    def save(self, commit: bool = True) -> InvitationLetter:
        data = self.cleaned_data
        try:
            return services.request_letter(
                registration=self.registration,
                passport=services.PassportDetails(
                    passport_name=data["passport_name"],
                    nationality=str(data["nationality"]),
                    passport_number=data["passport_number"],
                    date_of_birth=data["date_of_birth"],
                ),
            )
        except services.RegistrationError as error:
            self.add_error(None, error.message)
            raise
