"""Every public and private page of an event, with data that shows all its parts: for the
checks that run on each page (valid HTML, nothing scrolling sideways on a phone)."""

import datetime as dt

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import InvitationCode
from tests.factories import (
    PARIS,
    EventFactory,
    MealFactory,
    PlenaryFactory,
    QuestionFactory,
    SessionFactory,
    paris,
    this_morning,
)
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
    for kind, section, choices in [
        ("short_text", "organisation", []),
        ("long_text", "more", []),
        ("one_choice", "more", ["Social economy", "Public procurement"]),
        ("several_choices", "about", ["Funding", "Policy"]),
        ("yes_no", "travel", []),
        ("date", "more", []),
    ]:
        # One answer is required, so that the form's errors show one of them too.
        required = kind == "short_text"
        QuestionFactory(event=event, kind=kind, section=section, choices=choices, required=required)
    register_person(event, sessions=[small])
    return event, small


def _answers(event) -> dict:
    """An answer to each of the event's questions."""
    values = {
        "short_text": "Coordinator",
        "long_text": "Meet the other pilots.",
        "yes_no": True,
        "date": "2019-03-01",
    }
    answers = {}
    for question in event.questions.all():
        chosen = [c.pk for c in question.choices.all()]
        value = values.get(question.kind, chosen if question.kind == "several_choices" else None)
        answers[question.key] = value if value is not None else chosen[0]
    return answers


def admission_pages() -> dict[str, str]:
    """The pages of events that admit people otherwise than "anyone": a form that asks for an
    invitation code (taken from its link), a place offered to confirm, a registration awaiting
    an organizer's approval."""
    invited = EventFactory(
        title="Partnership meeting", admission="invitation", capacity=1, offer_hold_hours=48
    )
    code = InvitationCode.objects.create(event=invited, organisation="Grad Rijeka", capacity=5)
    holder = register_person(invited, invitation_code=code.code)
    offered = register_person(invited, invitation_code=code.code)
    services.cancel_registration(registration=holder.registration)
    approval = EventFactory(title="Study visit", admission="approval")
    awaiting = register_person(approval)
    return {
        "register-invitation": code.register_path,
        "private-offered": reverse("registrations:manage", args=[invited.slug, offered.key]),
        "private-awaiting": reverse("registrations:manage", args=[approval.slug, awaiting.key]),
    }


def pages(event, small) -> dict[str, str]:
    """Name → address of every page a visitor or a participant can reach."""
    person = register_person(
        event,
        sessions=[small],
        accommodation_nights=[(event.starts_on - dt.timedelta(days=1)).isoformat()],
        allergies="Peanuts",
        phone="+30 69 1234 5678",
        needs_invitation_letter=True,
        answers=_answers(event),
    )
    gone = register_person(event)
    services.cancel_registration(registration=gone.registration)
    slug, key = event.slug, person.key
    # A link that went by email only: its page offers to close every other link.
    mailbox_key = services.issue_link(registration=person.registration, by_email=True)
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
        "letter-request": reverse("registrations:letter_request", args=[slug, key]),
        "my-data": reverse("registrations:my_data", args=[slug, key]),
        "erase": reverse("registrations:erase", args=[slug, key]),
        "erased": reverse("registrations:erased", args=[slug]),
        "private-from-mailbox": reverse("registrations:manage", args=[slug, mailbox_key]),
        "take-back": reverse("registrations:take_back", args=[slug, mailbox_key]),
        "not-found": f"/{slug}/no-such-page/",
        **admission_pages(),
    }


def staff_member() -> User:
    user = User.objects.create_user("door-staff", first_name="Marie", is_staff=True)
    user.groups.add(Group.objects.get(name="Staff"))
    return user


def door_pages() -> dict[str, str]:
    """Name → address of the pages of the door (for staff), for an event taking place today:
    someone checked in, someone not yet, a coach with a passenger."""
    with this_morning():
        return _door_pages()


def _door_pages() -> dict[str, str]:
    event = EventFactory(
        slug="today",
        title="Living Lab +Resilient",
        starts_on=timezone.localtime(timezone.now(), PARIS).date(),
    )
    coach = SessionFactory(event=event, title="Coach visit to Jouques", kind="site_visit")
    here = register_person(event, sessions=[coach], diets=["vegan"], allergies="Peanuts")
    register_person(
        event, first_name="Ëndrit", last_name="Çelaj", accessibility_needs="Wheelchair user"
    )
    services.check_in(registration=here.registration)
    door = reverse("registrations:checkin", args=[event.slug])
    missing = reverse("registrations:checkin_missing", args=[event.slug])
    return {
        "door": door,
        "door-search": f"{door}?q=e",
        "door-coach": f"{door}?for={coach.pk}",
        "not-here-yet": missing,
        "not-here-yet-coach": f"{missing}?for={coach.pk}",
    }
