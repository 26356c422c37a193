"""Settings of the Laoshan portal, read from the environment.

One file for every deployment: the embedded default (SQLite, local-memory cache, Celery
eager) needs no variable at all; production sets ``LAOSHAN_ENV=production`` and the
variables listed in README.md. A bad value stops start-up with a message that names it.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from laoshan_portal.api_settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401

# Django's generic classes (ModelAdmin[Cadre], QuerySet[Cadre]) may be subscripted in code.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# FileAwareEnv also reads NAME_FILE (a path to a file holding the value), for secrets
# handed over by Docker or systemd credentials.
env = environ.FileAwareEnv()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but a clear yes or no is refused."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value: str = env.str(name, default=default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


LAOSHAN_ENV = _choice("LAOSHAN_ENV", "development", ("development", "production"))
PRODUCTION = LAOSHAN_ENV == "production"

# Off unless asked for: `make run` shows the portal's own Chinese error pages, as production
# does (DEBUG=1 gives Django's technical pages, in English, listing every URL pattern).
DEBUG = _bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when LAOSHAN_ENV=production")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY: production needs a random value of 50+ characters")
else:
    # Only for a developer's machine: production refuses to start without its own key.
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-never-used-in-production")  # noqa: S105

# Keys for sensitive personal data at rest (Fernet, comma-separated; the first encrypts).
if PRODUCTION:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
    if not FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY: production needs a key; make one with `python -c "
            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
        )
else:
    # Development and tests only: a fixed key, so the demo database stays readable.
    FIELD_ENCRYPTION_KEYS = env.list(
        "FIELD_ENCRYPTION_KEY", default=["ZGV2ZWxvcG1lbnQtb25seS1rZXktMzJieXRlcyEhISE="]
    )
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY: each key must be 32 url-safe base64-encoded bytes"
        ) from None

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS: production needs the host names it serves")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where the public reaches the portal (QR codes on posters and certificates point here).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="")
if PUBLIC_BASE_URL and urlsplit(PUBLIC_BASE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"PUBLIC_BASE_URL={PUBLIC_BASE_URL!r}: expected an http(s) URL")

INSTALLED_APPS = [
    "laoshan_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "laoshan_portal.accounts",
    "laoshan_portal.audit",
    # The domain apps, then what stands above them (docs/ARCHITECTURE.md, "Layers").
    "cadres",
    "workrooms",
    "volunteering",
    "volunteering.mediation",
    "campaigns",
    "care",
    "funds",
    "university",
    "reports",
    "todo",
    "retirees",
    "api",
    "operations",
]

MIDDLEWARE = [
    "laoshan_portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "laoshan_portal.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "laoshan_portal.accounts.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "laoshan_portal.accounts.middleware.PasswordAgeMiddleware",
    "laoshan_portal.accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "laoshan_portal.urls"
# Widgets may have templates of the project's own (the cadre picker).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "laoshan_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "laoshan_portal.accounts.context_processors.scope",
            ],
        },
    },
]

# Database: SQLite on a developer's machine, PostgreSQL (psycopg 3) in production.
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
_db_url = env.str("DATABASE_URL", default=_default_db)
if urlsplit(_db_url).scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme in {urlsplit(_db_url).scheme!r}")
DATABASES = {"default": env.db_url_config(_db_url)}
# PostgreSQL in production: the role the web server and worker connect as, when the tables
# belong to another (the migration role, which runs migrate). Each migrate grants it what
# the portal needs and no more: it may only add to and read the audit trail.
DATABASE_RUNTIME_ROLE = env.str("DATABASE_RUNTIME_ROLE", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted server is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = _int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: the portal's largest queries (a whole district's care plans'
    # coverage) spent more compiling their expressions than running them (PERFORMANCE.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the cache, the Celery broker and the result store when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and urlsplit(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured(f"REDIS_URL: expected redis:// or rediss://, got {REDIS_URL!r}")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "laoshan_portal.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "laoshan",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task: the message goes back to the queue and another run finishes it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# The longest task, a monthly report, is stopped after REPORT_TIME_LIMIT seconds (one takes
# well under a minute). Redis hands a message that was taken but never acknowledged (its
# worker died) to another worker after the visibility timeout, which must be longer.
REPORT_TIME_LIMIT = _int("REPORT_TIME_LIMIT", 600, minimum=30)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": REPORT_TIME_LIMIT + 300}
# A report "being written" for longer than the visibility timeout lost its worker; one
# "queued" for longer than REPORT_QUEUED_LIMIT lost its message (Redis restarted without
# it). Every 10 minutes `recover_stuck_reports` queues both again.
REPORT_QUEUED_LIMIT = _int("REPORT_QUEUED_LIMIT", 900, minimum=10)
# A worker runs its tasks side by side, about one a CPU: PostgreSQL's parallel workers for
# one task's query would only compete with the others' (the monthly job's preparation took
# an eighth longer with them, PERFORMANCE.md). A worker's connections ask for this many
# per query (``celery._queries_side_by_side``); the web's keep PostgreSQL's own setting.
WORKER_PARALLEL_QUERY_WORKERS = _int("WORKER_PARALLEL_QUERY_WORKERS", 0)
# A spreadsheet larger than this is checked in the worker, its progress shown, not in the
# request (about 5,000 rows; imports go up to 60,000).
IMPORT_PREVIEW_IN_REQUEST_BYTES = _int("IMPORT_PREVIEW_IN_REQUEST_BYTES", 1_000_000)
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "laoshan_portal.accounts.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    # Last month's report for every area, at 02:00 Beijing time on the 1st.
    "monthly-reports": {
        "task": "reports.tasks.generate_all_monthly_reports",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
    # Dashboards compute stale summary rows when read; this keeps reads cheap.
    "refresh-stale-summaries": {
        "task": "reports.tasks.refresh_stale_summaries",
        "schedule": crontab(minute="*/10"),
    },
    # The summary kept by deltas compared with a recount (and repaired) each night.
    "check-summaries": {
        "task": "reports.tasks.check_summaries",
        "schedule": crontab(hour=4, minute=0),  # after the 01:30 backup
    },
    # Each area's overdue to-do items, for the trend on the to-do page.
    "todo-snapshots": {
        "task": "todo.tasks.record_todo_snapshots",
        "schedule": crontab(hour=23, minute=50),
    },
    # The day's care figures of every area, before anyone's first view of the day.
    "care-figures": {
        "task": "todo.tasks.keep_care_figures",
        "schedule": crontab(hour=0, minute=5),
    },
    "recover-stuck-reports": {
        "task": "reports.tasks.recover_stuck_reports",
        "schedule": crontab(minute="5-59/10"),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "laoshan_portal.accounts.backends.StaffBackend",
    # A retiree signs in with the mobile number of their registry record.
    "retirees.backends.PhoneBackend",
]
# Where a retiree lands after signing in (their 我的 page).
RETIREE_HOME_URL = "/my/"
RETIREE_LOGIN_URL = "/my/login/"
# Lock-out after 5 failures of one user name from one address, for 30 minutes.
AXES_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "laoshan_portal.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Lock-outs are lifted with `manage.py axes_reset_username NAME`, not in the admin: its
# pages would list sign-in attempts of every area.
AXES_ENABLE_ADMIN = False
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For:
# the client's address is read that many entries from the right (audit.services.client_ip,
# also used by the lock-out and the rate limits). 0: the connection's own address.
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "laoshan_portal.audit.services.client_ip"
OTP_TOTP_ISSUER = "Laoshan portal"
# Volunteer star levels (星级志愿者): cumulative accepted hours for 1 to 5 stars.
VOLUNTEER_STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)
# The bureau's seal (an image file, PNG with a transparent background) printed over the
# issuing unit on certificates and monthly reports; without it a seal area is left blank.
SEAL_IMAGE = env.str("SEAL_IMAGE", default="")
# Administrators must pass two-step verification; only a demo on a developer's machine
# (`make run`) turns this off.
ADMIN_TWO_FACTOR = _bool("ADMIN_TWO_FACTOR", default=True)
if PRODUCTION and not ADMIN_TWO_FACTOR:
    raise ImproperlyConfigured("ADMIN_TWO_FACTOR cannot be off when LAOSHAN_ENV=production")
# Passwords older than this must be changed at the next request; so must initial ones.
PASSWORD_MAX_AGE_DAYS = _int("PASSWORD_MAX_AGE_DAYS", 90, minimum=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "laoshan_portal.accounts.validators.CharacterClassValidator"},
    {"NAME": "laoshan_portal.accounts.validators.UserNameValidator"},
    {"NAME": "laoshan_portal.accounts.validators.PasswordHistoryValidator"},
]

# An idle session ends after 30 minutes. Requests move its end forward, saving the session
# at most once a minute (accounts.middleware.SessionRefreshMiddleware) instead of on every
# request, so it ends up to a minute before the limit after the last request, never after.
SESSION_COOKIE_AGE = _int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Sessions are read from the cache (Redis; this process's memory for the embedded
# default, which serves from one process) and written to both it and the database
# (laoshan_portal/accounts/sessions.py).
SESSION_ENGINE = "laoshan_portal.accounts.sessions"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    # Without DEBUG, WhiteNoise serves the development server's static files straight from
    # the source folders (no collectstatic), picking up edits.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security headers. The portal loads nothing from another host; ECharts tooltips set
# inline styles, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if _bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The password every demo account gets from `manage.py seed_demo`.
# Purposes that party dues returned to grassroots organisations may not pay for (the kinds of
# funds.models.PurposeKind): building or renting venues is paid from fiscal funds.
FUNDS_PARTY_DUES_EXCLUDED = env.list("FUNDS_PARTY_DUES_EXCLUDED", default=["venue"])

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="Laoshan@2026!")  # noqa: S105 - demo only
