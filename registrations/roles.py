"""The two back-office roles: organizers change everything, staff look and export.

Run by migrations (each time models are added, so that the roles cover them too).
"""

from django.contrib.auth.management import create_permissions
from django.db.models import Q

APPS = ["program", "registrations"]
ORGANIZERS = "Organizers"
STAFF = "Staff"


def create_roles(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations ran; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS)
    organizers.permissions.add(*ours)
    staff, _ = Group.objects.get_or_create(name=STAFF)
    looking = Q(codename__startswith="view_") | Q(codename="export_registrations")
    # Emails carry private links until they leave: organizers only.
    private = Q(content_type__model__in=["outgoingemail"])
    staff.permissions.set(ours.filter(looking).exclude(private))
