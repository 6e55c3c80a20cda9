"""The site's settings with SQLite as Django leaves it (deferred transactions, no WAL): the
control of tests/livinglab/test_embedded_database.py, never used to run the site."""

from livinglab.settings import *  # noqa: F403
from livinglab.settings import DATABASES

DATABASES["default"]["OPTIONS"] = {}
