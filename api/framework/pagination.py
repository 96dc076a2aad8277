"""The small pager for SQLAlchemy 2 `select()` that flask-smorest's `paginate()` leaves to us.

Views decorated with `@blp.paginate(**PAGE_SIZES)` pass their query here; flask-smorest then
writes the X-Pagination header from the item count set on the parameters.
"""

from sqlalchemy import Select, func, select

from icv.common.database import db

PAGE_SIZES = {"page_size": 20, "max_page_size": 100}


def page_of(query: Select, pagination_parameters) -> list:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pagination_parameters.item_count = total
    return list(
        db.session.scalars(
            query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
        )
    )


def page_of_list(items: list, pagination_parameters) -> list:
    """A page of a list computed in full (a short one, such as a year's milestones)."""
    pagination_parameters.item_count = len(items)
    first = pagination_parameters.first_item
    return items[first : first + pagination_parameters.page_size]
