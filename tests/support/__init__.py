"""Builders and helpers the tests share: records, request bodies, servers. No fixtures here."""
