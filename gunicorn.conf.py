"""gunicorn settings read by `gunicorn wsgi:app` from this folder (`make run` uses them too).

How gunicorn serves depends on where the rate limits are counted (`RATELIMIT_STORAGE_URI`):

- In memory (`memory://`, the default: nothing to set up). Each process keeps counts of its own,
  so N worker processes would allow N times every limit (two workers took 9 wrong passwords
  where 5 are allowed). One process serves, with THREADS_IN_ONE_PROCESS threads: its count is
  the only one, and it holds for every limit, not only sign-in. The threads still answer
  requests side by side, since what takes time (argon2, the database) releases the GIL.
- Elsewhere (Redis in production). All processes share the one count, so several synchronous
  worker processes serve: `WEB_CONCURRENCY` of them (gunicorn's own setting), else
  WORKERS_WITH_SHARED_LIMITS.

A storage on disk that processes could share was the other way: `limits`, Flask-Limiter's
storage layer, offers memory, Redis, Memcached and MongoDB only, and a storage written here would
have to get the atomic increments attempts.py depends on right by hand.

`--workers`, `--threads` and GUNICORN_CMD_ARGS still override these settings. Several worker
processes over memory limits (asked for that way) are warned about in development; in production
(`ICV_ENV=production`) gunicorn refuses to start, as the app does on default secrets: the
sign-in limit is a security promise that would silently be multiplied by the number of workers,
and a warning in a log is easily missed. One process over memory limits is allowed in
production (a small deployment on one machine).
"""

import os

from api.config import rate_limits_counted_per_process

THREADS_IN_ONE_PROCESS = 8
WORKERS_WITH_SHARED_LIMITS = 2

logger_class = "api.framework.logs.RedactingLogger"

if rate_limits_counted_per_process(os.environ):
    workers = 1
    worker_class = "gthread"
    threads = THREADS_IN_ONE_PROCESS
else:
    workers = int(os.environ.get("WEB_CONCURRENCY", WORKERS_WITH_SHARED_LIMITS))


def on_starting(server) -> None:
    """Says how the limits are counted, and stops production from counting them apart."""
    config = server.cfg
    if not rate_limits_counted_per_process(os.environ):
        server.log.info("Rate limits shared by %d worker processes", config.workers)
        return
    if config.workers == 1:
        server.log.info(
            "Rate limits counted in memory by one process with %d threads", config.threads
        )
        if os.environ.get("WEB_CONCURRENCY"):
            server.log.warning(
                "WEB_CONCURRENCY is not used while the rate limits are counted in memory: "
                "set RATELIMIT_STORAGE_URI to a shared storage (redis://host:6379) to serve "
                "from several processes"
            )
        return
    problem = (
        f"{config.workers} worker processes would each count the rate limits in their own "
        "memory (RATELIMIT_STORAGE_URI=memory://), allowing each limit that many times over. "
        "Set RATELIMIT_STORAGE_URI to a shared storage (redis://host:6379) or serve from one "
        "worker process."
    )
    if os.environ.get("ICV_ENV") == "production":
        raise RuntimeError(problem)
    server.log.warning(problem)
