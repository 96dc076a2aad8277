"""Sites and what they are counted in: open/closed history, coverage grids of days and time bands,
and target periods.
"""
