"""Visits: recording one (its rules and what follows from its times), access delay, and the issues
raised at visits.
"""
