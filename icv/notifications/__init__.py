"""Notifications: the outbox written with each change, and its delivery in-app and by SMTP."""
