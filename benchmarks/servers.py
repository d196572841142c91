"""Start the dashboard for a measurement: Streamlit alone on loopback, or behind nginx as bin/serve runs it.

Used by benchmarks/browser.py, benchmarks/load.py and the proxy test. Every process started here is
stopped by `Server.stop` (the proxy through bin/serve's own signal handling).
"""

from __future__ import annotations

import os
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
VIEWPORT = {"width": 1920, "height": 1080}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.temporary and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    def log_tail(self, characters: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


def start(database: Path | str, *, proxy: bool = False, serve_dir: Path | None = None,
          env: dict[str, str] | None = None, timeout: float = 120) -> Server:
    """Start the dashboard on a free loopback port and wait until it answers its health check.

    proxy: through bin/serve (nginx in front, compressed static files prepared in `serve_dir`, which
    by default is a temporary folder removed on stop; give a lasting one to keep the gzip copies).
    """
    environment = {**os.environ, "IDM_DB": str(database), **(env or {})}
    log = Path(tempfile.mkstemp(prefix="idm-server-", suffix=".log")[1])
    temporary = False
    if proxy:
        if nginx_path() is None:
            raise RuntimeError("nginx tidak ditemukan (apt-get install nginx-light)")
        if serve_dir is None:
            serve_dir = Path(tempfile.mkdtemp(prefix="idm-serve-"))
            temporary = True
        port, app_port = free_port(), free_port()
        environment.update(IDM_PORT=str(port), IDM_APP_PORT=str(app_port), IDM_LISTEN="127.0.0.1",
                           IDM_SERVE_DIR=str(serve_dir), IDM_PYTHON=sys.executable)
        command = [str(REPO / "bin" / "serve")]
    else:
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
                   "--server.port", str(port), "--server.address", "127.0.0.1",
                   "--browser.gatherUsageStats", "false"]
    began = time.monotonic()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    server = Server(url, process, process.pid, proxy, 0.0, log, serve_dir, temporary)
    deadline = began + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    server.started_in = time.monotonic() - began
                    if proxy:
                        server.app_pid = int((serve_dir / "streamlit.pid").read_text())
                    return server
        except (OSError, ValueError):
            time.sleep(0.2)
    tail = server.log_tail()
    server.stop()  # removes the log: its end is in the message
    raise RuntimeError(f"dasbor tidak menyala dalam {timeout:.0f} s: {tail}")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (VmRSS), in bytes."""
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
