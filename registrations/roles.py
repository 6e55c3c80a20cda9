"""The two back-office roles: organizers change everything, staff look, export and check in.

Made after every `migrate` (a post_migrate handler, as django.contrib.auth makes its permissions),
so that the roles always cover every model, new ones included.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

APPS = ["program", "registrations"]
ORGANIZERS = "Organizers"
STAFF = "Staff"
# Emails carry private links until they leave, and links open people's data; invitation
# letters hold passport numbers: organizers only.
PRIVATE_MODELS = [
    "outgoingemail",
    "accesskey",
    "invitationletter",
    "historicalinvitationletter",
]


def create_roles(sender=None, *, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    for label in APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.using(using).filter(content_type__app_label__in=APPS)
    organizers, _ = Group.objects.using(using).get_or_create(name=ORGANIZERS)
    organizers.permissions.add(*ours)
    staff, _ = Group.objects.using(using).get_or_create(name=STAFF)
    # Staff look, export, and check people in at the door.
    looking = Q(codename__startswith="view_") | Q(codename__in=["export_registrations", "check_in"])
    private = Q(content_type__model__in=PRIVATE_MODELS)
    staff.permissions.set(ours.filter(looking).exclude(private))
