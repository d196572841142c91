"""Start what a measurement measures: the dashboard (Streamlit alone on loopback, or behind nginx as
bin/serve runs it, with one or more Streamlit processes), or any other command that answers HTTP (the
bare pages, a checkout of the dashboard, the peer's static site).

Used by benchmarks/browser.py, load.py, fresh.py, wsload.py and the proxy test. Every process started
here is stopped by `Server.stop`: SIGTERM to the process (bin/serve stops its own nginx and Streamlit
processes), then SIGKILL to whatever is left of its process group.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Nothing leaves this machine: every host name but loopback fails to resolve (no request interception,
# which would slow every request of the page being measured).
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
STREAMLIT_OPTIONS = ["--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                     "false"]
VIEWPORT = {"width": 1920, "height": 1080}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (bin/serve puts its Streamlit processes on consecutive ports)."""
    for _ in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        sockets = []
        try:
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def nginx_path() -> str | None:
    """Debian's nginx (apt-get install nginx-light), or None."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


@dataclass
class Server:
    """A running dashboard: `url` is what a browser opens, `app_pid` the Streamlit process."""

    url: str
    process: subprocess.Popen
    app_pid: int
    proxied: bool
    started_in: float  # seconds from the process start until the health check answered
    log: Path
    folder: Path | None = None  # the proxy's working folder (logs), removed on stop when temporary
    temporary: bool = field(default=False, repr=False)
    app_pids: list[int] = field(default_factory=list)  # every Streamlit process (bin/serve with IDM_PROCESSES)
    app_urls: list[str] = field(default_factory=list)  # each Streamlit process directly (behind the proxy too)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        # Children that outlived their parent (each command runs in its own process group).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.temporary and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    def log_tail(self, characters: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


def launch(command: list[str], *, url: str, health: str, cwd: Path, env: dict[str, str] | None = None,
           timeout: float = 120, log_prefix: str = "idm-server-") -> Server:
    """Run `command` in its own process group and wait until `url + health` answers 200."""
    log = Path(tempfile.mkstemp(prefix=log_prefix, suffix=".log")[1])
    began = time.monotonic()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(url, process, process.pid, False, 0.0, log, app_pids=[process.pid], app_urls=[url])
    deadline = began + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if answers(url + health):
            server.started_in = time.monotonic() - began
            return server
        time.sleep(0.2)
    tail = server.log_tail()
    server.stop()  # removes the log: its end is in the message
    raise RuntimeError(f"{' '.join(command[:4])}... tidak menyala dalam {timeout:.0f} s: {tail}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def streamlit(script: Path | str, *, cwd: Path, database: Path | str | None = None, env: dict[str, str] | None = None,
              timeout: float = 120) -> Server:
    """Streamlit alone on a free loopback port: `streamlit run script` in `cwd` (its .streamlit/config.toml)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), *STREAMLIT_OPTIONS]
    extra = {**({"IDM_DB": str(database)} if database else {}), **(env or {})}
    return launch(command, url=f"http://127.0.0.1:{port}", health="/_stcore/health", cwd=cwd, env=extra,
                  timeout=timeout)


def start(database: Path | str, *, proxy: bool = False, serve_dir: Path | None = None,
          env: dict[str, str] | None = None, timeout: float = 120, processes: int = 1) -> Server:
    """Start the dashboard on a free loopback port and wait until it answers its health check.

    proxy: through bin/serve (nginx in front, compressed static files prepared in `serve_dir`, which
    by default is a temporary folder removed on stop; give a lasting one to keep the gzip copies), with
    `processes` Streamlit processes behind it (IDM_PROCESSES); every one answers before this returns.
    """
    if not proxy:
        if processes != 1:
            raise ValueError("several Streamlit processes need the proxy (bin/serve)")
        return streamlit(REPO / "app.py", cwd=REPO, database=database, env=env, timeout=timeout)
    if nginx_path() is None:
        raise RuntimeError("nginx tidak ditemukan (apt-get install nginx-light)")
    temporary = serve_dir is None
    if serve_dir is None:
        serve_dir = Path(tempfile.mkdtemp(prefix="idm-serve-"))
    port, app_port = free_port(), free_ports(processes)
    environment = {"IDM_DB": str(database), "IDM_PORT": str(port), "IDM_APP_PORT": str(app_port),
                   "IDM_LISTEN": "127.0.0.1", "IDM_SERVE_DIR": str(serve_dir), "IDM_PYTHON": sys.executable,
                   "IDM_PROCESSES": str(processes), **(env or {})}
    try:
        server = launch([str(REPO / "bin" / "serve")], url=f"http://127.0.0.1:{port}", health="/_stcore/health",
                        cwd=REPO, env=environment, timeout=timeout)
    except RuntimeError:
        if temporary:
            shutil.rmtree(serve_dir, ignore_errors=True)
        raise
    server.proxied, server.folder, server.temporary = True, serve_dir, temporary
    server.app_urls = [f"http://127.0.0.1:{app_port + i}" for i in range(processes)]
    # nginx answered through one process; wait for the others too (they warm up side by side).
    deadline = time.monotonic() + timeout
    pids = serve_dir / "streamlit.pids"
    while time.monotonic() < deadline:
        ready = pids.exists() and all(answers(f"http://127.0.0.1:{app_port + i}/_stcore/health")
                                      for i in range(processes))
        if ready:
            server.app_pids = [int(line) for line in pids.read_text().split()]
            if len(server.app_pids) == processes:
                server.app_pid = server.app_pids[0]
                return server
        if server.process.poll() is not None:
            break
        time.sleep(0.2)
    tail, code = server.log_tail(), server.process.poll()
    server.stop()
    raise RuntimeError(f"bin/serve: {processes} proses Streamlit tidak siap dalam {timeout:.0f} s "
                       f"(bin/serve {'berhenti, kode ' + str(code) if code is not None else 'masih jalan'}): {tail}")


ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \d+ [\d.]+ "(?P<upstream>[^"]*)"')


def upstream_of(line: str) -> tuple[str, str] | None:
    """(request path, the Streamlit process that answered) from a line of bin/serve's access.log, or None."""
    match = ACCESS_LINE.search(line)
    if not match or match["upstream"] in ("", "-"):
        return None
    return match["path"], match["upstream"].split(",")[-1].strip()


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (VmRSS), in bytes; 0 once it has ended."""
    if not Path(f"/proc/{pid}/status").exists():
        return 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"no VmRSS for process {pid}")


def machine() -> dict:
    """What the numbers were measured on: cores, memory, CPU model, load average."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {"cores": os.cpu_count(), "memory_gib": round(memory / 2**30, 1), "cpu": model,
            "load_average": [round(value, 2) for value in os.getloadavg()]}
