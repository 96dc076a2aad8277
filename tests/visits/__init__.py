"""Recording visits and the issues raised at them."""
