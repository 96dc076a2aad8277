"""Sites and their history."""
