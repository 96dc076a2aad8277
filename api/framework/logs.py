"""gunicorn's access log without secrets: a calendar feed's token is its password."""

import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/calendar/)[^/?\s]+")


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[redacted]", text)


class RedactingLogger(Logger):
    """The access log's request line and path with calendar tokens blanked out."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
