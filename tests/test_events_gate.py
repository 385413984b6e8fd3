"""The event-clustering gate: ECB+ B-cubed F1 may go up, never down silently.

Runs scripts/eval_events.py --split all --check-floor on ../shared/data/ecbplus (about 30
s, most of it tagging people) and fails when F1 drops below the floor pinned in scripts/events_floor.json.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_events_gate_holds_pinned_floor(shared):
    data = shared("data", "ecbplus", "ecbplus_docs.jsonl")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_events.py"), "--data", str(data),
                           "--split", "all", "--check-floor"], capture_output=True, text=True, timeout=300)
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    assert re.fullmatch(r"B3 P=\d\.\d{4} R=\d\.\d{4} F1=\d\.\d{4}", last), proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stdout[-2000:]
