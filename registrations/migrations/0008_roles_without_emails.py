from django.db import migrations

from registrations.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [("registrations", "0007_email_claims")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
