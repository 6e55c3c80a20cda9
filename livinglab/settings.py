"""Settings for livinglab, read from the environment (and an optional .env file).

Names follow django-environ's conventions: DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
CACHE_URL, EMAIL_URL, DEFAULT_FROM_EMAIL, TIME_ZONE.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for the demo).")
    SECRET_KEY = "insecure-demo-key-only-used-with-DEBUG-on"  # noqa: S105
# Earlier keys, still accepted after a rotation (sessions, and the addresses of calendar feeds).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "simple_history",
    "django_ratelimit",
    "program",
    "registrations",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "livinglab.languages.RememberLanguageMiddleware",
    "program.middleware.MainLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "livinglab.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "livinglab.urls"
WSGI_APPLICATION = "livinglab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "livinglab.languages.language_links",
                "program.caching.csrf_mark",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["livinglab.dates"],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run` lets one writer in at a time. Each transaction asks
    # for the write lock when it begins (IMMEDIATE) and waits its turn for up to 20 seconds,
    # rather than failing with "database is locked" when a reader turns writer; WAL lets pages
    # be read meanwhile. Seat rules hold as on PostgreSQL: writers simply queue.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A worker keeps its connection between requests (checked before reuse): opening one costs more
# than most pages once they are kept in the cache.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and throttles are counted in the cache: one that every worker and every app server
# shares, or each would count on its own (4 workers: 4 times the limit). The database's own is the
# default, so that nothing else has to run; Redis or Memcached take the load off it.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://livinglab_cache"),
    # Rendered public pages, per worker: their keys carry the event's version, so no worker
    # ever serves one that is out of date (program/caching.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# How long a worker trusts its reading of an event's version before asking the database again:
# public pages show a change within this many seconds (program/caching.py).
PAGE_STATE_SECONDS = env.float("PAGE_STATE_SECONDS", default=1.0)
SILENCED_SYSTEM_CHECKS = []
match CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]:
    case "DatabaseCache":
        # With an increment that holds across processes (livinglab/cache.py, tested with
        # gunicorn's workers); its table is made after every `migrate`.
        CACHES["default"]["BACKEND"] = "livinglab.cache.DatabaseCache"
        SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
    case "RedisCache":
        SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")  # Django's own: INCR is atomic
    case "LocMemCache" if DEBUG:
        # One process trying things out: its own memory is shared enough.
        SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
    case "LocMemCache" | "DummyCache" | "FileBasedCache":
        raise ImproperlyConfigured(
            "CACHE_URL must name a cache every worker shares (dbcache://, redis://, "
            "pymemcache://): rate limits would otherwise be counted by each process alone."
        )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The partners' languages: the interface, the emails and the event's own texts in each of them.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("el", _("Greek")),
    ("hr", _("Croatian")),
    ("sl", _("Slovenian")),
    ("sq", _("Albanian")),
]
# A visitor's choice of language is kept for a year, not for the browser's session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Texts organizers write (events, venues, sessions) in every language, as columns of the same
# row (django-modeltranslation); an empty one falls back to the event's main language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["livinglab.formats"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "livinglab" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed file names need `collectstatic`; the demo and the tests serve files as they are.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"
# An event's page in the admin carries every field of each of its sessions in nine languages:
# some sixty fields a session, past Django's limit of 1,000 for a programme of twenty.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that hangs must not hold a worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Within a participant's request the site tries only briefly; the worker has all the time.
EMAIL_INLINE_TIMEOUT = env.int("EMAIL_INLINE_TIMEOUT", default=3)
# Links in emails point here: the public address of the site, without a trailing slash.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("Set SITE_URL, the site's public address: emails link to it.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Living Lab <livinglab@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Widgets may use the project's templates (templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Old versions are for reading: reverting would bypass the seat rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"

# The admin's sign-in against guessing (django-axes): after AXES_FAILURE_LIMIT wrong passwords
# for one account, or from one address, sign-in stays closed for an hour even with the right
# password; the page says why in the organizer's language (templates/admin/locked_out.html).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 1  # hour
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "livinglab.clients.client_address"
# Failed attempts are kept (that is the protection); successful sign-ins are not logged.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# The project's partner countries head the country list.
COUNTRIES_FIRST = ["AL", "HR", "FR", "GR", "IT", "PT", "SI", "ES"]
COUNTRIES_FIRST_REPEAT = True
COUNTRIES_FIRST_BREAK = "──────────"

# Abuse limits, per client address (behind a proxy, set BEHIND_PROXY so that the real one counts).
REGISTRATION_RATE = env("REGISTRATION_RATE", default="50/h")
LOST_LINK_RATE = env("LOST_LINK_RATE", default="10/h")
RESEND_LINK_INTERVAL = env.int("RESEND_LINK_INTERVAL", default=300)  # seconds between two links
# Private links open nothing once this many days have passed since the event's last day.
PRIVATE_LINK_DAYS = env.int("PRIVATE_LINK_DAYS", default=30)


# Behind a reverse proxy, the client's address is the one the proxy appends to X-Forwarded-For,
# believed only from the proxy's own addresses (livinglab/clients.py).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
PROXY_ADDRESSES = env.list("PROXY_ADDRESSES", default=["127.0.0.1", "::1"])
RATELIMIT_IP_META_KEY = "livinglab.clients.client_address"

# Private links carry a secret in the path: keep it out of other sites' Referer headers.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# HTTPS only, out of the box: plain HTTP is redirected and browsers are told to come back over
# HTTPS for a year (HSTS), subdomains included. Turn them off only where the proxy does the same.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "livinglab.redaction.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own handlers would print paths before the filter sees them: its records go to the
    # root's handler like every other.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint reports each step of every PDF it makes at INFO: only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; its warnings (a lockout) are what matter.
        "axes": {"level": "WARNING"},
    },
}
