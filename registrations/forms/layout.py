"""How the registration form reads: sections in the order a person thinks of them."""

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django.utils.html import format_html
from django.utils.translation import gettext as _

from registrations.enums import FormSection


def _row(*columns: tuple[str, str]) -> Div:
    return Div(*(Div(name, css_class=css) for name, css in columns), css_class="row")


def _journey(leg: str) -> Div:
    return _row(
        (f"{leg}_date", "col-sm-4"), (f"{leg}_time", "col-sm-3"), (f"{leg}_place", "col-sm-5")
    )


def _details(asked) -> list:
    """The person's own sections, with the organizer's questions each section holds."""
    return [
        Fieldset(
            _("About you"),
            _row(("first_name", "col-md-6"), ("last_name", "col-md-6")),
            _row(("email", "col-md-6"), ("phone", "col-md-6")),
            "preferred_language",
            InlineCheckboxes("languages"),
            InlineRadios("gender"),
            *asked(FormSection.ABOUT),
        ),
        Fieldset(
            _("Your organisation"),
            "organisation",
            _row(("organisation_type", "col-md-6"), ("country", "col-md-6")),
            "job_title",
            *asked(FormSection.ORGANISATION),
        ),
    ]


def _needs(asked) -> list:
    sections = [
        Fieldset(
            _("Food"),
            InlineCheckboxes("diets"),
            "diet_other",
            "allergies",
            *asked(FormSection.FOOD),
        ),
        Fieldset(
            _("Travel and accommodation"),
            "travel_mode",
            _journey("arrival"),
            _journey("departure"),
            "accommodation_nights",
            "needs_invitation_letter",
            *asked(FormSection.TRAVEL),
        ),
        Fieldset(_("Accessibility"), "accessibility_needs", *asked(FormSection.ACCESSIBILITY)),
    ]
    if more := asked(FormSection.MORE):
        sections.append(Fieldset(FormSection.MORE.label, *more))
    return sections


def registration_helper(form, *, consents: list[str], invitation: tuple = ()) -> FormHelper:
    """The layout of a form with the person's details and programme choices (and, first, the
    invitation code when the event asks for one)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    sections = ["offered", *invitation, *_details(form.question_fields)]
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
    sections += [*_needs(form.question_fields), Fieldset(_("Consent"), *consents)]
    helper.layout = Layout(*sections)
    return helper
