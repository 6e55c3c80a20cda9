import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from registrations import services
from registrations.models import Registration
from tests.factories import SessionFactory, register

pytestmark = pytest.mark.django_db


def person_with_role(role: str) -> User:
    user = User.objects.create_user(f"{role.lower()}-user", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def registration():
    workshop = SessionFactory(capacity=5)
    return register(workshop.event, sessions=[workshop], last_name="Rossi").registration


def test_roles_exist_with_their_permissions():
    organizers = set(
        Group.objects.get(name="Organizers").permissions.values_list("codename", flat=True)
    )
    staff = set(Group.objects.get(name="Staff").permissions.values_list("codename", flat=True))

    assert {
        "change_registration",
        "delete_registration",
        "change_session",
        "export_registrations",
    } <= organizers
    assert {
        "view_registration",
        "view_booking",
        "view_event",
        "view_session",
        "export_registrations",
    } <= staff
    assert not {c for c in staff if c.startswith(("add_", "change_", "delete_"))}
    assert "view_outgoingemail" not in staff  # emails carry private links until they leave


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:registrations_registration_changelist",
        "admin:registrations_booking_changelist",
        "admin:program_session_changelist",
        "admin:program_event_changelist",
    ],
)
def test_staff_see_the_lists(client, registration, url_name):
    client.force_login(person_with_role("Staff"))

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_staff_cannot_change_or_delete_a_registration(client, registration):
    client.force_login(person_with_role("Staff"))
    change = reverse("admin:registrations_registration_change", args=[registration.pk])
    delete = reverse("admin:registrations_registration_delete", args=[registration.pk])

    page = client.get(change)
    posted = client.post(change, {"first_name": "Changed", "last_name": "Rossi"})
    deleted = client.post(delete, {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    assert deleted.status_code == 403
    registration.refresh_from_db()
    assert registration.first_name != "Changed"
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_staff_cannot_run_changing_actions_but_can_export(client, registration):
    client.force_login(person_with_role("Staff"))
    url = reverse("admin:registrations_registration_changelist")

    page = client.get(url)
    cancel = client.post(url, {"action": "cancel", "_selected_action": [registration.pk]})
    export = client.post(url, {"action": "export_csv", "_selected_action": [registration.pk]})

    actions = page.context["action_form"].fields["action"].choices
    assert {name for name, _ in actions} == {
        "",
        "export_xlsx",
        "export_csv",
        "print_badges",
        "certificates",
    }
    assert (cancel.status_code, cancel["Location"]) == (302, url)  # no such action for them
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert export.status_code == 200
    assert "Rossi" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_staff_cannot_change_capacity(client, registration):
    session = registration.bookings.get().session
    client.force_login(person_with_role("Staff"))

    response = client.post(
        reverse("admin:program_session_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": session.pk,
            "form-0-capacity": "99",
            "_save": "Save",
        },
    )

    session.refresh_from_db()
    assert session.capacity == 5
    assert response.status_code == 403


def test_organizers_can_cancel_from_the_admin(client, registration):
    client.force_login(person_with_role("Organizers"))
    url = reverse("admin:registrations_registration_changelist")

    client.post(url, {"action": "cancel", "_selected_action": [registration.pk]})

    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.parametrize(
    "url",
    [
        lambda r: reverse("admin:registrations_registration_changelist"),
        lambda r: reverse("admin:registrations_registration_change", args=[r.pk]),
        lambda r: reverse("admin:registrations_registration_export", args=["xlsx"]),
        lambda r: reverse("admin:program_event_dashboard", args=[r.event_id]),
        lambda r: reverse("admin:program_event_export", args=[r.event_id, "attendees", "csv"]),
        lambda r: reverse("admin:program_event_sign_in_sheets", args=[r.event_id]),
        lambda r: reverse("admin:program_event_catering_sheet", args=[r.event_id]),
        lambda r: reverse("admin:program_event_funder_report", args=[r.event_id]),
    ],
)
def test_logged_out_visitor_sees_nothing(client, registration, url):
    path = url(registration)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={path}"
    assert b"Rossi" not in response.content


def test_logged_in_non_staff_sees_nothing(client, registration):
    client.force_login(User.objects.create_user("visitor"))

    url = reverse("admin:program_event_export", args=[registration.event_id, "attendees", "csv"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def staff_without_export() -> dict[str, User]:
    """A bare staff account, and one that may view everything but not export."""
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name="Staff").permissions.exclude(codename="export_registrations")
    )
    return {"bare": User.objects.create_user("bare", is_staff=True), "viewer": viewer}


EXPORT_PATHS = [
    lambda r: reverse("admin:program_event_export", args=[r.event_id, "attendees", "csv"]),
    lambda r: reverse("admin:program_event_export", args=[r.event_id, "sessions", "xlsx"]),
    lambda r: reverse("admin:registrations_registration_export", args=["csv"]),
    lambda r: reverse("admin:registrations_registration_export", args=["xlsx"]),
    lambda r: reverse("admin:registrations_booking_export", args=["csv"]),
    lambda r: reverse("admin:program_event_sign_in_sheets", args=[r.event_id]),
    lambda r: reverse("admin:program_event_catering_sheet", args=[r.event_id]),
    lambda r: reverse("admin:program_event_funder_report", args=[r.event_id]),
]


@pytest.mark.parametrize("account", ["bare", "viewer"])
@pytest.mark.parametrize("path", EXPORT_PATHS)
def test_staff_without_export_permission_get_no_list(client, registration, account, path):
    client.force_login(staff_without_export()[account])

    response = client.get(path(registration))

    assert response.status_code == 403
    assert b"Rossi" not in response.content


@pytest.mark.parametrize(
    ("changelist", "selected"),
    [
        ("admin:registrations_registration_changelist", lambda r: r.pk),
        ("admin:registrations_booking_changelist", lambda r: r.bookings.get().pk),
    ],
)
@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_staff_without_export_permission_cannot_run_export_actions(
    client, registration, changelist, selected, action
):
    client.force_login(staff_without_export()["viewer"])
    url = reverse(changelist)

    page = client.get(url)
    response = client.post(url, {"action": action, "_selected_action": [selected(registration)]})

    assert page.context["action_form"] is None  # no action to offer them
    assert response.status_code == 200
    assert response.has_header("Content-Disposition") is False
    assert response.context["cl"].result_count == 1  # the list again, not a file


@pytest.mark.parametrize("user_role", ["Staff", "Organizers"])
def test_nobody_can_revert_a_registration_through_its_history(client, registration, user_role):
    original = registration.history.earliest()
    services.cancel_registration(registration=registration)
    client.force_login(person_with_role(user_role))
    url = reverse(
        "admin:registrations_registration_simple_history",
        args=[registration.pk, original.history_id],
    )

    page = client.get(url)
    posted = client.post(url, {"first_name": "Hacked", "last_name": "Rossi"})

    assert page.status_code == 200
    assert posted.status_code == 403
    registration.refresh_from_db()
    assert (registration.status, registration.first_name) == ("cancelled", original.first_name)
