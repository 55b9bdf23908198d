"""Algoscope's settings: one module, driven by environment variables.

| Variable | Default | Meaning |
| --- | --- | --- |
| ``ALGOSCOPE_ENV_FILE`` | ``<repo>/.env`` | optional file of ``KEY=value`` lines read first |
| ``ALGOSCOPE_DEBUG`` | ``0`` | ``1`` for development (never on a public host: a check refuses it) |
| ``ALGOSCOPE_SECRET_KEY`` | none; a fixed development key when DEBUG | Django's secret key (required otherwise) |
| ``ALGOSCOPE_ALLOWED_HOSTS`` | ``localhost,127.0.0.1,[::1]`` | comma-separated host names |
| ``DATABASE_URL`` | ``sqlite:///<repo>/var/algoscope.sqlite3`` | any dj-database-url form: SQLite file or PostgreSQL |
| ``ALGOSCOPE_DATA_DIR`` | ``<repo>/var`` | uploads, default SQLite database |
| ``ALGOSCOPE_TIME_ZONE`` | ``Europe/Brussels`` | display time zone (times are stored in UTC) |
| ``ALGOSCOPE_SECURE_COOKIES`` | ``1`` unless DEBUG | secure session/CSRF cookies (HTTPS deployments) |
| ``ALGOSCOPE_JOBS`` | ``database`` | background jobs: ``database`` (for ``algoscope work``) or ``sync`` (tests) |
| ``ALGOSCOPE_EMAIL_URL`` | console when DEBUG | the SMTP server: ``smtp://user:password@host:587`` (see mail.py) |
| ``ALGOSCOPE_PUBLIC_URL`` | ``http://localhost:8000`` | the site's public address, for the links in e-mails |
| ``ALGOSCOPE_EMAIL_FROM`` | ``Algoscope <noreply@localhost>`` | the sender of the site's e-mails |
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from algoscope.config import logs
from algoscope.config.mail import email_settings
from algoscope.config.storage import page_cache, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = BASE_DIR.parent.parent


def load_env_file(path: Path) -> None:
    """Read ``KEY=value`` lines from a local ``.env`` (written by ``make setup``); real variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


load_env_file(Path(os.environ.get("ALGOSCOPE_ENV_FILE", PROJECT_ROOT / ".env")))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ALGOSCOPE_DEBUG")
DEVELOPMENT_SECRET_KEY = "django-insecure-algoscope-development-only"  # refused unless DEBUG
UNSET_SECRET_KEY = "!unset"  # a check refuses to start with it
SECRET_KEY = os.environ.get("ALGOSCOPE_SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else UNSET_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALGOSCOPE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
DATA_DIR = Path(os.environ.get("ALGOSCOPE_DATA_DIR", PROJECT_ROOT / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_ratelimit",  # its checks: the limits are counted in a cache every process shares
    "axes",  # failed sign-ins counted per account; an account locks for a while after too many
    "algoscope.common",
    "algoscope.accounts",  # organisations, memberships, site roles, API tokens, the permission table
    "algoscope.register",
    "algoscope.interop",
    "algoscope.aiact",
    "algoscope.audits",
    "algoscope.sortition",
    "algoscope.plans",
    "algoscope.participation",  # questions and answers, the contact point, consultations, moderation
    "algoscope.reports",  # reports to Parliament: reads the apps above, none reads it
    "algoscope.site",  # the shell: composes the apps' pages, navigation, demo
    # after the apps: their templates (allauth's layout in the site's design) come first
    "allauth",
    "allauth.account",  # residents' accounts: sign-up, e-mail verification, password reset (django-allauth)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "algoscope.common.replica.PublicReadsMiddleware",  # anonymous reads from the replica, when there is one
    "algoscope.common.public_cache.PublicCacheMiddleware",  # anonymous public answers, until the next change
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "algoscope.common.middleware.NonTextAddressMiddleware",  # a NUL or another control character in the address
    "algoscope.common.middleware.KeptLanguageMiddleware",  # ?language= on the sign-in and editor pages
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "algoscope.common.middleware.ReadOnlyDatabaseMiddleware",  # a write to a read-only database: a 503 page
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
]

ROOT_URLCONF = "algoscope.site.urls"
WSGI_APPLICATION = "algoscope.config.wsgi.application"

FORM_RENDERER = "algoscope.common.forms.FormRenderer"  # one field's markup: site/templates/forms/field.html
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # every template lives in its app (the layout in the site shell)
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["django.templatetags.l10n"],  # ``|unlocalize`` everywhere (USE_THOUSAND_SEPARATOR)
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "algoscope.site.profile.context",  # ``site_profile``: who runs this installation, its phase, contact
                "algoscope.site.navigation.context",  # the apps' sections and workspaces in the main navigation
            ],
        },
    }
]


