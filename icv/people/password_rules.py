"""What a new password must be: long enough, not the person's email, not a common password.

The common passwords are the 30,000 most frequent of leaked password lists, as shipped offline
by the `zxcvbn` package (its `passwords` frequency list); no password leaves the server.
"""

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from icv.common.errors import Problems
from icv.common.passwords import MAX_LENGTH, MIN_LENGTH

COMMON_PASSWORDS = frozenset(
    word for word in FREQUENCY_LISTS["passwords"] if MIN_LENGTH <= len(word) <= MAX_LENGTH
)


def check_new_password(
    password: str, email: str, problems: Problems, field: str = "password"
) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        problems.add(field, f"Must be between {MIN_LENGTH} and {MAX_LENGTH} characters long.")
        return
    folded = password.strip().lower()
    local_part = email.lower().partition("@")[0]
    if email.lower() in folded or (len(local_part) >= 4 and local_part in folded):
        problems.add(field, "Must not contain your email address.")
    if folded in COMMON_PASSWORDS:
        problems.add(field, "This is one of the most common passwords: choose another.")
