"""How the registration form reads: sections in the order a person thinks of them."""

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django.utils.html import format_html
from django.utils.translation import gettext as _


def _row(*columns: tuple[str, str]) -> Div:
    return Div(*(Div(name, css_class=css) for name, css in columns), css_class="row")


def _journey(leg: str) -> Div:
    return _row(
        (f"{leg}_date", "col-sm-4"), (f"{leg}_time", "col-sm-3"), (f"{leg}_place", "col-sm-5")
    )


def registration_helper(form, *, consents: list[str]) -> FormHelper:
    """The layout of a form with the person's details and programme choices."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    sections = [
        "offered",
        Fieldset(
            _("About you"),
            _row(("first_name", "col-md-6"), ("last_name", "col-md-6")),
            _row(("email", "col-md-6"), ("phone", "col-md-6")),
            "preferred_language",
            InlineCheckboxes("languages"),
            InlineRadios("gender"),
        ),
        Fieldset(
            _("Your organisation"),
            "organisation",
            _row(("organisation_type", "col-md-6"), ("country", "col-md-6")),
            "job_title",
        ),
    ]
    if form.programme_fields:
        intro = _(
            "Plenary sessions are open to all. Choose what needs a seat; "
            "a full session puts you on its waiting list."
        )
        sections.append(
            Fieldset(
                _("Programme choices"),
                HTML(format_html('<p class="form-text">{}</p>', intro)),
                *form.programme_fields,
            )
        )
    if form.meal_fields:
        sections.append(Fieldset(_("Meals"), *form.meal_fields))
    sections += [
        Fieldset(_("Food"), InlineCheckboxes("diets"), "diet_other", "allergies"),
        Fieldset(
            _("Travel and accommodation"),
            "travel_mode",
            _journey("arrival"),
            _journey("departure"),
            "accommodation_nights",
            "needs_invitation_letter",
        ),
        Fieldset(_("Accessibility"), "accessibility_needs"),
        Fieldset(_("Consent"), *consents),
    ]
    helper.layout = Layout(*sections)
    return helper
