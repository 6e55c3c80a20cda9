"""Django's database cache, with an increment that holds when several processes count at once.

Rate limits must be counted once for every worker and every server, so they live in a cache they
all share. The database is shared already: with this backend no other service is needed.
Django's own `incr` reads the value, then writes it back: two workers counting at the same moment
would both write the same number and one attempt would be lost. Here the row is locked while it
is read and written, so every attempt counts.
"""

import base64
import pickle

from django.core.cache.backends import db
from django.core.management import call_command
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        # SQLite has no FOR UPDATE; its writers queue for the one write lock instead.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s{lock}",  # noqa: S608
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0])) + delta  # noqa: S301 (written here)
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [pickled, key],
            )
        return value


def create_table(sender=None, *, using: str = "default", **kwargs) -> None:
    """After every `migrate`: the cache's table, when the cache is the database (a no-op for
    another cache, or when the table is there)."""
    call_command("createcachetable", database=using, verbosity=0)
