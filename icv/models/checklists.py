"""The scheme's checklists: what visitors check about the suite, each detainee seen, and the
dog unit. Defaults are defined here; a scheme's own items, relabellings and retirements are
rows of `checklist_item`. A retired item keeps its meaning on the visits that used it."""

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from icv.common.database import db
from icv.models.core import _enum

CHECKLIST_KINDS = ("suite", "detainee", "dog")
CHECKLIST_OF_SITE_KIND = {"custody_suite": "suite", "dog_unit": "dog"}

DEFAULT_CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "suite": (
        ("cells_clean", "Cells clean"),
        ("cells_in_good_repair", "Cells in good repair"),
        ("food_in_date", "Food in date"),
        ("cctv_working", "CCTV working"),
        ("kitchen_clean", "Kitchen clean"),
        ("medical_room_clean", "Medical room clean"),
        ("showers_clean", "Showers clean"),
        ("reading_material_available", "Reading material available"),
        ("exercise_yard", "Exercise yard usable"),
        ("call_bells_working", "Call bells working"),
        ("cell_temperature", "Cell temperature comfortable"),
        ("blankets_and_mattresses", "Blankets and mattresses clean and available"),
        ("hygiene_packs_stocked", "Hygiene packs stocked"),
        ("spare_clothing", "Spare clothing available"),
        ("rights_leaflets_in_languages", "Rights leaflets in other languages"),
        ("healthcare_professional_on_site", "Healthcare professional on site"),
        ("staffing_adequate", "Staffing adequate"),
    ),
    "detainee": (
        ("rights_and_entitlements_given", "Told of their rights and entitlements"),
        ("legal_advice_offered", "Offered free legal advice"),
        ("someone_informed", "Someone told of their arrest, if they wished"),
        ("food_and_drink_offered", "Offered food and drink"),
        ("health_needs_met", "Health needs met"),
        ("medication_available", "Medication available"),
        ("healthcare_professional_seen", "Seen by a healthcare professional, if needed"),
        ("interpreter_provided", "Interpreter provided, if needed"),
        ("custody_record_checked", "Custody record checked (with their consent)"),
        ("female_officer_offered", "Offered to speak to a female officer"),
        ("menstrual_products_offered", "Offered menstrual products"),
        ("cell_clean", "Cell clean"),
        ("bedding_adequate", "Bedding adequate"),
    ),
    # The dog unit: how the dogs are housed (force kennels, home kennels), transported, fed,
    # exercised and trained, and their records.
    "dog": (
        ("water_available", "Fresh water available"),
        ("exercise_and_time_out_of_kennel", "Exercise and time out of the kennel"),
        ("kennel_clean_and_dry", "Kennel clean and dry"),
        ("bedding", "Bedding clean and adequate"),
        ("kennel_temperature", "Kennel temperature comfortable"),
        ("vehicle_temperature_and_heat_alarm", "Vehicle temperature and heat alarm working"),
        ("vet_and_vaccination_records", "Veterinary and vaccination records up to date"),
        ("medication_records", "Medication records kept"),
        ("food_in_date_and_stored", "Food in date and properly stored"),
        ("training_observed", "Training observed"),
        ("training_methods_and_equipment", "Training methods and equipment appropriate"),
    ),
}

# A concern on one of these dog-unit checks is an urgent concern: a dog without water or too hot
# (or cold) in a kennel or vehicle cannot wait. It notifies the unit's inspectors and the managers
# at once, and is answered like an urgent issue (`icv.visits.dog_welfare`).
URGENT_DOG_CHECKS = ("water_available", "kennel_temperature", "vehicle_temperature_and_heat_alarm")


class ChecklistItem(db.Model):
    """A scheme's own checklist item, or its change to a default one (a new label, retired)."""

    __tablename__ = "checklist_item"
    __table_args__ = (
        UniqueConstraint("scheme_id", "kind", "key", name="uq_checklist_item_scheme_id_kind_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    kind: Mapped[str] = mapped_column(_enum(CHECKLIST_KINDS, "checklist_kind"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
