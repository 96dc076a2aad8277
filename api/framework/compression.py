"""Compressed answers for slow phones: Brotli or gzip, as the client accepts, by Flask-Compress.

What is compressed: JSON (problem+json too), HTML, CSS, JavaScript, SVG and the web app's
manifest, from COMPRESS_MIN_SIZE bytes up (below that the coding's own overhead outweighs what it
saves). What never is:

- streamed answers (`COMPRESS_STREAMS` off: a stream is sent as it is made, not held back),
  304s and other non-2xx answers, and anything already carrying a Content-Encoding. Files the
  app serves (Swagger UI's, the field app's) are read whole and compressed when whole (200);
  a range of one (206) is sent as it is;
- answers that carry a secret (sign-in and refresh tokens, a new calendar address, a second
  factor's secret) and the calendar feed, whose URL is itself the secret: compressing a secret
  next to text an attacker can influence lets them guess it byte by byte from the answer's
  length (BREACH). Their sizes say nothing; the feed is also kept out of the access log
  (`api.framework.logs`).

A strong ETag of a compressed answer gets the coding appended (`"visit-...-v3:br"`), as
Flask-Compress does; `api.framework.etags` reads such a tag as the record's own.
"""

from flask import Flask, Response, request
from flask_compress import Compress
from werkzeug.wsgi import FileWrapper

COMPRESSED_MIMETYPES = [
    "application/json",
    "application/problem+json",
    "application/manifest+json",
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
]
# Answers whose bodies hold a secret, or whose address is one.
NEVER_COMPRESSED_PATHS = ("/api/v1/auth/",)
NEVER_COMPRESSED_ENDPOINTS = frozenset(
    {
        "calendar.new_calendar_token",
        "calendar.calendar_feed_of",
        "second_factor.enrol",
        "second_factor.confirm",
    }
)
SETTINGS = {
    "COMPRESS_REGISTER": False,
    "COMPRESS_MIMETYPES": COMPRESSED_MIMETYPES,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_STREAMS": False,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_BR_LEVEL": 5,
}

compress = Compress()


def compress_answers(app: Flask) -> None:
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    compress.init_app(app)

    @app.after_request
    def compressed(response):
        if request.endpoint in NEVER_COMPRESSED_ENDPOINTS or request.path.startswith(
            NEVER_COMPRESSED_PATHS
        ):
            return response
        if response.is_streamed and _whole_file(response):
            response.direct_passthrough = False
            response.make_sequence()
        return compress.after_request(response)


def _whole_file(response: Response) -> bool:
    return (
        isinstance(response.response, FileWrapper)
        and response.status_code == 200
        and response.mimetype in COMPRESSED_MIMETYPES
    )
