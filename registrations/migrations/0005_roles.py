"""The two back-office roles: organizers change everything, staff look and export."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

APPS = ["program", "registrations"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    organizers, _ = Group.objects.get_or_create(name="Organizers")
    organizers.permissions.add(*ours)
    staff, _ = Group.objects.get_or_create(name="Staff")
    staff.permissions.add(*ours.filter(Q(codename__startswith="view_") | Q(codename="export_registrations")))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("program", "0003_wording"),
        ("registrations", "0004_history_queue_export"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
