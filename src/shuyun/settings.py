"""Shuyun settings: one file, driven by environment variables.

SHUYUN_DATABASE_URL   database (default: SQLite in the data directory; postgres://… for PostgreSQL)
SHUYUN_DATA_DIR       database, index, uploads and the generated secret key (default ./var)
SHUYUN_SECRET_KEY     signing key (default: generated once into the data directory)
SHUYUN_DEBUG          "1" for development error pages
SHUYUN_ALLOWED_HOSTS  comma-separated host patterns served besides every registered branch-site host
SHUYUN_REDIS_URL      cache and rate-limit store in production (default: in-process memory cache)
SHUYUN_EVENT_BATCH_SIZE, SHUYUN_EVENT_FLUSH_SECONDS   how service events are written in batches
SHUYUN_PII_KEY        key protecting ID and phone numbers (default: derived from the secret key)
SHUYUN_OIDC_RSA_PRIVATE_KEY  PEM key signing ID tokens (default: generated once into the data dir)
SHUYUN_SMS_GATEWAY    where one-time codes are sent (default: "log")
SHUYUN_<PROVIDER>_CLIENT_ID / _SECRET  third-party sign-in (WEIXIN, QQ, WEIBO), each on when set
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("SHUYUN_DATA_DIR", PROJECT_ROOT / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SHUYUN_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("SHUYUN_DEBUG")

# Host validation is done by federation.middleware.BranchSiteMiddleware against these patterns plus
# every host registered for a branch site, which Django's static ALLOWED_HOSTS cannot express.
ALLOWED_HOSTS = ["*"]
SHUYUN_ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "SHUYUN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],.localhost,testserver"
    ).split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "oauth2_provider",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.weixin",
    "allauth.socialaccount.providers.weibo",
    "shuyun.accounts.qq",
    "shuyun.federation",
    "shuyun.accounts",
    "shuyun.analytics",
    "shuyun.catalog",
    "shuyun.harvest",
    "shuyun.search",
    "shuyun.identifiers",
    "shuyun.oai",
    "shuyun.portal",
    "shuyun.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shuyun.federation.middleware.BranchSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shuyun.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shuyun.urls"
WSGI_APPLICATION = "shuyun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shuyun.federation.context_processors.branch_site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SHUYUN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'shuyun.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; the portal reads far more than it writes.
    # A 16 MB page cache (filled only as pages are read; the default is 2 MB) keeps the upper
    # levels of the warehouse's indexes in memory while a large import grows them, and
    # temporary b-trees (sorts, index builds) stay in memory. More cache measured no faster.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES: dict[str, dict[str, object]]
if redis_url := os.environ.get("SHUYUN_REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
else:
    # Room for the hot identifiers' resolutions besides host maps and rate-limit counters.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "shuyun.accounts.backends.ReaderBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"

# Sign-in lockout: five failures for one account from one address lock it for fifteen minutes.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/locked_out.html"
# Readers sign in with an `identifier` ("card:ZJ-SX:123", "id:…" as a keyed digest), staff with a
# user name; both are locked out the same way.
AXES_USERNAME_CALLABLE = "shuyun.accounts.backends.lockout_username"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and _env_flag("SHUYUN_HTTPS")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Readers (accounts app): personal-data key, one-time codes, SIP2, OpenID Connect, third parties.
SHUYUN_PII_KEY = os.environ.get("SHUYUN_PII_KEY", "")
SHUYUN_SMS_GATEWAY = os.environ.get("SHUYUN_SMS_GATEWAY", "log")


def _oidc_private_key() -> str:
    if key := os.environ.get("SHUYUN_OIDC_RSA_PRIVATE_KEY"):
        return key
    key_file = DATA_DIR / "oidc_rsa_private_key.pem"
    if not key_file.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        key_file.write_bytes(pem)
        key_file.chmod(0o600)
    return key_file.read_text()


OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _oidc_private_key(),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "shuyun.accounts.oidc.ShuyunValidator",
    "SCOPES": {
        "openid": "OpenID Connect sign-in",
        "profile": "Name, home library and real-name level",
        "card": "Your reader card number at this library",
        "readers:lookup": "Look up this library's own readers by card number",
    },
    "DEFAULT_SCOPES": ["openid"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
}

# Third-party sign-in: a provider is offered once its app credentials are set.
SOCIALACCOUNT_PROVIDERS = {
    provider: {
        "APPS": [
            {
                "client_id": os.environ[f"SHUYUN_{provider.upper()}_CLIENT_ID"],
                "secret": os.environ.get(f"SHUYUN_{provider.upper()}_SECRET", ""),
            }
        ]
    }
    for provider in ("weixin", "qq", "weibo")
    if os.environ.get(f"SHUYUN_{provider.upper()}_CLIENT_ID")
}
SOCIALACCOUNT_ADAPTER = "shuyun.accounts.social.ReaderSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Front-end packages from the npm registry (package.json); only their built files are served.
NPM_ROOT = PROJECT_ROOT / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NPM_ROOT / "bootstrap" / "dist"),
    ("vendor/htmx", NPM_ROOT / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

# Service events are written in batches (analytics.services): this many at once, or after the
# oldest has waited this long, and at exit.
SHUYUN_EVENT_BATCH_SIZE = int(os.environ.get("SHUYUN_EVENT_BATCH_SIZE", "200"))
SHUYUN_EVENT_FLUSH_SECONDS = float(os.environ.get("SHUYUN_EVENT_FLUSH_SECONDS", "1.0"))

# Open interfaces: requests per address without a key, and per member library's key.
SHUYUN_API_ANONYMOUS_RATE = os.environ.get("SHUYUN_API_ANONYMOUS_RATE", "300/m")
SHUYUN_API_KEY_RATE = os.environ.get("SHUYUN_API_KEY_RATE", "3000/m")

# The OAI-PMH provider at /oai: identifiers read oai:<repository id>:<record id>.
SHUYUN_OAI_REPOSITORY_ID = os.environ.get("SHUYUN_OAI_REPOSITORY_ID", "shuyun.localhost")
SHUYUN_OAI_REPOSITORY_NAME = os.environ.get("SHUYUN_OAI_REPOSITORY_NAME", "Shuyun 书云")
SHUYUN_OAI_ADMIN_EMAIL = os.environ.get("SHUYUN_OAI_ADMIN_EMAIL", "oai@shuyun.localhost")
SHUYUN_OAI_PAGE_SIZE = int(os.environ.get("SHUYUN_OAI_PAGE_SIZE", "500"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
