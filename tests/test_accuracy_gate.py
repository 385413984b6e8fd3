"""The accuracy gate: scores on annotated event sets may go up, never down silently.

Runs scripts/eval_gate.py (the shared scorer over the seed pair, the 12 shared
dev sets and our own event sets) and fails when a total drops below the floors
pinned in scripts/accuracy_floors.json.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_accuracy_gate_holds_pinned_floors(shared_dir):
    if not (shared_dir / "eval" / "score.py").exists():
        pytest.skip(f"shared scorer not found at {shared_dir}/eval/score.py")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_gate.py"), "--shared", str(shared_dir)],
                          capture_output=True, text=True, timeout=900)
    totals = [line for line in proc.stdout.splitlines() if line.startswith("TOTAL[")]
    assert len(totals) == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, "\n".join(line for line in proc.stdout.splitlines() if line.startswith("FAIL"))
