"""A second factor: a TOTP authenticator app (RFC 6238, `pyotp`) and ten recovery codes.

Enrolling draws a secret (shown once, as an otpauth:// URI, its QR code and the secret itself);
a first code from the app puts it in force and gives ten recovery codes, shown once and kept
hashed. From then on signing in needs a code: the app's current one, once (a code already used
is refused within its 30 seconds), or a recovery code, once.

Secrets at rest are encrypted (Fernet, AES-128-CBC with HMAC-SHA256, from `cryptography`) with
a key derived by HKDF from the deployment's SECRET_KEY: a copy of the database alone does not
give the codes. Changing SECRET_KEY therefore turns every enrolled factor unreadable: those
people then sign in with a recovery code, or a manager removes their factor.
"""

import base64
import hashlib
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyotp import utils as otp_utils
from sqlalchemy import delete, select, update

from icv.common import audit
from icv.common.database import db
from icv.common.errors import Conflict, RuleViolation
from icv.models import Person, RecoveryCode, SecondFactor, utcnow
from icv.notifications import outbox

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_BYTES = 10  # 80 bits: 16 base32 characters, shown in groups of four
STEPS_OF_DRIFT = 1  # a code of the time step before or after the current one is accepted
ROLES_IT_MAY_BE_REQUIRED_OF = ("manager", "admin")

_fernet: Fernet | None = None


def configure(secret_key: str) -> None:
    global _fernet
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"icv second factor secrets"
    ).derive(secret_key.encode())
    _fernet = Fernet(base64.urlsafe_b64encode(key))


def _encrypt(secret: str) -> str:
    return _fernet.encrypt(secret.encode()).decode()


def _decrypt(stored: str) -> str | None:
    try:
        return _fernet.decrypt(stored.encode()).decode()
    except InvalidToken:
        return None


def _factor(person: Person, *, for_update: bool = False) -> SecondFactor | None:
    query = select(SecondFactor).where(SecondFactor.person_id == person.id)
    return db.session.scalar(query.with_for_update() if for_update else query)


def is_enrolled(person: Person) -> bool:
    return (
        db.session.scalar(
            select(SecondFactor.person_id).where(
                SecondFactor.person_id == person.id, SecondFactor.confirmed_at.is_not(None)
            )
        )
        is not None
    )


def is_required(person: Person) -> bool:
    """Whether the person's scheme requires a second factor of someone in their role."""
    return (
        person.scheme is not None
        and person.scheme.managers_need_second_factor
        and person.has_role(*ROLES_IT_MAY_BE_REQUIRED_OF)
    )


def status(person: Person) -> dict:
    left = db.session.scalar(
        select(db.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.person_id == person.id, RecoveryCode.used_at.is_(None))
    )
    enrolled = is_enrolled(person)
    return {
        "enrolled": enrolled,
        "required": is_required(person),
        "recovery_codes_left": left if enrolled else 0,
    }


def enrol(person: Person) -> dict:
    """A new secret, not in force until confirmed; replaces one not yet confirmed."""
    factor = _factor(person, for_update=True)
    if factor is not None and factor.confirmed_at is not None:
        raise Conflict(
            "You already use an authenticator app: remove it (DELETE /me/second-factor) "
            "before setting up another."
        )
    secret = pyotp.random_base32()
    if factor is None:
        factor = SecondFactor(person_id=person.id)
        db.session.add(factor)
    factor.secret_encrypted, factor.created_at, factor.last_step = _encrypt(secret), utcnow(), None
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=person.email, issuer_name=f"{person.scheme.name} ICV"
    )
    audit.record(person.scheme_id, person, "person", person.id, "second_factor_enrol", {})
    db.session.commit()
    return {
        "secret": secret,
        "otpauth_uri": uri,
        "qr_svg": segno.make(uri, error="m").svg_data_uri(scale=4),
    }


def _accepts_totp(factor: SecondFactor, code: str) -> bool:
    """True, once, for a current code: the step it belongs to must be later than the last one
    used (so a code is good once, and an older one never after a newer)."""
    secret = _decrypt(factor.secret_encrypted)
    if secret is None:
        return False
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time.time())
    for step in range(now_step - STEPS_OF_DRIFT, now_step + STEPS_OF_DRIFT + 1):
        if otp_utils.strings_equal(code, totp.generate_otp(step)):
            if factor.last_step is not None and step <= factor.last_step:
                return False
            factor.last_step = step
            return True
    return False


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _new_recovery_codes(person: Person) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
        code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        db.session.add(RecoveryCode(person_id=person.id, code_hash=_hash_recovery_code(code)))
        codes.append(code)
    return codes


def confirm(person: Person, code: str) -> list[str]:
    """Puts the new secret in force with a first code from the app; returns the recovery
    codes, which are never shown again."""
    factor = _factor(person, for_update=True)
    if factor is None or factor.confirmed_at is not None:
        raise Conflict(
            "There is no authenticator app being set up: start with POST /me/second-factor."
        )
    if not _accepts_totp(factor, _normalised(code)):
        raise RuleViolation("code", "The code is not right: type the one your app shows now.")
    factor.confirmed_at = utcnow()
    codes = _new_recovery_codes(person)
    audit.record(person.scheme_id, person, "person", person.id, "second_factor_confirm", {})
    db.session.commit()
    return codes


def replace_recovery_codes(person: Person) -> list[str]:
    """Ten new recovery codes for a person whose app is in force (all used, lost, or seen by
    someone else); the old ones stop working. Shown this once, as at set-up."""
    factor = _factor(person, for_update=True)
    if factor is None or factor.confirmed_at is None:
        raise Conflict(
            "You have no authenticator app in force: recovery codes come with setting one up "
            "(POST /me/second-factor)."
        )
    codes = _new_recovery_codes(person)
    audit.record(person.scheme_id, person, "person", person.id, "recovery_codes_replace", {})
    db.session.commit()
    return codes


def verify(person: Person, code: str) -> bool:
    """Whether `code` (the app's current code, or an unused recovery code) proves the person's
    second factor; uses it up. Commits."""
    factor = _factor(person, for_update=True)
    if factor is None or factor.confirmed_at is None:
        db.session.rollback()
        return False
    code = _normalised(code)
    if code.isdigit():
        accepted = _accepts_totp(factor, code)
    else:
        used = db.session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.person_id == person.id,
                RecoveryCode.code_hash == _hash_recovery_code(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        accepted = used.rowcount == 1
        if accepted:
            audit.record(person.scheme_id, person, "person", person.id, "recovery_code_used", {})
    db.session.commit()
    return accepted


def remove(person: Person, actor: Person) -> None:
    """Removes the person's second factor and recovery codes: by themselves, or by a manager
    for someone who lost their phone (who is then told by email)."""
    factor = _factor(person, for_update=True)
    if factor is None:
        raise Conflict("There is no second factor to remove.")
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    db.session.delete(factor)
    if actor.id != person.id:
        outbox.account_email(person, "second_factor_reset")
    audit.record(person.scheme_id, actor, "person", person.id, "second_factor_remove", {})
    db.session.commit()
