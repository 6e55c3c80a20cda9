from django.apps import AppConfig
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone


def send_batch(queryset, now, *, limit, timeout, wait) -> int:
    """The old round: the whole batch marked "sending" at once, then each tried in turn; no stop
    between two messages, and a database error ends the round."""
    from registrations import outbox
    from registrations.enums import EmailStatus
    from registrations.models import OutgoingEmail

    with transaction.atomic():
        emails = list(queryset.select_for_update(skip_locked=True)[:limit])
        OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
            status=EmailStatus.SENDING, claimed_at=timezone.now()
        )
    if not emails:
        return 0
    connection = get_connection(fail_silently=False, timeout=timeout)
    connection.open()
    try:
        return sum(outbox._hand_over(email, connection, now, None) for email in emails)
    finally:
        connection.close()


class OldOutboxConfig(AppConfig):
    name = "tests.old_outbox"
    label = "old_outbox"

    def ready(self):
        from registrations import outbox
        from registrations.management.commands import send_emails

        outbox._send_each = send_batch
        send_emails.STOP_SIGNALS = ()  # SIGTERM and SIGINT do what they do by default: kill
