"""What a participant states about themselves, as one typed value.

The names of these fields are written here once: the public and admin forms take their field
lists from `Details.names()`, the services apply a `Details` to a registration, and the tests
build one with `Details(...)`. Everything else about a registration (status, queue order,
consent times, seats) is the system's to decide.
"""

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import BaseUserManager

from registrations.enums import SpokenLanguage


def normalize_email(email: str) -> str:
    # NFKC folds look-alikes such as the Kelvin sign into the letter the unique index compares.
    return BaseUserManager.normalize_email(unicodedata.normalize("NFKC", email.strip()))


def clean_text(value: str) -> str:
    """NFC-normalise and drop control characters a copy-paste may bring along (a tab or a
    carriage return before "=" would also hide a formula from spreadsheet programs)."""
    value = unicodedata.normalize("NFC", value)
    return "".join(c for c in value if c == "\n" or unicodedata.category(c) != "Cc").strip()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Details:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    organisation: str
    organisation_type: str
    country: str
    job_title: str = ""
    languages: tuple[str, ...] = ()
    gender: str = ""
    preferred_language: str = "en"
    allergies: str = ""
    diet_other: str = ""
    accessibility_needs: str = ""
    arrival_date: dt.date | None = None
    arrival_time: dt.time | None = None
    arrival_place: str = ""
    departure_date: dt.date | None = None
    departure_time: dt.time | None = None
    departure_place: str = ""
    travel_mode: str = ""
    accommodation_nights: tuple[str, ...] = ()
    needs_invitation_letter: bool = False
    photo_consent: bool = False
    # Explicit consent (GDPR article 9) to the health-related data below being used.
    health_consent: bool = False
    # Kept as rows of their own (DietaryRequirement), not as a column of the registration.
    diets: frozenset[str] = frozenset()
    # Answers to the event's own questions, by question key ("q12"): see registrations.questions.
    answers: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The registration's own fields, in the order forms show them (answers and diets have
        their own fields, made per event or kept apart)."""
        return tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("diets", "answers"))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "Details":
        """From a form's cleaned data (or any mapping): the known names, nothing else."""
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})

    @classmethod
    def of(cls, registration) -> "Details":
        """What a registration says now."""
        values = {name: getattr(registration, name) for name in cls.names()}
        values["country"] = str(values["country"] or "")
        return cls(
            **values, diets=frozenset(registration.diet_codes), answers=dict(registration.answers)
        )

    @property
    def gives_health_data(self) -> bool:
        return gives_health_data(dataclasses.asdict(self))

    def replace(self, **changes) -> "Details":
        return dataclasses.replace(self, **changes)

    def normalized(self) -> "Details":
        """The same details in one canonical form, whichever way they came in: saving the same
        answers twice is then no change in the history, and no text hides a formula."""
        texts = {
            f.name: clean_text(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.type is str
        }
        return dataclasses.replace(
            self,
            **{
                **texts,
                "email": normalize_email(self.email),
                "languages": _in_order(self.languages, SpokenLanguage.values),
                "accommodation_nights": tuple(sorted(set(self.accommodation_nights))),
                "diets": frozenset(self.diets),
                "answers": {
                    key: clean_text(value) if isinstance(value, str) else value
                    for key, value in self.answers.items()
                    if value not in (None, "", [])
                },
            },
        )

    def apply_to(self, registration) -> None:
        for name in self.names():
            value = getattr(self, name)
            setattr(registration, name, list(value) if isinstance(value, tuple) else value)


# Diets, allergies and access needs can reveal health or beliefs (GDPR article 9): kept only with
# the person's explicit consent.
HEALTH_FIELDS = ("diets", "diet_other", "allergies", "accessibility_needs")


def gives_health_data(values: Mapping[str, Any]) -> bool:
    return any(values.get(name) for name in HEALTH_FIELDS)


def _in_order(chosen: Iterable[str], order: list[str]) -> tuple[str, ...]:
    chosen = set(chosen)
    return tuple(code for code in order if code in chosen)
