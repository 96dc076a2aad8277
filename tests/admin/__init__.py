"""Schemes and backups."""
