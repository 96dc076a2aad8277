"""Issues raised at visits: their categories and the status they start in."""

DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("food_and_drink", "Food and drink"),
    ("cell_and_contents", "The cell and its contents"),
    ("healthcare", "Healthcare and medication"),
    ("legal_rights", "Legal rights and PACE"),
    ("hygiene", "Hygiene and washing"),
    ("clothing_and_bedding", "Clothing and bedding"),
    ("exercise", "Exercise and fresh air"),
    ("reading_and_religious", "Reading and religious material"),
    ("contact_and_calls", "Contact and phone calls"),
    ("custody_record", "Custody record"),
    ("staff_conduct", "Staff conduct"),
    ("appropriate_adult", "Appropriate adults"),
    ("other", "Other"),
)


DEFAULT_CATEGORY_KEYS = frozenset(key for key, _ in DEFAULT_CATEGORIES)


def initial_status(resolved_during_visit: bool) -> str:
    return "resolved_during_visit" if resolved_during_visit else "open"
