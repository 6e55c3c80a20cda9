"""The mail worker as it was before it sent one message at a time, for the fault tests' controls
(tests/registrations/test_worker_faults.py): run `manage.py send_emails` with
DJANGO_SETTINGS_MODULE=tests.old_outbox.settings to get it. Never part of the site."""
