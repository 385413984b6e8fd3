"""Helpers for the real-browser test: Debian's Chromium, and the app served by uvicorn on loopback.

:func:`ensure_chromium` finds ``/usr/bin/chromium`` or, as root with ``apt-get``,
installs Debian's ``chromium`` package; it answers the executable, or the reason
the browser test cannot run (the test skips with it). Playwright drives that
executable: ``playwright install`` (the browser download) does not work here and
is never called.

:func:`serve` runs an ASGI app with ``uvicorn.Server`` in a background thread on a
free loopback port until the ``with`` block ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

CHROMIUM = "/usr/bin/chromium"
#: How long apt-get may take, per call.
APT_TIMEOUT = 600
#: Flags for a headless Chromium on a closed network, run as root in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", *args], env=env, capture_output=True, text=True,
                          timeout=APT_TIMEOUT, check=False)


def ensure_chromium() -> tuple[str | None, str]:
    """``(executable, "")`` when Chromium is there or could be installed, else ``(None, reason)``."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM, ""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None, (f"{CHROMIUM} not found and it cannot be installed here "
                      "(installing Debian's chromium package needs root and apt-get)")
    try:
        result = _apt_get("install", "-y", "chromium")
        if result.returncode != 0:  # most often: no package lists yet
            update = _apt_get("update")
            if update.returncode != 0:
                return None, f"apt-get update failed: {_last_line(update)}"
            result = _apt_get("install", "-y", "chromium")
    except subprocess.TimeoutExpired:
        return None, f"installing Debian's chromium package took more than {APT_TIMEOUT} s"
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM, ""
    return None, f"apt-get install chromium did not provide {CHROMIUM}: {_last_line(result)}"


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [ln.strip() for ln in (result.stderr or result.stdout or "").splitlines() if ln.strip()]
    return lines[-1] if lines else f"exit code {result.returncode}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any, *, timeout: float = 30.0) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 in a thread; yields its base URL once ``/api/health`` answers."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="rashomon-test-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if not thread.is_alive():
                raise RuntimeError("the test server stopped while starting")
            try:
                if httpx.get(f"{base}/api/health", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test server did not answer {base}/api/health within {timeout:.0f} s")
            time.sleep(0.05)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
