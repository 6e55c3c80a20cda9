"""What organizers set up for an event without code: its questions (with their choices, in
every language), its partner organisations' invitation codes, and next year's edition copied
from this one."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from program import admin as program_admin
from program.models import Event, validate_event_slug
from registrations import services
from registrations.models import InvitationCode, Question, QuestionChoice


def stored_main_language(request) -> str:
    """The main language of the event the page belongs to (set by EventPageMixin)."""
    event = getattr(request, "page_event", None)
    return program_admin.stored_main_language(event) if event else settings.LANGUAGE_CODE


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if not self.instance.has_choices:
            return
        # An extra row left empty has no cleaned data.
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len(kept) < 2:
            raise forms.ValidationError(_("A question with choices needs at least two choices."))


class ChoiceInline(admin.StackedInline):
    """A question's choices: the label in the event's main language, the others folded away."""

    model = QuestionChoice
    formset = ChoiceFormSet

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 1  # a new question with choices needs two

    def get_fieldsets(self, request, obj=None):
        main = stored_main_language(request)
        return [
            (None, {"fields": [(f"label_{main}", "position")]}),
            *program_admin.language_fieldsets(("label",), main, with_main=False),
        ]


@admin.register(Question)
class QuestionAdmin(program_admin.EventPageMixin, admin.ModelAdmin):
    list_display = ["label", "event", "kind", "section", "required", "position"]
    list_filter = ["event", "kind", "section"]
    list_select_related = ["event"]
    search_fields = program_admin.localized("label")
    texts = ("label", "help_text")
    required_texts = ("label",)
    other_fieldsets = [(None, {"fields": ["event", ("kind", "required"), ("section", "position")]})]
    inlines = [ChoiceInline]

    def page_event(self, request, object_id):
        event_id = request.POST.get("event") or request.GET.get("event")
        if object_id and not event_id:
            event_id = Question.objects.filter(pk=object_id).values_list("event_id", flat=True)
            event_id = event_id.first()
        if not str(event_id or "").isdigit():
            return None
        return Event.objects.filter(pk=event_id).first()


class QuestionInline(admin.TabularInline):
    """The event's questions at a glance; each opens on its own page (choices, languages)."""

    model = Question
    fields = ["position", "label", "kind", "section", "required"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class InvitationCodeForm(forms.ModelForm):
    class Meta:
        model = InvitationCode
        fields = ["organisation", "capacity"]


class InvitationCodeInline(admin.TabularInline):
    """The partner organisations invited, each with its code, its places and its link."""

    model = InvitationCode
    form = InvitationCodeForm
    fields = ["organisation", "capacity", "code", "seats_taken", "link"]
    readonly_fields = ["code", "seats_taken", "link"]
    extra = 1

    @admin.display(description=gettext_lazy("link to send"))
    def link(self, invitation: InvitationCode) -> str:
        if invitation.pk is None:
            return "–"
        return format_html("<code>{}{}</code>", settings.SITE_URL, invitation.register_path)


class CopyForm(forms.Form):
    slug = forms.SlugField(
        label=gettext_lazy("Short name of the new edition"),
        max_length=60,
        validators=[validate_event_slug],
        help_text=gettext_lazy("Part of its web address, e.g. living-lab-2027."),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Its first day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Every date moves by as many days: the sessions, the registration window."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Its title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("In the event's main language; leave it to keep the same."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Event.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another event already has this short name."))
        return slug

    def clean_starts_on(self) -> dt.date:
        starts_on = self.cleaned_data["starts_on"]
        if not dt.date(2000, 1, 1) <= starts_on <= dt.date(2200, 12, 31):
            raise forms.ValidationError(_("Please check this date."))
        return starts_on


def copy_event_view(model_admin, request, event_id: int):
    """ "Copy this event": a draft of the next edition, then its page to check and publish."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    form = CopyForm(request.POST or None, initial={"title": event.title})
    if form.is_valid():
        try:
            edition = services.copy_event(event=event, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            model_admin.message_user(
                request,
                _(
                    "The new edition is a draft: check its texts and dates, then tick "
                    "“published”. Its sessions moved by %(days)d days."
                )
                % {"days": (edition.starts_on - event.starts_on).days},
                messages.SUCCESS,
            )
            return redirect("admin:program_event_change", edition.pk)
    return TemplateResponse(
        request,
        "admin/program/event/copy.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Copy “%(title)s”") % {"title": event.title},
            "opts": Event._meta,
            "original": event,
            "form": form,
            "sessions": event.sessions.count(),
            "questions": event.questions.count(),
        },
    )
