"""gunicorn settings for the app servers (docs/deployment.md); environment variables override."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core and one more, of a few threads each: the app's work is Python on the
# CPU, so more processes only contend for the cores (`make load` on 2 cores, 150 users: 3
# workers gave p95 280 ms at 16.8 ms of CPU a request, 5 gave 510 ms at 19.5 ms; see
# docs/deployment.md, Capacity).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so slow leaks never build up: rarely, since a worker's memory
# levels off (about 100 to 115 MB under `make load`), and each recycling may close a kept-alive
# connection just as a client sends on it (a POST lost so in one load run of 28,000 requests).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
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