def database_settings(url: str) -> dict[str, object]:
    """Parse ``DATABASE_URL``; SQLite gets WAL, a busy timeout and IMMEDIATE write transactions (and can be opened
    read-only). A process keeps its connection between requests (``ALGOSCOPE_DB_CONN_MAX_AGE`` seconds, checked
    before reuse): opening one per request cost PostgreSQL more than most pages."""
    max_age = int(os.environ.get("ALGOSCOPE_DB_CONN_MAX_AGE", "60"))
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config.get("NAME") or "")
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        read_only = env_bool("ALGOSCOPE_DB_READ_ONLY")  # maintenance, or a copy: pages read, writes get a 503
        config["ENGINE"] = "algoscope.common.sqlite"  # Django's, asking for WAL without failing a read-only file
        config["OPTIONS"] = {
            # Writers queue for the lock from the start; a read-only database takes no lock.
            "transaction_mode": "DEFERRED" if read_only else "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;",
        }
        if read_only and name and not name.startswith("file:"):
            config["NAME"] = f"file:{name}?mode=ro"
            config["OPTIONS"]["uri"] = True  # type: ignore[index]
    return config


DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'algoscope.sqlite3'}",
    )
}
# A read replica of the primary (PostgreSQL streaming replication): anonymous visitors' reads go there
# (``common.replica``); in tests it mirrors the primary.
if os.environ.get("ALGOSCOPE_DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_settings(os.environ["ALGOSCOPE_DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["algoscope.common.replica.PublicReadsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before its password is checked
    "allauth.account.auth_backends.AuthenticationBackend",  # a username or a verified e-mail address
]
# Password guessing: after AXES_FAILURE_LIMIT failed sign-ins for one account (from anywhere), or from one address
# (on any accounts: password spraying), that account or address is locked for AXES_COOLOFF_TIME; the right password
# does not open it meanwhile. Each failure is in the audit log.
AXES_FAILURE_LIMIT = int(os.environ.get("ALGOSCOPE_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("ALGOSCOPE_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("ALGOSCOPE_BEHIND_PROXY") else 0
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not recorded (failures are, in the audit log)
# Sessions are for the people who sign in to edit: a working day, then sign in again; expired ones are removed by
# the worker's housekeeping.
SESSION_ENGINE = "algoscope.common.sessions"  # Django's database sessions; a key that is not one of its keys is none
SESSION_COOKIE_AGE = int(os.environ.get("ALGOSCOPE_SESSION_HOURS", "8")) * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "editor:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
# Residents' accounts (django-allauth): anyone signs up with an e-mail address and a password; a message with a link
# confirms the address, and posting (a question, a proposal, a comment, a support) needs a confirmed one. Reading
# needs no account. Sign-in is the site's one page (a username or the e-mail address).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# "mandatory": allauth signs a new account in only once its address is confirmed, and signing up with a known
# address answers exactly as with a new one (the address's owner gets an e-mail instead): no account enumeration.
# The site's own sign-in page lets an unconfirmed resident in, to ask for a new link; posting needs a confirmed one.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True  # one address per account: a new one replaces it once confirmed
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link opened by a mail scanner confirms nothing: the person presses a button
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True  # signing up with a known address says the same as with a new one
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "confirm_email": "3/m/key,10/h/key",
    "reset_password": "5/m/ip,10/h/key",
    "manage_email": "3/m/user,10/h/user",  # each added address gets an e-mail: not a way to send mail to anyone
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Algoscope] "
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("ALGOSCOPE_HTTPS") else "http"
ACCOUNT_ADAPTER = "algoscope.participation.accounts.ResidentAccountAdapter"
SIGNUP_OPEN = env_bool("ALGOSCOPE_SIGNUP_OPEN", True)
RESIDENT_HOME = "public:participation_me"  # where a person without any role lands after signing in

# E-mail: the console in development (and in tests, Django's memory backend); in production an SMTP server given
# as a URL (ALGOSCOPE_EMAIL_URL). The worker sends the notifications (participation/notifications.py).
PUBLIC_URL = os.environ.get("ALGOSCOPE_PUBLIC_URL", "http://localhost:8000")  # the site's address in e-mails
DEFAULT_FROM_EMAIL = os.environ.get("ALGOSCOPE_EMAIL_FROM", "Algoscope <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = email_settings(os.environ.get("ALGOSCOPE_EMAIL_URL", ""), debug=DEBUG)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
EMAIL_CONFIGURED = _email.pop("EMAIL_CONFIGURED")  # a check warns when a production site has no SMTP server
globals().update(_email)  # EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL

# Participation (participation/): a question unanswered after ANSWER_DEADLINE_DAYS is flagged on the public pages;
# a post reported by REPORTS_BEFORE_HIDING different people is hidden until a moderator decides; each person posts
# at most POST_RATE (django-ratelimit's "count/period"), and each address at most ADDRESS_POST_RATE.
ANSWER_DEADLINE_DAYS = int(os.environ.get("ALGOSCOPE_ANSWER_DEADLINE_DAYS", "30"))
REPORTS_BEFORE_HIDING = int(os.environ.get("ALGOSCOPE_REPORTS_BEFORE_HIDING", "3"))
POST_RATE = os.environ.get("ALGOSCOPE_POST_RATE", "5/m")
ADDRESS_POST_RATE = os.environ.get("ALGOSCOPE_ADDRESS_POST_RATE", "30/h")

# Languages: the UI and the content come in Dutch, French, German and English.
LANGUAGE_CODE = "en"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Numbers in the reader's convention: 14.379 in Dutch and German, 14 379 in French, 14,379 in English. Numbers a
# machine reads back (form values, ids, versions) are written with ``|unlocalize``.
USE_THOUSAND_SEPARATOR = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # a chosen language is kept a year (the cookie statement says so)
TIME_ZONE = os.environ.get("ALGOSCOPE_TIME_ZONE", "Europe/Brussels")

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ALGOSCOPE_STATIC_ROOT", DATA_DIR / "static"))  # a container keeps it in the image
STATICFILES_DIRS = [BASE_DIR / "static"]
# The design system's theme: NL Design System tokens in one stylesheet (docs/design.md). An installation themes the
# site with its own: a folder of static files (ALGOSCOPE_THEME_DIR, served under /static/) and the path of its
# stylesheet in it (ALGOSCOPE_THEME_STYLESHEET), loaded instead of the neutral Benelux theme.
if os.environ.get("ALGOSCOPE_THEME_DIR"):
    STATICFILES_DIRS.insert(0, Path(os.environ["ALGOSCOPE_THEME_DIR"]))
THEME_STYLESHEET = os.environ.get("ALGOSCOPE_THEME_STYLESHEET", "css/theme.css")
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded and generated files (audit decisions files, the PDF cache) go through Django's storage API: a folder by
# default; with ALGOSCOPE_S3_BUCKET an S3-compatible object store (django-storages), shared by every machine.
STORAGES = {
    "default": s3_storage(os.environ) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Background jobs (audits, panel selections) go through Django's task framework (the django-tasks backport):
# "database" queues them in the database for the worker (`algoscope work`, which `make run` starts beside the site);
# "sync" runs them at once when the transaction commits (tests, one-off scripts). ALGOSCOPE_TASKS_BACKEND names
# another backend (Django 6's built-in tasks, or an RQ backend on Redis for many machines) without a code change.
JOBS = os.environ.get("ALGOSCOPE_JOBS", "database")
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ALGOSCOPE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# An audit's raw decisions file is personal data: deleted after the computation unless the auditor keeps it, and a
# kept one (or a failed run's, kept to compute again) this many days after the computation, by the worker.
AUDIT_RAW_FILE_DAYS = int(os.environ.get("ALGOSCOPE_AUDIT_RAW_FILE_DAYS", "30"))
# Imports are read in the worker; an import job's report is kept this many days (its file: until confirmed, or a
# day). An API client's file up to IMPORT_INLINE_BYTES is imported within the request; a larger one (or any, with
# ``Prefer: respond-async``) gets 202 and the job's address.
IMPORT_JOB_DAYS = int(os.environ.get("ALGOSCOPE_IMPORT_JOB_DAYS", "30"))
IMPORT_INLINE_BYTES = int(os.environ.get("ALGOSCOPE_IMPORT_INLINE_BYTES", "262144"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file, in chunks
# Serve static files straight from the app directories too, so the site works before `collectstatic`.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security headers; cookies are secure unless running in development. ALGOSCOPE_HTTPS=1 (production: the site is
# served only over HTTPS) also redirects HTTP to HTTPS and sends HSTS for a year.
HTTPS = env_bool("ALGOSCOPE_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container's own health check asks over plain HTTP, on the machine
SECURE_HSTS_SECONDS = int(os.environ.get("ALGOSCOPE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ALGOSCOPE_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ALGOSCOPE_HSTS_PRELOAD")
# Preloading HSTS is a commitment the operator makes with the browsers' list, not a default: not a warning here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Content-Security-Policy: scripts and styles only from the site itself (no inline script or style anywhere), no
# plugins, no framing, forms post to the site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_COOKIES = env_bool("ALGOSCOPE_SECURE_COOKIES", not DEBUG or HTTPS)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("ALGOSCOPE_BEHIND_PROXY") else None

NINJA_PAGINATION_MAX_LIMIT = 100

# Caches: "default" in each process (fast, small); "shared" in the database, counted together by every process and
# machine (the rate limits). ALGOSCOPE_SHARED_CACHE names another backend (Redis) for large deployments.
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": page_cache(os.environ, DATA_DIR),
    "shared": {
        "BACKEND": os.environ.get("ALGOSCOPE_SHARED_CACHE", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("ALGOSCOPE_SHARED_CACHE_LOCATION", "algoscope_cache"),
    },
}
RATELIMIT_USE_CACHE = "shared"
# How long a cached public answer may be served (a change of public content ends it at once: this only bounds what a
# change outside the services, such as a database edited by hand, leaves); a proxy in front may keep it a minute.
PUBLIC_CACHE_SECONDS = int(os.environ.get("ALGOSCOPE_PUBLIC_CACHE_SECONDS", "300"))
PROXY_CACHE_SECONDS = min(60, PUBLIC_CACHE_SECONDS)
# How long a process keeps the public generation it read (common/public_cache.py): another process's change is seen
# within this time; 0 reads it on every request.
PUBLIC_GENERATION_KEEP_S = float(os.environ.get("ALGOSCOPE_PUBLIC_GENERATION_KEEP_S", "1"))
if CACHES["shared"]["BACKEND"].endswith("db.DatabaseCache"):
    # The database cache increments without a lock: under concurrency a count can lose a request, so a limit of 20
    # may let 21 or 22 through. For a coarse limit on expensive answers that is acceptable, and it needs no other
    # service; a deployment with Redis (ALGOSCOPE_SHARED_CACHE) counts exactly and passes these checks.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
# Anonymous requests for expensive answers (PDF reports, whole-register downloads, the AI Act classification), per
# address: django-ratelimit's "count/period".
ANONYMOUS_HEAVY_RATE = os.environ.get("ALGOSCOPE_ANONYMOUS_HEAVY_RATE", "20/m")
BEHIND_PROXY = env_bool("ALGOSCOPE_BEHIND_PROXY")  # then the address the proxy saw counts (X-Forwarded-For)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # ALGOSCOPE_LOG_FORMAT=json: one JSON object per line (time, level, logger, message and any extra fields),
        # for a log collector; the default is plain text for a person reading a terminal.
        "json": {"()": "algoscope.config.logs.json_formatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if logs.json_wanted() else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ALGOSCOPE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # each sign-in at INFO; failures and locks are in the audit log
        "weasyprint": {"level": "ERROR"},  # its INFO is a step-by-step trace, its WARNINGs are CSS it ignores
        "fontTools": {"level": "WARNING"},
    },
}
