"""Settings for the CX maturity scan: one module, driven by the environment.

Defaults are for a developer's machine (SQLite, no set-up). Production sets at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from cxscan.caches import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


# The environment readers refuse a value they do not know, naming the variable: a typo such as
# SESSION_COOKIE_SECURE=ture must stop the server, not quietly turn a security setting off.
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool = False) -> bool:
    """The variable as a yes/no (any case); unset or empty gives the default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)} (or leave it unset)."
    )


def env_int(name: str, default: int) -> int:
    """The variable as a whole number; unset or empty gives the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number (digits only)."
        ) from None


def env_float(name: str, default: float) -> float:
    """The variable as a number (a decimal point, not a comma); unset or empty gives the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a number (such as 0.5)."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    """The variable as a comma-separated list (any text is an entry, so nothing is refused)."""
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG")

# The development key lets tests and `make run` work with no set-up. The WSGI/ASGI entry points
# (what gunicorn loads) refuse to serve with it unless DEBUG is on, and `check --deploy` flags it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-only"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
# Earlier keys, still accepted for what they signed or encrypted (sessions, reset links,
# second factors' secrets) while SECRET_KEY is rotated: comma-separated.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # For allauth's list of security keys ("3 days ago").
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "axes",
    # django-allauth: login, logout, password change and reset, two-factor login (settings: Login).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    # django-ninja: the API; listed so its docs page uses its own static Swagger UI, not a CDN.
    "ninja",
    # django-tasks-db: the queue of background tasks (rendering reports), in the app's own database.
    "django_tasks_db",
    # django-health-check: /health/ for a load balancer (its page template lives in the app).
    "health_check",
    # The base (the project package): settings, logging, middleware, the rate-limit counter; it
    # imports no app. Its ready() connects the log line of each background task.
    "cxscan",
    # Each app builds on the ones above it and never imports the ones below it.
    # Consultancies (tenants): members, roles; every organisation belongs to one.
    "consultancies",
    "branding",
    "checklists",
    # The audit trail: after checklists (it keeps each event's organisation), before the apps
    # that record events with `audit.record`.
    "audit",
    "scoring",
    "plans",
    "workshops",
    # The consultant's words on the results: summary and commentaries, read by every output.
    "narrative",
    "reports",
    "api",
    # Privacy: an organisation's data exported as a ZIP or erased, a user's own data, retention.
    "privacy",
    # The roof: the project's URLs, home page and dashboard, project-wide commands. It may import
    # every app; nothing imports it (tests/test_architecture.py).
    "home",
]

# Forms render through django-crispy-forms with Bootstrap 5 templates.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MIDDLEWARE = [
    # First: one log line per request, timed around everything else.
    "cxscan.logging.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cxscan.middleware.RefuseForeignCharsets",  # after LocaleMiddleware: its refusal is translated
    "cxscan.middleware.RefuseNullCharacters",  # after LocaleMiddleware: its refusal is translated
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-allauth: the login's stages (password, then the second factor) and re-authentication.
    "allauth.account.middleware.AccountMiddleware",
    # A consultancy that requires two-factor login: its members set one up before anything else.
    "consultancies.middleware.RequireMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "home.urls"
WSGI_APPLICATION = "cxscan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branding.context_processors.branding",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock when it begins, so saving answers and
    # completing a scan queue up as they do on PostgreSQL's row lock (checklists.scanning.lock).
    # Write-ahead log: readers never wait for a writer, and a commit appends to the log instead of
    # rewriting pages through a rollback journal (one sync of the log per commit). SQLite's
    # default synchronous=FULL stays, so a committed save survives a power cut too.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL;"
    )
    # Tests use a file, not SQLite's shared in-memory database: that one answers concurrent
    # transactions with "table is locked" at once instead of waiting for the lock.
    # One file per test run, so two runs at once (say, in two terminals) never share it.
    DATABASES["default"].setdefault(
        "TEST", {"NAME": str(Path(tempfile.gettempdir()) / f"cxscan-test-{os.getpid()}.sqlite3")}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Checks no password: after a login, the session reads its user (with the membership and
    # consultancy, in one query) through this one.
    "consultancies.backends.MembershipBackend",
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Dutch is the source language of the content and the default; English is the second language.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English is British (en-GB) under the code "en": dates like "6 December 2026, 21:26".
FORMAT_MODULE_PATH = ["cxscan.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Without DEBUG, hashed and compressed files from collectstatic's manifest: collectstatic and the
# server must pick the same storage, so the choice depends on settings only, never on whether
# STATIC_ROOT exists yet. DEBUG (and the tests, see tests/conftest.py) use the plain files.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
# Uploaded files (the consultancy's logo) go through Django's storage API: on disk under
# MEDIA_ROOT here; several app servers need a shared folder or an S3-compatible storage (only the
# "default" entry changes). They are served by views that check what may be seen, never as static.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Without collectstatic (development, tests) WhiteNoise finds files in the apps and static/.
WHITENOISE_USE_FINDERS = True
# collectstatic keeps only the content-hashed names (every page links them through {% static %}),
# and does not compress source maps (only developer tools read them): half the files, and a
# quarter of the compressing, which took most of a deploy's minute.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Secure by default; DEBUG (plain http on 127.0.0.1) relaxes what it must.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For. Without it both headers come from the client and are ignored.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: scripts only from our own static files, never inline, nothing from
# other hosts. Styles allow inline attributes for the admin's and Plotly's generated styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Login lockout (django-axes, failures kept in the database). After AXES_FAILURE_LIMIT failed
# logins for one username, or from one client address, further logins for it are refused (the
# right password too) until AXES_COOLOFF_MINUTES pass without another failure, or staff delete
# the attempts in the admin or run `manage.py axes_reset`. 0 minutes: locked until staff unlock.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
# Separate entries: locked by username or by address (a list inside would mean both together).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cxscan.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "cxscan.accounts.lockout_response"

# Login (django-allauth): a username and password, then, for whoever set one up, a second factor:
# a code from an authenticator app (TOTP), a passkey or security key (WebAuthn), or a recovery
# code. No sign-up: staff make the accounts. The admin logs in here too (home/urls.py).
# consultancies' subclass adds "single sign-on only": its members log in through its provider.
ACCOUNT_ADAPTER = "consultancies.sign_on.ConsultancyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# As before allauth: a login lasts SESSION_COOKIE_AGE, with no "remember me" box.
ACCOUNT_SESSION_REMEMBER = True
# A reset asked for an unknown address sends nothing (the page says the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_FORMS = {
    "login": "cxscan.accounts.LoginForm",
    "reset_password": "cxscan.accounts.PasswordResetForm",
    "reset_password_from_key": "cxscan.accounts.PasswordResetKeyForm",
}
# Wrong passwords are limited by django-axes (above), reset mails by cxscan.accounts (in the
# database, shared by every process); allauth's counters for them (a per-process cache) are off.
# Its count of wrong second-factor codes ("login_failed": 5 per user in 5 minutes) stays.
ACCOUNT_RATE_LIMITS = {"login": None, "reset_password": None}
MFA_ADAPTER = "cxscan.accounts.MFAAdapter"  # their secrets encrypted in the database
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_FORMS = {"add_webauthn": "cxscan.accounts.AddSecurityKeyForm"}
MFA_TOTP_ISSUER = "CX Maturity Scan"
# allauth lets only verified e-mail addresses set up a second factor, against accounts signed
# up with someone else's address; here staff make every account and there is no sign-up.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# WebAuthn needs https; plain http on 127.0.0.1/localhost only for development (and the tests).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Single sign-on with OpenID Connect: each identity provider is a "social application" that staff
# add in the admin (provider "OpenID Connect", its issuer URL as {"server_url": "https://…"}).
# It logs in existing accounts only, found by an e-mail address the provider says it verified,
# never platform staff (cxscan.accounts.SocialAccountAdapter), and only members of the
# consultancy its settings name ({"consultancy": "<slug>"}: consultancies.sign_on); no sign-up,
# no tokens kept.
SOCIALACCOUNT_ADAPTER = "consultancies.sign_on.ConsultancySignOnAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# A consultancy's owner sets its provider in the app (consultancies.sign_on): an https issuer on
# a public host, as the server fetches its discovery document. Plain http to a loopback address
# only where this allows it (development and the tests' loopback provider).
CXSCAN_SSO_ALLOW_HTTP_LOOPBACK = env_bool("CXSCAN_SSO_ALLOW_HTTP_LOOPBACK", DEBUG)

# E-mail (password reset links). DEBUG prints messages on the console. Otherwise SMTP through
# EMAIL_HOST: Django's deploy check refuses a development-only backend in production, and a reset
# link printed into the server's log would be readable by whoever reads the log.
_smtp = "django.core.mail.backends.smtp.EmailBackend"
_email_backend = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _smtp
)
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            # Without a port: 587 with TLS, 25 otherwise.
            "port": env_int("EMAIL_PORT", 0) or None,
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            # A mail server that does not answer must not hold the request for long.
            "timeout": 30,
        }
        if _email_backend == _smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# A section whose coverage (answered / statements) is below this share has an indicative level:
# it rests on too few answers to be firm, and every page, chart and export says so.
CXSCAN_MIN_COVERAGE = env_float("CXSCAN_MIN_COVERAGE", 0.5)
if not 0 <= CXSCAN_MIN_COVERAGE <= 1:
    raise ValueError("CXSCAN_MIN_COVERAGE is a share between 0 and 1, such as 0.5.")
# A benchmark group must hold at least this many other organisations, or nothing from it shows.
CXSCAN_BENCHMARK_MIN_N = env_int("CXSCAN_BENCHMARK_MIN_N", 5)
if CXSCAN_BENCHMARK_MIN_N < 3:
    raise ValueError("CXSCAN_BENCHMARK_MIN_N must be at least 3: smaller groups expose clients.")

# Audit events older than this many days are removed by `manage.py prune_audit`.
CXSCAN_AUDIT_RETENTION_DAYS = env_int("CXSCAN_AUDIT_RETENTION_DAYS", 730)
if CXSCAN_AUDIT_RETENTION_DAYS < 1:
    raise ValueError("CXSCAN_AUDIT_RETENTION_DAYS must be at least 1 (days).")
# Privacy (privacy app): an organisation's export ZIP is offered this many days, then deleted;
# `manage.py retention` lists (and with --apply erases) organisations with no activity for
# this many years.
CXSCAN_EXPORT_DAYS = env_int("CXSCAN_EXPORT_DAYS", 7)
CXSCAN_RETENTION_YEARS = env_int("CXSCAN_RETENTION_YEARS", 3)
if CXSCAN_EXPORT_DAYS < 1 or CXSCAN_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("CXSCAN_EXPORT_DAYS and CXSCAN_RETENTION_YEARS are at least 1.")

# Background tasks (rendering stored reports) wait in the app's own database until a
# `manage.py db_worker` process takes them: no broker to run, and any number of workers on any
# number of machines share one queue (each task is claimed by one worker under a row lock).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A failing row rolls the whole import back.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Operations: the health check, logs, sessions and the cache, for one server or several.

# /health/ (cxscan/health.py) answers a load balancer over plain http too: it is exempt from the
# redirect to https. The load balancer must send a Host header listed in ALLOWED_HOSTS.
SECURE_REDIRECT_EXEMPT = [r"^health/(web/)?$"]
# /health/ fails when the oldest task that is due has waited longer than this (seconds).
CXSCAN_HEALTH_TASK_WAIT = env_int("CXSCAN_HEALTH_TASK_WAIT", 300)
# /health/ fails when a stored report asked for has waited longer than this for its render.
CXSCAN_HEALTH_REPORT_WAIT = env_int("CXSCAN_HEALTH_REPORT_WAIT", 120)

# Sessions live in the database (Django's default, stated here on purpose): every app server
# reads the same rows, so a user can land on any of them. A local-memory cache would not be shared.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The cache holds the API and workshop rate-limit counts, the branding and the blank checklist
# PDF. CACHE_URL unset: each process has its own (counts are per process); db://TABLE shares one
# table in the database between all processes; redis://… needs `pip install redis`.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}

# Logs go to stdout. LOG_FORMAT=json: one JSON object per line (cxscan/logging.py); otherwise text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT is text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cxscan.logging.JsonFormatter"},
    },
    "filters": {
        "mask_secret_paths": {"()": "cxscan.logging.MaskSecretPaths"},
        "drop_django_task_lines": {"()": "cxscan.logging.DropDjangoTaskLines"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["mask_secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; its warnings still come through.
    # django-axes logs every login at INFO; failed logins and lockouts are warnings.
    # django.request warns about every 4xx answer, which the request line already shows; its
    # errors (a 500 with its traceback) still come through.
    # django.tasks: our line per task replaces its "started" and "finished" lines.
    # django: without Django's own handlers (a second console with DEBUG, mails to ADMINS, which
    # we do not set), its records reach only ours, once, in LOG_FORMAT.
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "django.tasks": {"filters": ["drop_django_task_lines"]},
    },
}
