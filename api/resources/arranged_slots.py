"""What plan items and claims share: a slot of a site's grid in a week, and its dates."""

from marshmallow import Schema, fields

from icv.scheduling import site_year
from icv.sites.grids import grid_for


class ArrangedSlotSchema(Schema):
    """A slot arranged for a week: its site, its labels on the site's grid, the dates it falls
    on. Dumps a `PlanItem` or a `Claim`."""

    site_id = fields.Integer()
    site_name = fields.String(attribute="site.name")
    week_start = fields.Date()
    day = fields.Method("day_label")
    band = fields.Method("band_label")
    dates = fields.Method("slot_dates", metadata={"description": "the dates the slot falls on"})

    def day_label(self, arranged) -> str:
        return grid_for(arranged.site.kind).day_labels[arranged.slot_day]

    def band_label(self, arranged) -> str:
        return grid_for(arranged.site.kind).band_labels[arranged.slot_band]

    def slot_dates(self, arranged) -> list[str]:
        return [day.isoformat() for day in site_year.item_dates(arranged)]
