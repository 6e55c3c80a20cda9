"""The site's settings, plus the app that puts the old mail worker back (see __init__)."""

from livinglab.settings import *  # noqa: F403
from livinglab.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.old_outbox"]
