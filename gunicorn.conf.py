"""Gunicorn's settings, the one copy: the Docker image's web service and
`make bench` (bench/run.py) both start ``gunicorn -c gunicorn.conf.py``.

Each value can be changed with the environment variable beside it; the
defaults are what the benchmark measured (README, "Benchmark"): 4 processes of
4 threads each. tests/portal/test_gunicorn.py starts gunicorn with this file.
"""

import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threads share a process's memory and its database connections; the pages
# spend much of their time waiting on PostgreSQL and Redis.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request still running after this many seconds is abandoned and its process
# replaced; uploads of a 60 MB police.uk file fit well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than the proxy keeps idle connections to us, so gunicorn never closes
# one the proxy is about to reuse.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# No access log: request lines hold client addresses and the secret calendar
# and unsubscribe links (keep one at the proxy, under its own retention).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Worker heartbeats on tmpfs where there is one (Docker's /dev/shm).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files only
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
