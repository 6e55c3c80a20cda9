"""The organizer's own questions as form fields: validated like every other field (an error
next to the field, what was typed kept), in the section the organizer chose."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from program.models import Event
from registrations.enums import QuestionKind
from registrations.questions import Question, event_questions

TEXT_LENGTHS = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 2000}
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def question_field(question: Question) -> forms.Field:
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(choice.pk, choice.label) for choice in question.choices.all()]
    match question.kind:
        case QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=TEXT_LENGTHS[question.kind],
                widget=forms.Textarea(attrs={"rows": 3}),
                **common,
            )
        case QuestionKind.ONE_CHOICE:
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect, **common
            )
        case QuestionKind.SEVERAL_CHOICES:
            return forms.TypedMultipleChoiceField(
                choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
        case QuestionKind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
        case QuestionKind.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
            )
    return forms.CharField(max_length=TEXT_LENGTHS[QuestionKind.SHORT_TEXT], **common)


def stored(question: Question, value: Any) -> Any:
    """A cleaned answer as the registration keeps it (JSON); None for no answer."""
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.YES_NO:
        return value == "yes"
    if question.kind == QuestionKind.DATE:
        return value.isoformat()
    if question.kind == QuestionKind.SEVERAL_CHOICES:
        return sorted(value)
    return value


def shown(question: Question, value: Any) -> Any:
    """A kept answer as the form shows it again."""
    if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if question.kind == QuestionKind.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


class QuestionFields:
    """For a form of a person's details: a field per question of the event. Call
    `add_questions` in __init__; `answers()` gives them for `Details`."""

    fields: dict
    initial: dict
    cleaned_data: dict

    def add_questions(self, event: Event, answers: dict) -> None:
        self.questions = event_questions([event.pk])
        for question in self.questions:
            self.fields[question.key] = question_field(question)
            if question.key in answers:
                self.initial[question.key] = shown(question, answers[question.key])

    def answers(self) -> dict[str, Any]:
        values = {q.key: stored(q, self.cleaned_data.get(q.key)) for q in self.questions}
        return {key: value for key, value in values.items() if value is not None}

    def question_fields(self, section: str) -> list[str]:
        return [q.key for q in self.questions if q.section == section]
