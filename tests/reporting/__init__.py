"""Annual statistics and the report."""
