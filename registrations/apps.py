from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from livinglab.cache import create_table
        from registrations.roles import create_roles

        post_migrate.connect(create_roles, sender=self, dispatch_uid="registrations.create_roles")
        # Rate limits count in the cache, by default the database's: its table comes with it.
        post_migrate.connect(create_table, sender=self, dispatch_uid="livinglab.cache_table")
