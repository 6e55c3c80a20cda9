"""Who may come: approval by an organizer, invitation codes per partner organisation, and places
offered from the waiting list that wait for the person to confirm them in time."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Booking, InvitationCode, Registration
from tests.factories import EventFactory, SessionFactory, details, register
from tests.html import field_error, field_value, text
from tests.html import form_data as page_form
from tests.invariants import counter_drift, invitation_drift, overbookings
from tests.registrations.test_views import form_data, manage_url, register_url

pytestmark = pytest.mark.django_db


def emails(registration) -> list[str]:
    return list(registration.emails.order_by("pk").values_list("kind", flat=True))


def fresh(registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def statuses(registration) -> tuple[str, list[str]]:
    registration = fresh(registration)
    return registration.status, [b.status for b in registration.bookings.order_by("pk")]


def assert_counts_true(event) -> None:
    assert (overbookings(event), counter_drift(event), invitation_drift(event)) == ([], [], [])


# -- approval by an organizer -------------------------------------------------------------------


@pytest.fixture
def approval():
    return EventFactory(admission="approval", capacity=1)


def test_a_registration_awaiting_approval_takes_no_place(approval):
    workshop = SessionFactory(event=approval)

    person = register(approval, sessions=[workshop]).registration

    assert statuses(person) == ("awaiting", ["pending"])
    approval.refresh_from_db()
    workshop.refresh_from_db()
    assert (approval.seats_taken, workshop.seats_taken) == (0, 0)
    assert emails(person) == ["awaiting_approval"]
    (email,) = person.emails.all()
    assert "/r/" in email.body_text  # their private link, to follow and change it meanwhile
    assert_counts_true(approval)


def test_accepted_people_get_a_place_then_the_waiting_list(approval):
    workshop = SessionFactory(event=approval)
    first = register(approval, sessions=[workshop]).registration
    second = register(approval, sessions=[workshop]).registration

    services.accept_registrations(registrations=[second, first])

    assert statuses(second) == ("confirmed", ["confirmed"])
    assert statuses(first) == ("waitlisted", ["pending"])
    assert emails(second) == ["awaiting_approval", "registered"]
    assert emails(first) == ["awaiting_approval", "waitlisted"]
    # Accepted people have their link already: no new one is made for these emails.
    assert (second.access_keys.count(), first.access_keys.count()) == (1, 1)
    assert_counts_true(approval)


def test_a_declined_registration_is_closed_and_told(client, approval):
    workshop = SessionFactory(event=approval)
    person = register(approval, sessions=[workshop])

    services.decline_registrations(registrations=[person.registration])
    again = services.accept_registrations(registrations=[person.registration])
    page = client.get(manage_url(approval, person.key))
    edit = client.get(manage_url(approval, person.key, "edit"))

    assert again == []
    assert statuses(person.registration) == ("declined", ["cancelled"])
    assert emails(person.registration) == ["awaiting_approval", "declined"]
    assert "The organizers could not accept this registration." in text(page.content.decode())
    assert edit.status_code == 302


def test_organizers_accept_and_decline_from_the_registrations_list(admin_client, approval):
    accepted, declined = (register(approval).registration for _ in range(2))
    url = reverse("admin:registrations_registration_changelist")

    admin_client.post(url, {"action": "accept", "_selected_action": [accepted.pk]})
    admin_client.post(url, {"action": "decline", "_selected_action": [declined.pk]})
    listing = admin_client.get(url, {"status": "awaiting"})

    assert (fresh(accepted).status, fresh(declined).status) == ("confirmed", "declined")
    assert listing.context["cl"].result_count == 0


def test_the_register_page_says_registrations_are_approved(client, approval):
    response = client.post(register_url(approval), form_data(approval), follow=True)

    page = text(response.content.decode())
    assert "The organizers approve each registration" in page
    assert "your registration waits for the organizers' approval" in page
    assert Registration.objects.get().status == "awaiting"


# -- invitation codes ----------------------------------------------------------------------------


@pytest.fixture
def invited():
    return EventFactory(admission="invitation", capacity=10)


@pytest.fixture
def code(invited):
    return InvitationCode.objects.create(event=invited, organisation="Grad Rijeka", capacity=1)


def test_an_invitation_link_fills_in_the_code_and_the_organisation(client, invited, code):
    response = client.get(f"{register_url(invited)}?code={code.code}")

    assert field_value(response, "invitation_code") == code.code
    assert field_value(response, "organisation") == "Grad Rijeka"


def test_one_partners_code_is_never_shown_to_the_next_visitor(client, invited, code):
    """The form page is kept for anyone (program/caching.py), but not one filled in from a link."""
    caches["pages"].clear()
    client.get(f"{register_url(invited)}?code={code.code}")

    stranger = Client().get(register_url(invited))

    assert field_value(stranger, "invitation_code") == ""
    assert code.code not in stranger.content.decode()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "This field is required."),
        ("NOT-A-CODE", "This code is not an invitation to this event. Please check it."),
    ],
)
def test_a_missing_or_wrong_code_is_said_next_to_its_field(client, invited, code, typed, error):
    response = client.post(register_url(invited), form_data(invited, invitation_code=typed))

    assert field_error(response, "invitation_code") == error
    assert Registration.objects.count() == 0


def test_a_code_is_typed_in_any_case_and_counts_its_places(client, invited, code):
    typed = f"{code.code[:5].lower()} {code.code[5:]}"

    first = client.post(register_url(invited), form_data(invited, invitation_code=typed))
    second = client.post(
        register_url(invited),
        form_data(invited, invitation_code=code.code, email="second@example.org"),
    )

    assert first.status_code == 302
    assert Registration.objects.get().invitation == code
    assert field_error(second, "invitation_code") == (
        "Every place of this invitation is taken. Please ask your organisation."
    )
    assert_counts_true(invited)


def test_the_service_keeps_the_codes_limit_whatever_the_form_checked(invited, code):
    register(invited, invitation_code=code.code)

    with pytest.raises(services.RegistrationError) as refused:
        register(invited, invitation_code=code.code)

    assert refused.value.field == "invitation_code"
    code.refresh_from_db()
    assert code.seats_taken == 1


def test_a_cancelled_invited_registration_gives_its_place_back_to_the_code(invited, code):
    person = register(invited, invitation_code=code.code).registration

    services.cancel_registration(registration=person)
    again = register(invited, invitation_code=code.code).registration

    assert again.invitation == code
    assert_counts_true(invited)


def test_organizers_register_a_guest_without_a_code(invited, code):
    guest = services.register(event=invited, details=details(), by_organizer=True)

    assert (guest.registration.status, guest.registration.invitation) == ("confirmed", None)


def test_organizers_set_the_places_of_each_partner_on_the_events_page(admin_client, invited, code):
    register(invited, invitation_code=code.code)
    url = reverse("admin:program_event_change", args=[invited.pk])
    page = admin_client.get(url)
    data = {**page_form(page), "invitation_codes-0-capacity": "0"}

    refused = admin_client.post(url, data)

    assert "1 place is already taken; the limit cannot be lower." in text(refused.content.decode())
    assert f"/register/?code={code.code}" in text(page.content.decode())
    code.refresh_from_db()
    assert code.capacity == 1


# -- places offered for a time -------------------------------------------------------------------


@pytest.fixture
def held():
    """A full event whose freed places are held 48 hours for the next in line to confirm."""
    return EventFactory(capacity=1, offer_hold_hours=48)


def test_a_freed_place_is_offered_and_held_for_the_next_in_line(held):
    workshop = SessionFactory(event=held)
    holder = register(held).registration
    waiting = register(held, sessions=[workshop]).registration
    after = register(held).registration

    services.cancel_registration(registration=holder)

    waiting = fresh(waiting)
    assert statuses(waiting) == ("offered", ["pending"])
    expected = timezone.now() + dt.timedelta(hours=48)
    assert abs(waiting.offer_expires_at - expected) < dt.timedelta(minutes=1)
    assert fresh(after).status == "waitlisted"
    assert emails(waiting)[-1] == "offer"
    assert "/r/" in waiting.emails.get(kind="offer").body_text  # a link to confirm it with
    assert_counts_true(held)


def test_the_person_confirms_the_place_from_their_private_page(client, held):
    workshop = SessionFactory(event=held)
    holder = register(held).registration
    waiting = register(held, sessions=[workshop])
    services.cancel_registration(registration=holder)

    page = client.get(manage_url(held, waiting.key))
    confirmed = client.post(manage_url(held, waiting.key, "confirm_offer"), follow=True)

    assert "Confirm my place" in text(page.content.decode())
    assert "Your place is confirmed." in text(confirmed.content.decode())
    assert statuses(waiting.registration) == ("confirmed", ["confirmed"])
    assert emails(waiting.registration)[-1] == "place_offered"
    assert_counts_true(held)


def test_an_offer_not_confirmed_in_time_passes_to_the_next(held):
    holder = register(held).registration
    first = register(held).registration
    second = register(held).registration
    services.cancel_registration(registration=holder)
    later = timezone.now() + dt.timedelta(hours=49)

    expired = services.expire_offers(now=later)

    assert expired == 1
    assert fresh(first).status == "cancelled"
    assert emails(first)[-1] == "offer_expired"
    second = fresh(second)
    assert second.status == "offered"
    assert second.offer_expires_at == later + dt.timedelta(hours=48)
    with pytest.raises(services.RegistrationError):
        services.confirm_offer(registration=first)
    assert_counts_true(held)


def test_an_offer_cannot_be_confirmed_once_its_time_has_passed(held):
    holder = register(held).registration
    waiting = register(held).registration
    services.cancel_registration(registration=holder)

    with pytest.raises(services.RegistrationError) as refused:
        services.confirm_offer(
            registration=waiting, now=timezone.now() + dt.timedelta(hours=48, seconds=1)
        )

    assert "has passed" in refused.value.message
    assert fresh(waiting).status == "offered"


def test_the_command_expires_offers_whose_time_has_passed_and_no_other(held):
    other = EventFactory(capacity=1, offer_hold_hours=48)
    for event in (held, other):
        holder = register(event).registration
        register(event)
        services.cancel_registration(registration=holder)
    Registration.objects.filter(event=held, status="offered").update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    call_command("expire_offers")

    assert list(held.registrations.values_list("status", flat=True).order_by("pk")) == [
        "cancelled",
        "cancelled",
    ]
    assert other.registrations.filter(status="offered").count() == 1


def test_declining_an_offer_by_cancelling_serves_the_next_at_once(held):
    holder = register(held).registration
    first = register(held).registration
    second = register(held).registration
    services.cancel_registration(registration=holder)

    services.cancel_registration(registration=first)

    assert fresh(second).status == "offered"
    assert_counts_true(held)


def test_workshop_waiting_lists_are_still_served_at_once(held):
    workshop = SessionFactory(event=held, capacity=1)
    event_place = register(held, sessions=[workshop]).registration
    held.capacity = 5
    held.save()
    waiting = register(held, sessions=[workshop]).registration

    services.cancel_booking(registration=event_place, session_id=workshop.pk)

    assert Booking.objects.get(registration=waiting).status == "confirmed"


def test_nobody_without_a_place_is_checked_in(held):
    holder = register(held).registration
    waiting = register(held).registration
    services.cancel_registration(registration=holder)

    with pytest.raises(services.RegistrationError) as refused:
        services.check_in(registration=fresh(waiting))

    assert "has no place at the event (Place offered, to confirm)" in refused.value.message


def test_the_event_page_of_an_invitation_event_says_so(client, invited):
    page = client.get(reverse("program:event", args=[invited.slug]))

    assert "Registration is by invitation" in text(page.content.decode())


def test_the_dashboard_counts_the_statuses_an_event_has(admin_client, approval):
    register(approval)
    open_event = EventFactory()

    awaiting = admin_client.get(reverse("admin:program_event_dashboard", args=[approval.pk]))
    plain = admin_client.get(reverse("admin:program_event_dashboard", args=[open_event.pk]))

    assert "Awaiting approval 1" in text(awaiting.content.decode())
    assert f"event__id__exact={approval.pk}&amp;status=awaiting" in awaiting.content.decode()
    assert "Awaiting approval" not in text(plain.content.decode())
    assert "Declined" not in text(plain.content.decode())
