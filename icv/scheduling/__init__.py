"""Which slots still need a visit and who goes: coverage, targets, the planner, plans, open slots
and claims.
"""
