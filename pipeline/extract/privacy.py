"""Outputs safe to share: PERSON names redacted (`[PERSON]`) or replaced by keyed pseudonyms.

Applied once, to each record as it is built, so every output made from records (the memo files,
tables, graph files, the store, the page) holds only the replaced text. A pseudonym is an HMAC-SHA256
of the person's folded name under the user's key: the same person gets the same token in every memo
and run with one key, and another token under another key. The key itself is never written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import ExtractError

KEY_ENV = "MEMOKG_PSEUDONYM_KEY"
REDACTED = "[PERSON]"
TOKEN_HEX = 12  # 48 bits: no collision to expect among the people of even a large archive
MIN_KEY_BYTES = 16


@dataclass(frozen=True)
class Privacy:
    """How PERSON names leave the pipeline: redacted, or pseudonymised under a key (never shown in repr)."""

    mode: Literal["redact", "pseudonymise"]
    key: bytes = field(default=b"", repr=False)

    def token(self, person: str) -> str:
        """The pseudonym hex of a person key (a folded name)."""
        return hmac.new(self.key, person.encode("utf-8"), hashlib.sha256).hexdigest()[:TOKEN_HEX]

    def replacement(self, person: str) -> str:
        """What stands in the text for a person: `[PERSON]` or `[PERSON-<token>]`."""
        return REDACTED if self.mode == "redact" else f"[PERSON-{self.token(person)}]"

    def id_part(self, person: str) -> str:
        """What stands for a person inside an entity id slug."""
        return "person" if self.mode == "redact" else f"person-{self.token(person)}"

    def fingerprint(self) -> str:
        """Names the mode (and the key, by a keyed digest that reveals no more than any token) for run identity."""
        if self.mode == "redact":
            return "redact"
        return "pseudonymise:" + hmac.new(self.key, b"memokg key fingerprint", hashlib.sha256).hexdigest()[:16]


def _read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ExtractError("privacy_key_unreadable", f"cannot read the key file: {exc.strerror or exc}",
                           str(path)) from exc
    if not key:
        raise ExtractError("privacy_key_empty", "the key file is empty", str(path))
    return key


def load_privacy(redact: bool = False, pseudonymise: bool = False, key_file: Path | None = None,
                 environ: Mapping[str, str] | None = None) -> Privacy | None:
    """The privacy mode the options ask for; the key comes from `key_file`, else the MEMOKG_PSEUDONYM_KEY variable."""
    environ = os.environ if environ is None else environ
    if redact and pseudonymise:
        raise ExtractError("privacy_conflict", "choose --redact or --pseudonymise, not both")
    if redact:
        return Privacy("redact")
    if not pseudonymise:
        if key_file is not None:
            raise ExtractError("privacy_conflict", "--key-file is only used with --pseudonymise")
        return None
    if key_file is not None:
        key = _read_key(Path(key_file))
    elif environ.get(KEY_ENV, "").strip():
        key = environ[KEY_ENV].strip().encode("utf-8")
    else:
        raise ExtractError("privacy_key_missing",
                           f"--pseudonymise needs a key: --key-file FILE or the environment variable {KEY_ENV}")
    if len(key) < MIN_KEY_BYTES:
        raise ExtractError("privacy_key_short", f"the pseudonym key must have at least {MIN_KEY_BYTES} bytes "
                           "(a short key lets anyone with a list of names recompute the tokens)")
    return Privacy("pseudonymise", key)
