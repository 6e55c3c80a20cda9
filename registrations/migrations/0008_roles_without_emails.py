from django.db import migrations



class Migration(migrations.Migration):
    dependencies = [("registrations", "0007_email_claims")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
