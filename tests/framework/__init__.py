"""The HTTP framework: errors, authentication, authorization, input guards, the real server."""
