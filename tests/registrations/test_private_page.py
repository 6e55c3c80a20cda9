"""The private page and the emails read the way a participant expects (issue 7)."""

import datetime as dt

import pytest
from django.urls import reverse

from registrations import outbox
from tests.factories import EventFactory, register
from tests.html import text

pytestmark = pytest.mark.django_db


def test_accommodation_nights_show_the_two_days_each_joins(client, mailoutbox):
    event = EventFactory()
    eve = event.starts_on - dt.timedelta(days=1)
    nights = [eve, event.starts_on]
    result = register(event, accommodation_nights=[n.isoformat() for n in nights])

    manage = reverse("registrations:manage", args=[event.slug, result.key])
    page = text(client.get(manage).content.decode())
    outbox.deliver_due()

    def span(night):
        after = night + dt.timedelta(days=1)
        return f"{night:%a} {night.day} → {after:%a} {after.day}"

    assert f"Accommodation {span(eve)} {span(event.starts_on)}" in page
    assert f"Accommodation: {span(eve)}; {span(event.starts_on)}" in mailoutbox[0].body
