"""People of a scheme: their records and roles, signing in, the volunteer lifecycle and cohort, and
the time they give.
"""
