"""Coverage, targets, the planner, plans, open slots and claims."""
