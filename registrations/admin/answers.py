"""The answers to an event's own questions in the registrations' admin: on each registration's
page (to read, or to correct through the same form as the private link), and as a filter."""

import re

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy

from program.models import Event
from registrations.admin.filters import chosen_event
from registrations.enums import QuestionKind
from registrations.questions import Question, answered, event_questions

QUESTION_KEY = re.compile(r"q\d+")


class AnswersMixin:
    """For RegistrationAdmin: a section with the event's questions on a registration's page."""

    def page_questions_event(self, request, obj) -> Event | None:
        raise NotImplementedError

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        event = self.page_questions_event(request, obj)
        questions = event_questions([event.pk]) if event else []
        if not questions:
            return fieldsets
        editable = obj is None or self.has_change_permission(request, obj)
        fields = [q.key for q in questions] if editable else ["answer_list"]
        return [*fieldsets, (gettext_lazy("Answers to the event's questions"), {"fields": fields})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The questions' fields are the form's own (DetailsForm adds them): not the model's.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if not QUESTION_KEY.fullmatch(name)]
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=gettext_lazy("answers"))
    def answer_list(self, registration) -> str:
        pairs = answered(event_questions([registration.event_id]), registration.answers)
        return format_html_join("", "<p><strong>{}</strong><br>{}</p>", pairs) or "–"


class AnswerFilter(admin.SimpleListFilter):
    """People by their answer to a question with choices, or yes or no: those of the event
    chosen beside, or of every event when none is."""

    title = gettext_lazy("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        event_id = chosen_event(request)
        questions = Question.objects.filter(
            kind__in=[QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES, QuestionKind.YES_NO]
        ).prefetch_related("choices")
        if event_id is not None:
            questions = questions.filter(event_id=event_id)
        return [
            (f"{question.pk}:{value}", f"{question.label}: {label}")
            for question in questions
            for value, label in self._answers(question)
        ]

    @staticmethod
    def _answers(question: Question) -> list[tuple[str, str]]:
        if question.kind == QuestionKind.YES_NO:
            return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
        return [(str(choice.pk), choice.label) for choice in question.choices.all()]

    def queryset(self, request, queryset):
        question_id, _sep, value = (self.value() or "").partition(":")
        if not (question_id.isascii() and question_id.isdigit()):
            return queryset
        question = Question.objects.filter(pk=question_id).prefetch_related("choices").first()
        if question is None:
            return queryset.none()
        if question.kind == QuestionKind.YES_NO:
            return queryset.filter(**{f"answers__{question.key}": value == "yes"})
        if not (value.isascii() and value.isdigit()):
            return queryset.none()
        if question.kind == QuestionKind.ONE_CHOICE:
            return queryset.filter(**{f"answers__{question.key}": int(value)})
        if not question.choices.all():
            return queryset.none()
        # Several choices are a list: the choice may sit at any of its places.
        at_any_place = Q()
        for place in range(len(question.choices.all())):
            at_any_place |= Q(**{f"answers__{question.key}__{place}": int(value)})
        return queryset.filter(at_any_place)
