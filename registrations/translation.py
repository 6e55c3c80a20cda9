"""The organizers' texts of registrations (their questions and choices), in every language,
read like the event's own texts: see program/translation.py."""

from modeltranslation.translator import TranslationOptions

from program.translation import register_texts
from registrations.questions import Question, QuestionChoice


class QuestionTexts(TranslationOptions):
    fields = ("label", "help_text")


class ChoiceTexts(TranslationOptions):
    fields = ("label",)


register_texts(Question, QuestionTexts)
register_texts(QuestionChoice, ChoiceTexts)
