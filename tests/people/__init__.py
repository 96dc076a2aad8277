"""People, accounts, the volunteer lifecycle, activities and hours."""
