"""Delta sync: what a phone needs to mirror its slice of a list with one small request."""
