"""Who may change the data from a browser: one password for the Kelola data page.

The password comes from Streamlit's secrets (`admin_password` in .streamlit/secrets.toml) or the
environment (`IDM_ADMIN_PASSWORD`); without either the page accepts nothing and says how to set one.
It is compared in constant time (hmac.compare_digest). After MAX_TRIES wrong passwords a session is
refused for LOCKOUT_SECONDS, without the password being compared at all.

Pure: the page hands in its session state (any mutable mapping) and the secrets; a test hands in a dict.
"""

from __future__ import annotations

import hmac
import math
import os
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

SECRET = "admin_password"  # in .streamlit/secrets.toml
ENVIRONMENT = "IDM_ADMIN_PASSWORD"
MAX_TRIES = 5  # wrong passwords in a session before it is locked out
LOCKOUT_SECONDS = 60

# Keys of the session state (plain values only).
LOGGED_IN = "kelola_masuk"
FAILURES = "kelola_gagal"
LOCKED_UNTIL = "kelola_terkunci_sampai"

HOW_TO_SET = (
    "Kata sandi admin belum diatur, sehingga halaman ini tidak menerima masukan apa pun. Atur salah satunya di "
    "server, lalu jalankan ulang dasbor:\n\n"
    f"- variabel lingkungan `{ENVIRONMENT}`, mis. `{ENVIRONMENT}='kata-sandi-panjang' bin/dashboard`; atau\n"
    f"- berkas `.streamlit/secrets.toml` di folder dasbor dengan baris `{SECRET} = \"kata-sandi-panjang\"` "
    "(jangan dimasukkan ke git).\n\n"
    "Halaman lain tetap dapat dibuka tanpa kata sandi."
)


def clock() -> float:
    """Seconds; the tests move it forward instead of waiting a minute."""
    return time.monotonic()


def configured_password(secrets: Mapping | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """The password from the secrets, else the environment; None when neither sets a non-empty one."""
    value = None
    if secrets is not None:
        try:
            value = secrets.get(SECRET)
        except Exception:  # Streamlit raises when there is no secrets file at all
            value = None
    value = value or environ.get(ENVIRONMENT)
    return str(value) if value else None


def matches(given: str, configured: str) -> bool:
    """Constant-time comparison; as bytes, since compare_digest takes only ASCII text as str."""
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))


@dataclass(frozen=True)
class Login:
    ok: bool
    message: str  # in Indonesian; empty when ok


def locked_for(state: Mapping, *, now: float | None = None) -> int:
    """Whole seconds the session must still wait (0 when it may try)."""
    remaining = float(state.get(LOCKED_UNTIL, 0.0)) - (clock() if now is None else now)
    return math.ceil(remaining) if remaining > 0 else 0


def log_in(state: MutableMapping, given: str, configured: str | None, *, now: float | None = None) -> Login:
    """Check a password typed into the page and keep the session's count of wrong ones in `state`."""
    now = clock() if now is None else now
    if not configured:
        return Login(False, HOW_TO_SET)
    wait = locked_for(state, now=now)
    if wait:
        return Login(False, f"Terlalu banyak kata sandi yang salah. Coba lagi dalam {wait} detik.")
    if state.get(LOCKED_UNTIL):  # the lockout is over: a fresh series of tries
        state[LOCKED_UNTIL] = 0.0
        state[FAILURES] = 0
    if matches(given, configured):
        state[LOGGED_IN] = True
        state[FAILURES] = 0
        return Login(True, "")
    failures = int(state.get(FAILURES, 0)) + 1
    state[FAILURES] = failures
    if failures >= MAX_TRIES:
        state[LOCKED_UNTIL] = now + LOCKOUT_SECONDS
        return Login(False, f"Kata sandi salah. Sudah {failures} kali salah: coba lagi dalam {LOCKOUT_SECONDS} "
                            "detik.")
    return Login(False, f"Kata sandi salah (percobaan {failures} dari {MAX_TRIES}).")


def logged_in(state: Mapping, configured: str | None) -> bool:
    """Logged in during this session, and a password is (still) configured."""
    return bool(configured) and bool(state.get(LOGGED_IN))


def log_out(state: MutableMapping) -> None:
    state[LOGGED_IN] = False
