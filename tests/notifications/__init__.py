"""The outbox and its delivery."""
