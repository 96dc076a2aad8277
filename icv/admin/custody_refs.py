"""A scheme's custody reference pattern: the shape of the references its force gives detainees.

Visitors identify a detainee by custody reference only; a scheme whose force numbers custody
records one way (e.g. `^[A-Z]{2}-\\d{6}$`) can set that shape, so that a name or a typo is
refused as the visit is recorded. The pattern is a regular expression a reference must match
whole (`fullmatch`), run by the `regex` package, whose `timeout` bounds every match: a pattern
that backtracks catastrophically on some input is refused when it is set, and any match that
still runs too long refuses the reference instead of holding the request.
"""

import string

import regex

MAX_LENGTH = 200
# A reference is at most 40 characters (the visit schemas' REF): probes a little longer.
PROBE_LENGTH = 48
PROBE_TIMEOUT_SECONDS = 0.05
MATCH_TIMEOUT_SECONDS = 0.1
# Characters a reference is likely made of, besides those the pattern names itself.
TYPICAL_CHARACTERS = "aZ09/-._ "


def _probes(pattern: str) -> list[str]:
    """Inputs that make a backtracking pattern explode: long runs of the characters the pattern
    mentions (and of pairs of them), each spoiled at the end so that the match must fail, also
    just after a character the pattern requires (so that a literal it looks for is there)."""
    mentioned = {c for c in pattern if c in string.printable and c not in "\\()[]{}|?*+^$"}
    characters = sorted(mentioned | set(TYPICAL_CHARACTERS))
    spoilers = ["", "!", "\n"] + [c + "!" for c in characters]
    probes = [c * PROBE_LENGTH + end for c in characters for end in spoilers]
    pairs = [(a + b) * (PROBE_LENGTH // 2) for a in characters[:12] for b in characters[:12]]
    return probes + [run + end for run in pairs for end in ("", "!")]


def why_unfit(pattern: str) -> str | None:
    """Why `pattern` cannot be a scheme's custody reference pattern, or None when it can."""
    if len(pattern) > MAX_LENGTH:
        return f"At most {MAX_LENGTH} characters."
    try:
        compiled = regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError) as error:
        return f"Not a regular expression: {error}."
    try:
        for probe in _probes(pattern):
            compiled.fullmatch(probe, timeout=PROBE_TIMEOUT_SECONDS)
    except TimeoutError:
        return (
            "This pattern takes too long to check some references (it backtracks without "
            "end, as nested repeats like (a|aa)+ do): write it more simply."
        )
    return None


def why_ref_refused(pattern: str | None, ref: str) -> str | None:
    """Why a detainee's `ref` does not fit the scheme's pattern, or None when it does (or the
    scheme has none)."""
    if not pattern:
        return None
    try:
        matched = regex.fullmatch(pattern, ref.strip(), timeout=MATCH_TIMEOUT_SECONDS)
    except TimeoutError:
        return "The reference could not be checked against the scheme's pattern in time."
    if matched is None:
        return f"Not a custody reference of this scheme: it must match {pattern}."
    return None


def check_detainee_refs(detainees: list[dict], pattern: str | None, problems) -> None:
    """Each detainee's reference against the scheme's pattern, named by its path."""
    if not pattern:
        return
    for index, entry in enumerate(detainees):
        reason = why_ref_refused(pattern, entry["ref"])
        if reason:
            problems.add(f"detainees.{index}.ref", reason)
