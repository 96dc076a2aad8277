"""What every capability shares: the database handle, domain errors, dates in a scheme's time, SQL
written once for both databases, the audit trail, passwords, rounding.
"""
