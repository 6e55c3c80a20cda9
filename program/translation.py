"""The texts organizers write, in every language of the site (django-modeltranslation).

Each field below has a column per language (`title_en`, `title_fr` …). Reading the field itself
(`session.title`) gives the page's language; where that is empty, the event's main language;
where that is empty too, the first language that has text: never a blank. The event whose main
language applies is set for the request (or the email, the export) by `main_language_of`.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname

from program.models import Event, Session, Venue

# The main language of the event being shown; the site's default language otherwise.
_main_language: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "main_language", default=None
)


class EventTexts(TranslationOptions):
    fields = (
        "title",
        "series",
        "tagline",
        "summary",
        "location",
        "practical_information",
        "privacy_notice",
        "funding_acknowledgement",
        "funder_emblem_alt",
    )


class VenueTexts(TranslationOptions):
    fields = ("name", "notes")


class SessionTexts(TranslationOptions):
    fields = ("title", "description", "room", "facilitators", "language")


def reading_order() -> list[str]:
    """The languages a translated field is read in, first to last."""
    first = [get_language(), _main_language.get(), settings.LANGUAGE_CODE]
    order = [*first, *(code for code, _name in settings.LANGUAGES)]
    return list(dict.fromkeys(code for code in order if code))


class MainLanguageFirst(TranslationFieldDescriptor):
    """modeltranslation's descriptor with the event's main language as the first fallback."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        for language in reading_order():
            value = getattr(instance, build_localized_fieldname(self.field.name, language), None)
            if value not in (None, ""):
                return value
        return self.field.get_default()


def use_main_language(event: Event) -> None:
    """For the rest of this request: texts fall back to this event's main language."""
    _main_language.set(event.main_language)


@contextmanager
def main_language_of(event: Event):
    """The same, for a block (an email, an export)."""
    token = _main_language.set(event.main_language)
    try:
        yield
    finally:
        _main_language.reset(token)


def forget_main_language() -> None:
    _main_language.set(None)


def register_texts(model, options: type[TranslationOptions]) -> None:
    """A column per language for each text of `options`, read with the event's main language
    as the first fallback (other apps register their organizers' texts the same way)."""
    translator.register(model, options)
    for name in options.fields:
        stock = model.__dict__[name]
        setattr(
            model,
            name,
            MainLanguageFirst(
                stock.field,
                stock.fallback_languages,
                stock.fallback_value,
                stock.fallback_undefined,
            ),
        )


for model, options in ((Event, EventTexts), (Venue, VenueTexts), (Session, SessionTexts)):
    register_texts(model, options)
