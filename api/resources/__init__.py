"""One blueprint per resource, with its schemas: parse, authorise, call one domain function,
format.
"""
