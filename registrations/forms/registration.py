"""The forms participants fill in: register, change through the private link, lost link."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from program import privacy
from program.enums import Admission
from program.models import Event
from program.selectors import Slot
from registrations import services
from registrations.forms.details import PublicDetailsForm
from registrations.forms.fields import validate_deliverable
from registrations.forms.layout import registration_helper
from registrations.forms.programme import ProgrammeChoices
from registrations.models import Registration


class _ChoosingForm(ProgrammeChoices, PublicDetailsForm):
    def __init__(self, *args, event: Event, slots: list[Slot], held=None, **kwargs) -> None:
        super().__init__(*args, event=event, **kwargs)
        self.add_programme(slots, held or {})

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_programme()
        return cleaned

    def _rule_error(self, error: services.RegistrationError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)


class RegisterForm(_ChoosingForm):
    """A new registration: details, programme choices and the privacy notice to accept."""

    privacy_consent = forms.BooleanField(
        label=gettext_lazy(
            "I have read the privacy notice and agree that my data is used to organise the event."
        ),
        error_messages={"required": gettext_lazy("Please accept the privacy notice to register.")},
    )

    # The version of the notice the page showed, which the consent refers to.
    privacy_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, code: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy_version"].initial = privacy.current_version(self.event)
        privacy_url = reverse("program:privacy", kwargs={"slug": self.event.slug})
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            privacy_url,
            _("Read the privacy notice (opens in a new tab)"),
        )
        invitation = ()
        if self.event.admission == Admission.INVITATION:
            self._ask_for_code(code)
            invitation = (Fieldset(_("Your invitation"), "invitation_code"),)
        self.helper = registration_helper(
            self,
            consents=["privacy_version", "privacy_consent", "health_consent", "photo_consent"],
            invitation=invitation,
        )

    def _ask_for_code(self, code: str) -> None:
        """The code, typed or taken from the invitation's link (which also says who invites)."""
        self.fields["invitation_code"] = forms.CharField(
            label=_("Invitation code"),
            max_length=40,
            help_text=_("It is in the invitation your organisation received."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        )
        self.initial["invitation_code"] = code
        try:
            invited = services.invitation_for(self.event, code) if code else None
        except services.RegistrationError:
            invited = None  # said next to the field when the form is sent
        if invited is not None:
            self.initial.setdefault("organisation", invited.organisation)

    def clean_invitation_code(self) -> str:
        code = self.cleaned_data["invitation_code"]
        try:
            services.invitation_for(self.event, code)
        except services.RegistrationError as error:
            raise forms.ValidationError(error.message) from error
        return code

    def save(self, commit: bool = True) -> services.Registered:
        """Register; a rule's refusal lands on the form (a known address is the caller's)."""
        try:
            return services.register(
                event=self.event,
                details=self.details(),
                session_ids=self.session_ids(),
                invitation_code=self.cleaned_data.get("invitation_code", ""),
                notice_version=self.cleaned_data["privacy_version"] or None,
            )
        except services.DuplicateRegistration:
            raise
        except services.RegistrationError as error:
            if error.field == "privacy_consent":  # the notice changed: the new one to accept
                self.data = self.data.copy()
                self.data["privacy_version"] = self.fields["privacy_version"].initial
                self.data.pop("privacy_consent", None)
            self._rule_error(error)
            raise


class EditForm(_ChoosingForm):
    """A registration changed through its private link: what the person holds is chosen."""

    def __init__(self, *args, instance: Registration, **kwargs) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.helper = registration_helper(self, consents=["health_consent", "photo_consent"])

    def save(self, commit: bool = True) -> Registration:
        try:
            services.update_registration(
                registration=self.instance,
                details=self.details(),
                session_ids=self.session_ids(),
            )
        except services.RegistrationError as error:
            self._rule_error(error)
            raise
        return self.instance


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
