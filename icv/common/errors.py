"""Domain errors: the HTTP layer turns each into a problem+json response, titled by its
status."""


class DomainError(Exception):
    """A request the rules refuse."""

    status = 400

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class ValidationFailed(DomainError):
    """Input that is well-formed but breaks rules of the scheme (422), field by field."""

    status = 422

    def __init__(self, errors: dict[str, list[str]]):
        detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        super().__init__(detail, errors)


class RuleViolation(ValidationFailed):
    """A single field that breaks a rule."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})
        self.field = field


class Conflict(DomainError):
    """The request clashes with the current state of a record (409)."""

    status = 409


class NotFound(DomainError):
    """No such record in the caller's scheme (404); never says whether it exists elsewhere."""

    status = 404

    def __init__(self, what: str = "record"):
        super().__init__(f"No such {what}.")


class Problems:
    """Collects rule violations so that one answer names every bad field."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


class Forbidden(DomainError):
    """The caller may see the record but not do this to it (403)."""

    status = 403
