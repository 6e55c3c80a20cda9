from django.db import migrations, models


def pair_calendar_keys(apps, schema_editor):
    """Each link was stored as two rows made together (the link, then its calendar feed): the
    feed's digest moves onto the link's row."""
    AccessKey = apps.get_model("registrations", "AccessKey")
    links = {}
    for key in AccessKey.objects.order_by("registration_id", "id"):
        if key.purpose == "manage":
            links[key.registration_id] = key
        elif (link := links.pop(key.registration_id, None)) is not None:
            link.calendar_digest = key.digest
            link.save(update_fields=["calendar_digest"])
    AccessKey.objects.filter(purpose="calendar").delete()
    # A link whose feed row was lost cannot open a calendar; it still opens the page.
    for link in AccessKey.objects.filter(calendar_digest__isnull=True):
        link.calendar_digest = "missing-" + link.digest[:56]
        link.save(update_fields=["calendar_digest"])


class Migration(migrations.Migration):
    dependencies = [("registrations", "0008_roles_without_emails")]

    operations = [
        migrations.AddField(
            model_name="accesskey",
            name="calendar_digest",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="accesskey",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
        ),
        migrations.RunPython(pair_calendar_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="accesskey", name="purpose"),
        migrations.AlterField(
            model_name="accesskey",
            name="calendar_digest",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="reply_to",
            field=models.EmailField(blank=True, max_length=254, verbose_name="reply to"),
        ),
    ]
