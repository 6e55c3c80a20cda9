"""Questions an organizer adds to an event's registration form, without code, and how their
answers read.

Answers are the person's own data: they are kept on the registration (`Registration.answers`,
one entry per question, under the question's `key`), so that they go wherever it goes, and are
erased with it. A choice is kept by its id, so that a choice renamed or translated later keeps
its answers.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livinglab.dates import full_date
from program.models import Event
from registrations.enums import FormSection, QuestionKind


class Question(models.Model):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=gettext_lazy("event"),
    )
    label = models.CharField(gettext_lazy("question"), max_length=300)
    help_text = models.CharField(gettext_lazy("help text"), max_length=300, blank=True)
    kind = models.CharField(gettext_lazy("kind of answer"), max_length=20, choices=QuestionKind)
    required = models.BooleanField(gettext_lazy("required"), default=False)
    section = models.CharField(
        gettext_lazy("section of the form"),
        max_length=20,
        choices=FormSection,
        default=FormSection.MORE,
    )
    position = models.PositiveSmallIntegerField(
        gettext_lazy("position"), default=0, help_text=gettext_lazy("Smaller numbers come first.")
    )

    class Meta:
        verbose_name = gettext_lazy("question")
        verbose_name_plural = gettext_lazy("questions")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        """Its name in the answers and in the form. Not the bare id: a JSON key of digits would
        be read as a position in a list by database lookups."""
        return f"q{self.pk}"

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


class QuestionChoice(models.Model):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=gettext_lazy("question"),
    )
    label = models.CharField(gettext_lazy("choice"), max_length=200)
    position = models.PositiveSmallIntegerField(gettext_lazy("position"), default=0)

    class Meta:
        verbose_name = gettext_lazy("choice")
        verbose_name_plural = gettext_lazy("choices")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


def event_questions(event_ids: Iterable[int] | models.QuerySet) -> list[Question]:
    """The questions of these events with their choices, in the form's order: two queries."""
    return list(
        Question.objects.filter(event_id__in=event_ids)
        .prefetch_related("choices")
        .order_by("event_id", "position", "pk")
    )


def answer_value(question: Question, value: Any) -> str | bool | dt.date | None:
    """An answer as a value for a spreadsheet cell: text, yes or no, a date; None if none."""
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.YES_NO:
        return bool(value)
    if question.kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    if question.has_choices:
        chosen = set(value) if isinstance(value, list) else {value}
        return ", ".join(c.label for c in question.choices.all() if c.pk in chosen) or None
    return str(value)


def answer_text(question: Question, value: Any) -> str:
    """An answer as people read it, in the active language; "" when there is none."""
    value = answer_value(question, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return full_date(value)
    return value


def answered(questions: Iterable[Question], answers: dict) -> list[tuple[Question, str]]:
    """The questions this person answered, with their answers as text, in the form's order."""
    pairs = [(question, answer_text(question, answers.get(question.key))) for question in questions]
    return [(question, text) for question, text in pairs if text]
