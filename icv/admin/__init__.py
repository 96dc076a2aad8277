"""Administration across schemes: creating schemes (the tenants), and exporting and restoring one
scheme's records.
"""
