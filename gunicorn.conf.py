"""gunicorn settings for the app servers (docs/deployment.md); environment variables override."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests mostly wait on PostgreSQL: a few threads per process use the CPU well.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so slow leaks never build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the app (Django, every URL and view) once in the master and fork workers from it: a
# worker recycled at max_requests then starts at once instead of importing it all again,
# which took about a tenth of the app's CPU under `make load` (docs/deployment.md, Capacity).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in ("0", "false", "no")
# The load balancer terminates TLS and sets X-Forwarded-Proto (see BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "vig_service.wsgi:application"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Method, path, status, bytes and time only: no query strings, referrers or user agents.
access_log_format = (
    '{"remote": "%(h)s", "request": "%(m)s %(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
)
# The path of a set-password or reset link holds its token: the access log scrubs it.
logger_class = "vig_service.operations.gunicorn_logging.ScrubbingLogger"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def pre_fork(server, worker):
    """Fork no database connection (a worker must never share the master's socket), and
    freeze what the master loaded so that workers' garbage collections leave it be."""
    from django.conf import settings

    if not settings.configured:  # GUNICORN_PRELOAD=false: the master never loaded the app
        return
    from django.db import connections

    connections.close_all()
    gc.freeze()
