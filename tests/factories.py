"""Test data. Registrations go through the service, as in real life, so seat counts stay true."""

import datetime as dt
import zoneinfo

import factory
import time_machine
from django.utils import timezone

from program.enums import SessionKind
from program.models import Event, Session, Venue
from registrations import services
from registrations.details import Details
from registrations.models import Question, QuestionChoice

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def upcoming_tuesday(days_ahead: int = 60) -> dt.date:
    """A Tuesday some weeks ahead, early enough in its month that a three-day event stays in it.
    Dates in tests are relative to today, so that no test expires."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() != 1 or day.day > 20:
        day += dt.timedelta(days=1)
    return day


def upcoming_summer_day() -> dt.date:
    """The next 2 July at least a month away: Paris is then two hours ahead of UTC."""
    soon = timezone.localdate() + dt.timedelta(days=30)
    day = soon.replace(month=7, day=2)
    return day if day >= soon else day.replace(year=day.year + 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Living Lab {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda e: e.starts_on + dt.timedelta(days=2))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    capacity = 40
    contact_email = "livinglab@example.org"
    controller = "Aix-Marseille University, 58 boulevard Charles Livon, 13007 Marseille"
    dpo_contact = "dpo@example.org"
    location = "Aix-en-Provence"
    is_published = True


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Building {n}")
    address = "29 avenue Robert Schuman, Aix-en-Provence"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = SessionKind.WORKSHOP
    starts_at = factory.LazyAttribute(lambda s: paris(s.event.starts_on, 14))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    venue = factory.SubFactory(VenueFactory)
    requires_booking = True
    capacity = 12


def details(**overrides) -> Details:
    """Everything a participant states, filled with plausible values."""
    n = next(_people)
    person = Details(
        first_name="Ελένη",
        last_name="Παπαδοπούλου",
        email=f"person{n}@example.org",
        organisation="Region of Crete",
        organisation_type="public_authority",
        country="GR",
        languages=("el", "en"),
    )
    if "diets" in overrides:
        overrides["diets"] = frozenset(overrides["diets"])
    person = person.replace(**overrides)
    # Whoever states a diet, allergies or access needs agrees to their use, unless told not to.
    return person.replace(health_consent=overrides.get("health_consent", person.gives_health_data))


_people = iter(range(1, 10**9))


def register(
    event: Event, sessions=(), diets=(), invitation_code: str = "", **overrides
) -> services.Registered:
    return services.register(
        event=event,
        details=details(diets=diets, **overrides),
        session_ids=[s.pk for s in sessions],
        invitation_code=invitation_code,
    )


class PlenaryFactory(SessionFactory):
    """A session for everyone: no booking, no seat limit."""

    title = "Opening plenary"
    kind = SessionKind.PLENARY
    requires_booking = False
    capacity = None
    starts_at = factory.LazyAttribute(lambda s: paris(s.event.starts_on, 9, 30))
    ends_at = factory.LazyAttribute(lambda s: paris(s.event.starts_on, 11, 15))


class MealFactory(SessionFactory):
    """A meal: booked, so that the caterer knows how many, without a seat limit."""

    title = "Lunch"
    kind = SessionKind.MEAL
    capacity = None
    starts_at = factory.LazyAttribute(lambda s: paris(s.event.starts_on, 12, 30))
    ends_at = factory.LazyAttribute(lambda s: paris(s.event.starts_on, 13, 45))


class QuestionFactory(factory.django.DjangoModelFactory):
    """An organizer's own question; give `choices=[…]` labels for a question with choices."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    label_en = factory.Sequence(lambda n: f"Question {n}")
    kind = "short_text"

    @factory.post_generation
    def choices(self, create, labels, **kwargs):
        for position, label in enumerate(labels or []):
            QuestionChoice.objects.create(question=self, label=label, position=position)


def this_morning():
    """The clock at 10:00 in Paris today, running: an event of today whose sessions (14:00) have
    not begun, whatever time the suite runs at. Registering for a session that has begun is
    refused, as it should be; tests of the door need people registered for today."""
    morning = dt.datetime.combine(timezone.localtime(timezone.now(), PARIS).date(), dt.time(10))
    return time_machine.travel(morning.replace(tzinfo=PARIS), tick=True)
