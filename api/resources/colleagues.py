"""The scheme's visitors, by name, for choosing a partner (the field app's visit form and
claims). Managers see every record at /people; a visitor sees only this much of the others."""

from marshmallow import Schema, fields

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from icv.people.colleagues import colleagues_of

blp = Blueprint("colleagues", __name__, url_prefix="/api/v1", description="Visitors to go with")


class ColleagueSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    may_visit_dog_unit = fields.Boolean(
        metadata={"description": "on the animal welfare scheme, after probation"}
    )


COLLEAGUES_EXAMPLE = [
    {"id": 12, "name": "Priya Shah", "may_visit_dog_unit": True},
    {"id": 19, "name": "Tom Evans", "may_visit_dog_unit": False},
]


@blp.route("/colleagues", methods=["GET"])
@allow("visitor", "manager")
@blp.response(200, ColleagueSchema(many=True), example=COLLEAGUES_EXAMPLE)
def list_colleagues():
    """List the visitors who may go on a visit.

    Active visitors and those in probation, by name: whom you may name as your partner.
    """
    return colleagues_of(current_person())
