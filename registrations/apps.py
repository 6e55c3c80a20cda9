from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from registrations.roles import create_roles

        post_migrate.connect(create_roles, sender=self, dispatch_uid="registrations.create_roles")
