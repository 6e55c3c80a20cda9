"""What the benchmark measures against, made in the database it runs on (Django's side).

python -m scripts.bench.data prepare PEOPLE     # the demo event, PEOPLE more, JSON on stdout
python -m scripts.bench.data add PEOPLE         # PEOPLE more registrations
"""

import datetime as dt
import json
import os
import sys
from urllib.parse import urlencode

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.middleware.csrf import get_random_string  # noqa: E402
from django.utils import timezone  # noqa: E402

from program import selectors  # noqa: E402
from program.models import Event, Session  # noqa: E402
from registrations import services  # noqa: E402
from registrations.enums import BookingStatus, RegistrationStatus  # noqa: E402
from registrations.models import Booking, DietaryRequirement, Registration  # noqa: E402

SLUG = "living-lab-resilient"
CHUNK = 5000


def add_people(count: int) -> None:
    """Confirmed registrations with the demo's meals booked, written in bulk (the services'
    rules are not what is measured here); seat counters set from the rows afterwards."""
    event = Event.objects.get(slug=SLUG)
    meals = list(event.sessions.filter(kind="meal", requires_booking=True))
    start = Registration.objects.count()
    now = timezone.now()
    for first in range(0, count, CHUNK):
        with transaction.atomic():
            people = Registration.objects.bulk_create(
                _person(event, start + n, now) for n in range(first, min(first + CHUNK, count))
            )
            Booking.objects.bulk_create(
                Booking(registration=p, session=m, status=BookingStatus.CONFIRMED, queued_at=now)
                for p in people
                for m in meals
            )
            DietaryRequirement.objects.bulk_create(
                DietaryRequirement(registration=p, diet="vegetarian") for p in people[::3]
            )
    _recount(event)


def _person(event: Event, n: int, now) -> Registration:
    return Registration(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        first_name=f"Ελένη {n}",
        last_name=f"Παπαδοπούλου-Ђурђевић {n}",
        email=f"bench{n}@example.org",
        phone="+385 91 234 5678",
        organisation='=HYPERLINK("http://example.org")' if n % 100 == 0 else "Grad Split",
        organisation_type="public_authority",
        country="HR",
        languages=["hr", "en"],
        preferred_language="hr",
        allergies="Peanuts" if n % 7 == 0 else "",
        accommodation_nights=[event.starts_on.isoformat()],
        arrival_date=event.starts_on,
        arrival_time=dt.time(9, 30),
        arrival_place="Split airport",
        privacy_consent_at=now,
        created_at=now,
        queued_at=now,
    )


def _recount(event: Event) -> None:
    confirmed = Count("registrations", filter=Q(registrations__status="confirmed"))
    event.seats_taken = Event.objects.annotate(n=confirmed).get(pk=event.pk).n
    Event.objects.filter(pk=event.pk).update(capacity=None, seats_taken=event.seats_taken)
    seats = Count("bookings", filter=Q(bookings__status="confirmed"))
    for session in Session.objects.filter(event=event).annotate(n=seats):
        Session.objects.filter(pk=session.pk).update(seats_taken=session.n)


def rush_form(event: Event) -> dict:
    """The fields of one registration: a workshop in every time slot where none clashes."""
    slots = selectors.booking_slots(selectors.event_sessions(event))
    chosen, fields = [], {}
    for slot in slots:
        session = next((s for s in slot.sessions if not services.find_clashes([*chosen, s])), None)
        if session is None:
            continue
        chosen.append(session)
        fields[slot.key] = str(session.pk) if slot.is_choice else "on"
    return {
        "first_name": "Ana",
        "last_name": "Petrović",
        "organisation": "Grad Split",
        "organisation_type": "public_authority",
        "country": "HR",
        "preferred_language": "hr",
        "privacy_consent": "on",
        "offered": ",".join(str(s.pk) for slot in slots for s in slot.sessions),
        **fields,
    }


def prepare(count: int) -> dict:
    add_people(count)
    event = Event.objects.get(slug=SLUG)
    person = services.register(
        event=event,
        details=services.Details(
            first_name="Marija",
            last_name="Novak",
            email="marija@example.org",
            organisation="Občina Koper",
            organisation_type="public_authority",
            country="SI",
        ),
    )
    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    session = SessionStore()
    session["_auth_user_id"] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    token = get_random_string(32)
    return {
        "slug": event.slug,
        "event_id": event.pk,
        "key": person.key,
        "session": session.session_key,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "token": token,
        "body": urlencode({"csrfmiddlewaretoken": token, **rush_form(event)}),
    }


if __name__ == "__main__":
    command, count = sys.argv[1], int(sys.argv[2])
    if command == "prepare":
        json.dump(prepare(count), sys.stdout)
    else:
        add_people(count)
    # Statistics for the planner, as a database that lives would have them: without, COPY's
    # subqueries (the ceiling of the exports) are planned for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sys.stdout.flush()
    os._exit(0)
