"""Every public and private page of an event, with data that shows all its parts: for the
checks that run on each page (valid HTML, nothing scrolling sideways on a phone)."""

import datetime as dt

from django.urls import reverse

from registrations import services
from tests.factories import EventFactory, MealFactory, PlenaryFactory, SessionFactory, paris
from tests.factories import register as register_person


def build_event():
    """A demo-like event: parallel workshops, a coach visit over them, a meal, a full session."""
    event = EventFactory(
        title="Living Lab +Resilient",
        tagline="Social innovation that transforms public action",
        summary="Three days of plenaries, workshops and a site visit.",
        capacity=40,
        funding_acknowledgement="Co-financed by the European Regional Development Fund.",
    )
    day = event.starts_on
    PlenaryFactory(event=event)
    MealFactory(event=event, title="Lunch – day 1")
    small = SessionFactory(
        event=event,
        title="From transfer to capitalisation: responsible small businesses",
        starts_at=paris(day, 14),
        ends_at=paris(day, 17),
        capacity=1,
    )
    SessionFactory(
        event=event,
        title="Card game workshop",
        starts_at=paris(day, 14),
        ends_at=paris(day, 17),
        capacity=15,
    )
    SessionFactory(
        event=event,
        title="Coach visit to Jouques",
        kind="site_visit",
        starts_at=paris(day, 13, 45),
        ends_at=paris(day, 18),
        capacity=30,
    )
    register_person(event, sessions=[small])
    return event, small


def pages(event, small) -> dict[str, str]:
    """Name → address of every page a visitor or a participant can reach."""
    person = register_person(
        event,
        sessions=[small],
        accommodation_nights=[(event.starts_on - dt.timedelta(days=1)).isoformat()],
        allergies="Peanuts",
        phone="+30 69 1234 5678",
    )
    gone = register_person(event)
    services.cancel_registration(registration=gone.registration)
    slug, key = event.slug, person.key
    booking_session = person.registration.bookings.get().session_id
    return {
        "home": reverse("program:event", args=[slug]),
        "programme": reverse("program:programme", args=[slug]),
        "privacy": reverse("program:privacy", args=[slug]),
        "register": reverse("registrations:register", args=[slug]),
        "lost-link": reverse("registrations:lost_link", args=[slug]),
        "check-inbox": reverse("registrations:check_inbox", args=[slug]),
        "private": reverse("registrations:manage", args=[slug, key]),
        "edit": reverse("registrations:edit", args=[slug, key]),
        "cancel": reverse("registrations:cancel", args=[slug, key]),
        "cancel-session": reverse(
            "registrations:cancel_session", args=[slug, key, booking_session]
        ),
        "cancelled": reverse("registrations:manage", args=[slug, gone.key]),
        "not-found": f"/{slug}/no-such-page/",
    }
