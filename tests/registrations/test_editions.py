"""Next year's edition, copied from this one: everything set up, nobody's registration."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from program.models import Event
from registrations import services
from registrations.models import InvitationCode, Registration
from tests.factories import (
    PARIS,
    EventFactory,
    QuestionFactory,
    SessionFactory,
    VenueFactory,
    paris,
    register,
    upcoming_summer_day,
)
from tests.html import admin_field_error, form_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """This year's event, in winter (Paris at UTC+1), fully set up and with people."""
    starts_on = upcoming_summer_day().replace(month=11, day=30)
    event = EventFactory(
        slug="living-lab-2026",
        title_en="Living Lab 2026",
        title_fr="Laboratoire vivant 2026",
        series_en="Living Lab",
        summary_el="Τρεις μέρες εργαστηρίων.",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=2),
        registration_opens_at=paris(timezone.localdate() - dt.timedelta(days=1), 9),
        registration_closes_at=paris(starts_on - dt.timedelta(days=7), 0),
        capacity=30,
        admission="invitation",
        offer_hold_hours=48,
        signatory="The organising team",
        letter_costs="Meals are on us.",
        logo="events/logos/living-lab.png",
        logo_alt="Living Lab",
        funder_emblem="events/emblems/eu.png",
        funder_emblem_alt_en="Co-funded by the European Union",
        funding_acknowledgement_en="Co-funded by the ERDF.",
        is_published=True,
    )
    venue = VenueFactory(name="INSPE")
    SessionFactory(
        event=event,
        title_en="Card game",
        title_fr="Jeu de cartes",
        description_en="Steps, methods and tools.",
        room_en="Room 2",
        facilitators_en="C. Fontaine",
        language_en="French and English",
        venue=venue,
        capacity=15,
        starts_at=paris(starts_on, 9, 30),
        ends_at=paris(starts_on, 11, 30),
    )
    question = QuestionFactory(
        event=event, kind="one_choice", label_fr="Votre rôle", choices=["A", "B"]
    )
    code = InvitationCode.objects.create(event=event, organisation="Grad Rijeka", capacity=4)
    register(event, invitation_code=code.code, answers={question.key: question.choices.first().pk})
    return event


def next_year(event) -> dt.date:
    """The same weekday a year on."""
    return event.starts_on + dt.timedelta(days=364)


def test_the_copy_is_a_draft_with_everything_set_up_and_nobody_registered(edition):
    copy = services.copy_event(
        event=edition, slug="living-lab-2027", starts_on=next_year(edition), title="Living Lab 2027"
    )

    copy = Event.objects.get(pk=copy.pk)
    assert (copy.slug, copy.is_published, copy.seats_taken) == ("living-lab-2027", False, 0)
    assert (copy.title_en, copy.title_fr) == ("Living Lab 2027", "Laboratoire vivant 2026")
    assert (copy.series_en, copy.summary_el) == ("Living Lab", "Τρεις μέρες εργαστηρίων.")
    assert (copy.capacity, copy.admission, copy.offer_hold_hours) == (30, "invitation", 48)
    assert (copy.logo.name, copy.logo_alt) == ("events/logos/living-lab.png", "Living Lab")
    assert copy.funder_emblem.name == "events/emblems/eu.png"
    assert copy.funder_emblem_alt_en == "Co-funded by the European Union"
    assert (copy.signatory, copy.letter_costs) == ("The organising team", "Meals are on us.")
    assert copy.contact_email == edition.contact_email
    assert (copy.starts_on, copy.ends_on) == (
        next_year(edition),
        next_year(edition) + dt.timedelta(days=2),
    )
    assert Registration.objects.filter(event=copy).count() == 0


def test_dates_move_by_one_offset_at_the_same_local_time(edition):
    copy = services.copy_event(event=edition, slug="next", starts_on=next_year(edition))

    (session,) = copy.sessions.all()
    (old,) = edition.sessions.all()
    start = timezone.localtime(session.starts_at, PARIS)
    assert (start.date(), start.time()) == (copy.starts_on, dt.time(9, 30))
    assert session.ends_at - session.starts_at == old.ends_at - old.starts_at
    opens = timezone.localtime(copy.registration_opens_at, PARIS)
    closes = timezone.localtime(copy.registration_closes_at, PARIS)
    opened = timezone.localtime(edition.registration_opens_at, PARIS).date()
    assert (opens.date(), opens.time()) == (opened + dt.timedelta(days=364), dt.time(9))
    assert (closes.date(), closes.time()) == (copy.starts_on - dt.timedelta(days=7), dt.time(0))


def test_a_move_across_summer_time_keeps_the_local_time(edition):
    summer = upcoming_summer_day() + dt.timedelta(days=364)  # Paris at UTC+2

    copy = services.copy_event(event=edition, slug="summer", starts_on=summer)

    (session,) = copy.sessions.all()
    assert timezone.localtime(session.starts_at, PARIS).time() == dt.time(9, 30)


def test_sessions_keep_their_venue_seats_and_texts_without_their_people(edition):
    copy = services.copy_event(event=edition, slug="next", starts_on=next_year(edition))

    (session,) = copy.sessions.all()
    (old,) = edition.sessions.all()
    assert (session.venue, session.capacity, session.seats_taken) == (old.venue, 15, 0)
    assert (session.title_en, session.title_fr) == ("Card game", "Jeu de cartes")
    assert (session.room_en, session.facilitators_en) == ("Room 2", "C. Fontaine")
    assert (session.description_en, session.language_en) == (
        "Steps, methods and tools.",
        "French and English",
    )
    assert session.bookings.count() == 0


def test_questions_and_invitations_are_copied_with_new_codes(edition):
    copy = services.copy_event(event=edition, slug="next", starts_on=next_year(edition))

    (question,) = copy.questions.all()
    assert (question.kind, question.label_fr) == ("one_choice", "Votre rôle")
    assert [c.label for c in question.choices.all()] == ["A", "B"]
    (code,) = copy.invitation_codes.all()
    (old,) = edition.invitation_codes.all()
    assert (code.organisation, code.capacity, code.seats_taken) == ("Grad Rijeka", 4, 0)
    assert code.code != old.code


def test_a_short_name_in_use_is_refused(edition):
    with pytest.raises(services.RegistrationError) as refused:
        services.copy_event(event=edition, slug=edition.slug, starts_on=next_year(edition))

    assert refused.value.field == "slug"
    assert Event.objects.count() == 1


def test_organizers_copy_an_event_from_its_page(admin_client, edition):
    page = admin_client.get(reverse("admin:program_event_change", args=[edition.pk]))
    url = reverse("admin:program_event_copy", args=[edition.pk])
    form = admin_client.get(url)
    taken = admin_client.post(url, {"slug": edition.slug, "starts_on": "2027-11-29"})
    bad_day = admin_client.post(url, {"slug": "next", "starts_on": "2027-02-30"})
    done = admin_client.post(
        url, {**form_data(form), "slug": "living-lab-2027", "starts_on": next_year(edition)}
    )

    assert "Copy this event" in text(page.content.decode())
    assert "the sessions (1) with their venues and seats" in text(form.content.decode())
    assert admin_field_error(taken, "slug") == "Another event already has this short name."
    assert admin_field_error(bad_day, "starts_on") == "Enter a valid date."
    copy = Event.objects.get(slug="living-lab-2027")
    assert done["Location"] == reverse("admin:program_event_change", args=[copy.pk])
    assert copy.title_en == "Living Lab 2026"  # the title offered was kept
