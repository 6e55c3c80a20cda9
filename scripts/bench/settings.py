"""The site's production settings, with a bare view mounted beside it for the benchmark only."""

from livinglab.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench.urls"
