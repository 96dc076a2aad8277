"""Sites: custody suites and dog units. Managers write; everyone in the scheme reads.

Inspectors read only the sites they answer for; another site is a 404 to them.
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import OneOf, Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.etags import check_if_match, not_modified_response, with_etag
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from api.framework.schemas import calendar_date, text
from icv import visibility
from icv.models import SITE_KINDS, SITE_STATUSES
from icv.sites import sites
from icv.sites.grids import grid_for

blp = Blueprint("sites", __name__, url_prefix="/api/v1", description="Custody suites and dog units")

READERS = ("manager", "visitor", "inspector", "viewer")


class StatusChangeSchema(Schema):
    status = fields.String()
    since = fields.Date(attribute="effective_on")


class GridSchema(Schema):
    days = fields.List(fields.String())
    bands = fields.List(fields.String())


class SiteSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    cells = fields.Integer(dump_only=True, allow_none=True)
    status = fields.String(dump_only=True)
    status_history = fields.List(fields.Nested(StatusChangeSchema), dump_only=True)
    grid = fields.Method("site_grid", dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    version = fields.Integer(dump_only=True)

    def site_grid(self, site) -> dict:
        return grid_for(site.kind).as_dict()


class SiteCreateSchema(Schema):
    name = text(200, required=True)
    kind = fields.String(required=True, validate=OneOf(SITE_KINDS))
    cells = fields.Integer(strict=True, allow_none=True, validate=Range(min=1, max=1000))
    status = fields.String(load_default="open", validate=OneOf(SITE_STATUSES))
    status_on = calendar_date(metadata={"description": "local date the status took effect"})


class SitePatchSchema(Schema):
    name = text(200)
    cells = fields.Integer(strict=True, allow_none=True, validate=Range(min=1, max=1000))
    status = fields.String(validate=OneOf(SITE_STATUSES))
    status_on = calendar_date(metadata={"description": "local date the new status took effect"})


class SitesQuerySchema(SyncQuerySchema):
    kind = fields.String(validate=OneOf(SITE_KINDS))
    status = fields.String(validate=OneOf(SITE_STATUSES))


# Examples for the OpenAPI document.
SITE_EXAMPLE = {
    "id": 2,
    "name": "Riverside Custody Suite",
    "kind": "custody_suite",
    "cells": 22,
    "status": "open",
    "status_history": [
        {"status": "open", "since": "2019-04-01"},
        {"status": "closed", "since": "2023-10-09"},
        {"status": "open", "since": "2024-01-08"},
    ],
    "grid": {
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "bands": ["00:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"],
    },
    "created_at": "2019-03-18T14:30:00+00:00",
    "updated_at": "2024-01-08T08:45:12+00:00",
    "version": 4,
}
NEW_SITE_EXAMPLE = {
    "name": "Riverside Custody Suite",
    "kind": "custody_suite",
    "cells": 22,
    "status": "open",
    "status_on": "2024-04-01",
}
SITE_CHANGE_EXAMPLE = {"status": "closed", "status_on": "2024-10-07"}


@blp.route("/sites", methods=["GET"])
@blp.conditional(sync=True)
@allow(*READERS)
@blp.arguments(SitesQuerySchema, location="query")
@blp.response(200, SiteSchema(many=True), example=[SITE_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_sites(filters, pagination_parameters):
    """List the scheme's custody suites and dog units.

    Filter by `kind` and `status`. An inspector lists only the sites they answer for.
    """
    caller = current_person()
    since = filters.pop("updated_since", None)
    query = sites.sites_query(caller, **filters)
    return page_of(query, pagination_parameters, updated_since=since)


@blp.route("/sites", methods=["POST"])
@allow("manager")
@blp.arguments(SiteCreateSchema, example=NEW_SITE_EXAMPLE)
@blp.response(201, SiteSchema)
def create_site(data):
    """Add a custody suite or dog unit.

    In its `status` (default open) from `status_on` (default today); the answer includes the
    site's timeslot `grid`.
    """
    manager = current_person()
    site = sites.create_site(manager.scheme, manager, data)
    return with_etag(site, site, 201, {"Location": url_for("sites.get_site", site_id=site.id)})


@blp.route("/sites/<int:site_id>", methods=["GET"])
@blp.conditional()
@allow(*READERS)
@blp.response(200, SiteSchema, example=SITE_EXAMPLE)
def get_site(site_id: int):
    """Read a site, with its status history and timeslot grid."""
    site = visibility.site_for(current_person(), site_id)
    return not_modified_response(site) or with_etag(site, site)


@blp.route("/sites/<int:site_id>", methods=["PATCH"])
@allow("manager")
@blp.arguments(SitePatchSchema, example=SITE_CHANGE_EXAMPLE)
@blp.response(200, SiteSchema)
def update_site(changes, site_id: int):
    """Change a site, or open or close it.

    Rename, change cells, or open/close a site from a date (`status_on`, default today).
    """
    manager = current_person()
    site = visibility.site_for(manager, site_id)
    check_if_match(site)
    site = sites.update_site(site, manager, changes)
    return with_etag(site, site)
