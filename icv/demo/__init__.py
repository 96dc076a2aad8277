"""The demo scheme, and a synthetic year of records that reproduces a scheme's published annual
figures.
"""
