"""ETags from each record's version column, so concurrent edits cannot both win.

flask-smorest's own ETags hash the response body and leave the check to the view; a version
column makes the check exact and lets the UPDATE itself refuse a stale write.
"""

from flask import Response, request
from werkzeug.exceptions import PreconditionFailed, PreconditionRequired

CONTENT_CODINGS = ("br", "gzip", "zstd", "deflate")


def etag_of(record) -> str:
    return f'"{record.__tablename__}-{record.id}-v{record.version}"'


def check_if_match(record, *, required: bool = False) -> None:
    """412 when If-Match names another version; 428 when it is required and missing."""
    header = request.headers.get("If-Match")
    if not header:
        if required:
            raise PreconditionRequired("Send If-Match with the ETag of the version you edited.")
        return
    candidates = _tags(header)
    if "*" not in candidates and etag_of(record) not in candidates:
        raise PreconditionFailed("The record was changed by someone else: fetch it again.")


def _tags(header: str) -> set[str]:
    """The entity tags of an If-Match/If-None-Match header; a weak `W/` prefix compares equal,
    and so does the content coding a compressed answer's tag carries (`"...:br"`, see
    `api.framework.compression`): it is the same version of the record."""
    return {_without_coding(tag.strip().removeprefix("W/")) for tag in header.split(",")}


def _without_coding(tag: str) -> str:
    for coding in CONTENT_CODINGS:
        if tag.endswith(f':{coding}"'):
            return tag[: -len(coding) - 2] + '"'
    return tag


def not_modified_response(record) -> Response | None:
    """A 304 when the client's cached copy (If-None-Match) is current: saves a slow phone a body."""
    header = request.headers.get("If-None-Match")
    if header and ({"*", etag_of(record)} & _tags(header)):
        return Response(status=304, headers={"ETag": etag_of(record)})
    return None


def with_etag(record, body, status: int = 200, headers: dict | None = None):
    return body, status, {"ETag": etag_of(record), **(headers or {})}
