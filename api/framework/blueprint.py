"""flask-smorest's Blueprint with the page size in the X-Pagination header, as the contract asks,
bodies read only as JSON, and arguments (pagination's too) read by `ArgumentsParser`."""

from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.pagination import PaginationMetadataSchema as SmorestPaginationMetadataSchema
from marshmallow import fields

from api.framework.input_guard import ArgumentsParser


class PaginationMetadataSchema(SmorestPaginationMetadataSchema):
    """What the X-Pagination header holds, as JSON."""

    page_size = fields.Integer(metadata={"description": "Items per page."})


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = PAGINATION_ARGUMENTS_PARSER = ArgumentsParser()

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        metadata = SmorestBlueprint._make_pagination_metadata(page, page_size, item_count)
        metadata["page_size"] = page_size
        return metadata
