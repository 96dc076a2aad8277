"""Framework glue shared by every resource: problem+json errors, authorization, the input guard,
OpenAPI, ETags, pagination, security headers, sign-in attempt limits.
"""
