"""Load check for `rashomon serve`: N concurrent comparisons against a local server.

Starts the server in a subprocess on 127.0.0.1 (a free port; loopback only),
waits for /api/health, sends one warm-up comparison (model loading), then
fires ``--requests`` concurrent ``POST /api/compare`` requests carrying the
two bundled example articles, one round, each bounded by ``--timeout``.
Prints successes, latency p50/p95/max and throughput; exits 0 only if every
request answered 201 with a report.

    .venv/bin/python scripts/load_web.py [--requests 20] [--timeout 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
NIGER = ROOT / "examples" / "niger-2024-04"
HOST = "127.0.0.1"  # never anything else: this script only ever talks to its own server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def payload() -> dict[str, Any]:
    return {"articles": [{"text": (NIGER / n).read_text(encoding="utf-8"), "source": n}
                         for n in ("rossa-primavera.txt", "moscow-times-afp.md")]}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


async def wait_healthy(client: httpx.AsyncClient, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if (await client.get("/api/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise TimeoutError("server did not become healthy")


async def one(client: httpx.AsyncClient, body: dict[str, Any]) -> tuple[bool, float, str]:
    started = time.perf_counter()
    try:
        response = await client.post("/api/compare", json=body)
        ok = response.status_code == 201 and response.json().get("schema") == "rashomon/report@1"
        note = "" if ok else f"HTTP {response.status_code}: {response.text[:200]}"
    except (httpx.HTTPError, ValueError) as exc:
        ok, note = False, f"{type(exc).__name__}: {exc}"
    return ok, time.perf_counter() - started, note


async def run(base: str, n: int, timeout: float) -> dict[str, Any]:
    body = payload()
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        await wait_healthy(client, time.monotonic() + 120)
        warm_ok, warm_s, warm_note = await one(client, body)
        if not warm_ok:
            raise RuntimeError(f"warm-up comparison failed: {warm_note}")
        started = time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(one(client, body) for _ in range(n))),
                                         timeout=timeout + 30)
        wall = time.perf_counter() - started
    latencies = [s for _, s, _ in results]
    failures = [note for ok, _, note in results if not ok]
    return {
        "requests": n, "succeeded": n - len(failures), "failed": len(failures), "failures": failures[:5],
        "warmup_s": round(warm_s, 2), "wall_s": round(wall, 2),
        "p50_s": round(statistics.median(latencies), 2), "p95_s": round(percentile(latencies, 0.95), 2),
        "max_s": round(max(latencies), 2), "min_s": round(min(latencies), 2),
        "throughput_rps": round(n / wall, 2), "machine": machine(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="concurrent requests (default 20)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per request (default 300)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not 1 <= args.requests <= 200:
        parser.error("--requests must be between 1 and 200")

    port = free_port()
    env = {**os.environ, "RASHOMON_TOKEN": ""}
    log = open(os.devnull, "wb")
    server = subprocess.Popen([sys.executable, "-m", "rashomon.cli", "serve", "--host", HOST, "--port", str(port)],
                              stdout=log, stderr=log, env=env)
    try:
        figures = asyncio.run(run(f"http://{HOST}:{port}", args.requests, args.timeout))
    except (RuntimeError, TimeoutError) as exc:
        print(f"load_web: {exc}", file=sys.stderr)
        return 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    print(f"{figures['succeeded']}/{figures['requests']} succeeded  "
          f"p50 {figures['p50_s']} s  p95 {figures['p95_s']} s  max {figures['max_s']} s  "
          f"throughput {figures['throughput_rps']} req/s  (wall {figures['wall_s']} s, "
          f"warm-up {figures['warmup_s']} s)")
    print(f"machine: {figures['machine']['cpus']} CPUs, {figures['machine']['cpu']}, "
          f"Python {figures['machine']['python']}")
    for note in figures["failures"]:
        print(f"  failure: {note}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if figures["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
