"""Forms of the registrations' admin: the same rules as the public form, through the services."""

from django import forms
from django.utils.translation import gettext_lazy

from registrations.forms import DetailsForm
from registrations.models import AccessKey


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
