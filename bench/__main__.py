"""Run every benchmark (`python -m bench`, `make bench`) and print their JSON figures, one object per line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if len(sys.argv) > 1:
        names = [n for n in names if any(arg in n for arg in sys.argv[1:])]
    status = 0
    for name in names:
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], capture_output=True, text=True)
        if done.returncode != 0:
            print(json.dumps({"benchmark": name, "error": done.stderr.strip().splitlines()[-1:]}), flush=True)
            status = 1
            continue
        print(done.stdout.strip(), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
