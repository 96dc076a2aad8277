"""flask-smorest's Blueprint with the page size in the X-Pagination header, as the contract asks,
bodies read only as JSON, arguments (pagination's too) read by `ArgumentsParser`, and the
OpenAPI of the answers that carry our own validators (`Blueprint.conditional`)."""

from http import HTTPStatus

from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.pagination import PaginationMetadataSchema as SmorestPaginationMetadataSchema
from flask_smorest.utils import deepupdate
from marshmallow import fields

from api.framework.input_guard import ArgumentsParser


class PaginationMetadataSchema(SmorestPaginationMetadataSchema):
    """What the X-Pagination header holds, as JSON."""

    page_size = fields.Integer(metadata={"description": "Items per page."})


IF_NONE_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "The ETag of the copy you have: an empty 304 while it is current",
    "schema": {"type": "string"},
}
ETAG_HEADER = {
    "description": "The validator of this answer, for If-None-Match",
    "schema": {"type": "string"},
}
X_SYNC_HEADER = {
    "description": "With `updated_since`: what left your list since then (withdrawn, deleted,"
    " no longer yours), as JSON: `{as_of, removed: [ids], reset}`; `reset` true means sync"
    " again from the start",
    "schema": {"type": "string"},
}


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = PAGINATION_ARGUMENTS_PARSER = ArgumentsParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_conditional_doc)

    @staticmethod
    def conditional(*, sync: bool = False):
        """Documents a GET that carries our own validator (`api.framework.pagination` for lists,
        `api.framework.etags` for records): its ETag, `If-None-Match`, the empty 304, and with
        `sync` the X-Sync header of a list read `updated_since`. Place under `route`."""

        def decorator(func):
            func._apidoc = deepupdate(getattr(func, "_apidoc", {}), {"conditional": {"sync": sync}})
            return func

        return decorator

    @staticmethod
    def _prepare_conditional_doc(doc, doc_info, **kwargs):
        conditional = doc_info.get("conditional")
        if not conditional:
            return doc
        doc.setdefault("parameters", []).append(IF_NONE_MATCH_PARAMETER)
        headers = doc["responses"][200].setdefault("headers", {})
        headers["ETag"] = ETAG_HEADER
        if conditional["sync"]:
            headers["X-Sync"] = X_SYNC_HEADER
        doc["responses"][304] = HTTPStatus(304).name
        return doc

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        metadata = SmorestBlueprint._make_pagination_metadata(page, page_size, item_count)
        metadata["page_size"] = page_size
        return metadata
