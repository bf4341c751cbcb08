"""WSGI entry point (gunicorn vig_service.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vig_service.settings")

application = get_wsgi_application()

# Import every URL and view now, not on the first request: gunicorn's master loads this module
# once and its workers fork with it all loaded (gunicorn.conf.py, preload_app).
get_resolver().url_patterns  # noqa: B018
