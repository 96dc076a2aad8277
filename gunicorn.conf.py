"""gunicorn settings read by `gunicorn wsgi:app` from this folder (make run uses them too)."""

logger_class = "api.framework.logs.RedactingLogger"
