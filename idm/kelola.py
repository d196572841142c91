"""Who may change the data from a browser: one password for the Kelola data page.

The password comes from Streamlit's secrets (`admin_password` in .streamlit/secrets.toml) or the
environment (`IDM_ADMIN_PASSWORD`); without either, or with one shorter than MIN_LENGTH, the page
accepts nothing and says why. It is compared in constant time (hmac.compare_digest).

Wrong passwords are counted on the server (`Attempts`, a small file beside the database), per client
address and in total, so that a reload, a second tab or a restart of the dashboard does not start the
count again: after MAX_TRIES wrong passwords from one address it waits LOCKOUT_SECONDS, and every
further wrong one doubles the wait (up to LONGEST_WAIT); after TOTAL_TRIES wrong ones from all
addresses together every address waits the same way. Every wrong password is logged with its time and
address, never with the password.

Pure apart from that file: the page hands in the address and its session state (any mutable mapping);
a test hands in a dict and a clock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hmac
import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SECRET = "admin_password"  # in .streamlit/secrets.toml
ENVIRONMENT = "IDM_ADMIN_PASSWORD"
MIN_LENGTH = 12  # characters: a short password is guessed, whatever the waits
MAX_TRIES = 5  # wrong passwords from one address before it waits
TOTAL_TRIES = 20  # wrong passwords from all addresses together before every address waits
LOCKOUT_SECONDS = 60  # the first wait; doubled by every further wrong password
LONGEST_WAIT = 3600
LOG_ENTRIES = 200  # wrong passwords remembered in the file (time and address)
FILE_NAME = "kelola-percobaan.json"  # beside the database
UNKNOWN = "tidak diketahui"  # a client whose address the server cannot tell

# Keys of the session state (plain values only).
LOGGED_IN = "kelola_masuk"

LOGGER = logging.getLogger("idm.kelola")

HOW_TO_SET = (
    "Kata sandi admin belum diatur, sehingga halaman ini tidak menerima masukan apa pun. Atur salah satunya di "
    "server, lalu jalankan ulang dasbor:\n\n"
    f"- variabel lingkungan `{ENVIRONMENT}`, mis. `{ENVIRONMENT}='kata-sandi-panjang' bin/dashboard`; atau\n"
    f"- berkas `.streamlit/secrets.toml` di folder dasbor dengan baris `{SECRET} = \"kata-sandi-panjang\"` "
    "(jangan dimasukkan ke git).\n\n"
    f"Kata sandi paling sedikit {MIN_LENGTH} karakter. Halaman lain tetap dapat dibuka tanpa kata sandi."
)


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


def password_problem(configured: str | None) -> str | None:
    """Why the page stays closed with this configured password (none, or too short), or None."""
    if not configured:
        return HOW_TO_SET
    if len(configured) < MIN_LENGTH:
        return (f"Kata sandi admin yang diatur di server terlalu pendek ({len(configured)} karakter; paling sedikit "
                f"{MIN_LENGTH}), sehingga halaman ini tetap tertutup: kata sandi pendek mudah ditebak. Atur kata "
                f"sandi yang lebih panjang di `{ENVIRONMENT}` atau `.streamlit/secrets.toml` (`{SECRET}`), lalu "
                "jalankan ulang dasbor.")
    return None


def matches(given: str, configured: str) -> bool:
    """Constant-time comparison; as bytes, since compare_digest takes only ASCII text as str."""
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))


def client_address(direct: object, forwarded: object) -> str:
    """The client's address: the direct peer, or behind the proxy on this machine (bin/serve's nginx) the
    address nginx added last to X-Forwarded-For (earlier entries are the client's own say). Anything but
    text (no request, as in a test run) is an unknown address."""
    direct = direct if isinstance(direct, str) and direct else None
    forwarded = forwarded if isinstance(forwarded, str) else None
    if direct in ("127.0.0.1", "::1") and forwarded:
        return forwarded.split(",")[-1].strip() or direct
    return direct or UNKNOWN


def now() -> float:
    """Seconds since the epoch: the count of wrong passwords outlives a restart. Tests move it forward."""
    return time.time()


def _wait_after(failures: int, threshold: int) -> float:
    """Seconds to wait after `failures` wrong passwords: none below the threshold, then doubling."""
    if failures < threshold:
        return 0.0
    return float(min(LOCKOUT_SECONDS * 2 ** (failures - threshold), LONGEST_WAIT))


class Attempts:
    """Wrong passwords per client address and in total, in a JSON file shared by every session, thread and
    process of the server, and kept across restarts."""

    def __init__(self, path: Path, *, clock: Callable[[], float] | None = None):
        self.path = Path(path)
        self.clock = clock or (lambda: now())

    @contextlib.contextmanager
    def _state(self, *, write: bool) -> Iterator[dict]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                try:
                    state = json.loads(self.path.read_text(encoding="utf-8"))
                    if not isinstance(state, dict):
                        raise ValueError("not an object")
                except (OSError, ValueError):
                    state = {}
                state.setdefault("addresses", {})
                state.setdefault("total", {"failures": 0, "locked_until": 0.0})
                state.setdefault("log", [])
                yield state
                if write:
                    temporary = self.path.with_name(self.path.name + ".tmp")
                    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
                    os.replace(temporary, self.path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def wait(self, address: str) -> int:
        """Whole seconds `address` must wait before it may try again (0: it may)."""
        with self._state(write=False) as state:
            return self._remaining(state, address)

    def _remaining(self, state: dict, address: str) -> int:
        now = self.clock()
        until = max(float(state["addresses"].get(address, {}).get("locked_until", 0.0)),
                    float(state["total"].get("locked_until", 0.0)))
        return math.ceil(until - now) if until > now else 0

    def failed(self, address: str) -> tuple[int, int]:
        """Count a wrong password from `address`; (its failures in a row, seconds it must now wait)."""
        now = self.clock()
        with self._state(write=True) as state:
            entry = state["addresses"].setdefault(address, {"failures": 0, "locked_until": 0.0})
            entry["failures"] += 1
            entry["locked_until"] = now + _wait_after(entry["failures"], MAX_TRIES)
            total = state["total"]
            total["failures"] += 1
            total["locked_until"] = now + _wait_after(total["failures"], TOTAL_TRIES)
            state["log"] = [*state["log"], {"time": datetime.fromtimestamp(now).isoformat(timespec="seconds"),
                                            "address": address}][-LOG_ENTRIES:]
            wait = self._remaining(state, address)
        LOGGER.warning("Kelola data: kata sandi salah dari %s pada %s (percobaan ke-%d dari alamat ini)", address,
                       datetime.fromtimestamp(now).isoformat(timespec="seconds"), entry["failures"])
        return entry["failures"], wait

    def succeeded(self, address: str) -> None:
        """A right password: that address starts again; the total stays until a right one after it waits."""
        with self._state(write=True) as state:
            state["addresses"].pop(address, None)
            if self._remaining(state, address) == 0:
                state["total"] = {"failures": 0, "locked_until": 0.0}

    def log(self) -> list[dict]:
        """The last wrong passwords: time and address."""
        with self._state(write=False) as state:
            return list(state["log"])


def attempts_for(database: Path) -> Attempts:
    """The attempts kept beside the database at `database`."""
    return Attempts(Path(database).with_name(FILE_NAME))


@dataclass(frozen=True)
class Login:
    ok: bool
    message: str  # in Indonesian; empty when ok


def _waiting(seconds: int) -> str:
    if seconds >= 120:
        return f"{math.ceil(seconds / 60)} menit"
    return f"{seconds} detik"


def log_in(state: MutableMapping, given: str, configured: str | None, *, attempts: Attempts,
           address: str) -> Login:
    """Check a password typed into the page; the server counts the wrong ones (`attempts`)."""
    problem = password_problem(configured)
    if problem:
        return Login(False, problem)
    wait = attempts.wait(address)
    if wait:
        return Login(False, f"Terlalu banyak kata sandi yang salah. Coba lagi dalam {_waiting(wait)}.")
    if matches(given, configured):
        attempts.succeeded(address)
        state[LOGGED_IN] = True
        return Login(True, "")
    failures, wait = attempts.failed(address)
    if wait:
        return Login(False, f"Kata sandi salah. Sudah {failures} kali salah: coba lagi dalam {_waiting(wait)}; "
                            "setiap kesalahan berikutnya menggandakan waktu tunggu.")
    return Login(False, f"Kata sandi salah (percobaan {failures} dari {MAX_TRIES}).")


def logged_in(state: Mapping, configured: str | None) -> bool:
    """Logged in during this session, and a usable password is (still) configured."""
    return password_problem(configured) is None and bool(state.get(LOGGED_IN))


def log_out(state: MutableMapping) -> None:
    state[LOGGED_IN] = False
