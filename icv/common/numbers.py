"""How figures are rounded for people to read."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage to one decimal place, halves rounded up (as published
    reports round: 97.05 -> 97.1); None when there is nothing to take a share of."""
    if not whole:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
