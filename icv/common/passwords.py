"""Password hashing with argon2. The cost is set once at start-up (cheap only in tests)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures take the same time.
_decoy_hash = _hasher.hash("decoy password that matches nothing")


def configure(time_cost: int, memory_cost: int, parallelism: int) -> None:
    global _hasher, _decoy_hash
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _decoy_hash = _hasher.hash("decoy password that matches nothing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash, spends the same time and says False."""
    try:
        return _hasher.verify(password_hash or _decoy_hash, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
