"""Run benchmarks; each prints one JSON object on its last line (its parameters and the CPU count included).

    python -m bench                      the standard set, one JSON object per line
    python -m bench --out FILE           … and all of them as one JSON list in FILE (`make bench`)
    python -m bench NAME [ARGS…]         one benchmark with its own arguments, e.g.
                                         python -m bench ack --kind event --requests 2000 --concurrency 200
    python -m bench --list               the names

NAME is the module `bench/bench_NAME.py`. In the standard set every benchmark runs in its own process, so none
inherits another's memory or warm caches.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

STANDARD: tuple[tuple[str, ...], ...] = (
    ("gateway",),
    ("summarize",),
    ("slots",),
    ("ack", "--kind", "slash", "--requests", "2000", "--concurrency", "200"),
    ("ack", "--kind", "event", "--requests", "2000", "--concurrency", "200"),
    ("memory", "--commands", "10000"),
    ("soak", "--minutes", "1"),
)


def names() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def run_one(name: str, args: list[str]) -> None:
    """Run `name` in this process with its own arguments."""
    module = importlib.import_module(f"bench.bench_{name}")
    if args:
        module.main(args)
    else:
        module.main()


def _last_json(output: str) -> dict[str, Any] | None:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    try:
        found = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None
    return found if isinstance(found, dict) else None


def run_standard(out: Path | None) -> int:
    results, status = [], 0
    for name, *args in STANDARD:
        command = " ".join(["python -m bench", name, *args])
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "bench", name, *args], capture_output=True, text=True)
        result = _last_json(done.stdout) if done.returncode == 0 else None
        if result is None:
            status = 1
            result = {"benchmark": name, "error": (done.stderr.strip().splitlines() or ["no JSON output"])[-1]}
        result = {**result, "command": command, "run_seconds": round(time.monotonic() - started, 1)}
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return status


def main(argv: list[str]) -> int:
    if argv and not argv[0].startswith("-"):
        name, *args = argv
        if name not in names():
            print(f"unknown benchmark {name!r}; one of: {', '.join(names())}", file=sys.stderr)
            return 2
        run_one(name, args)
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write every result, as one JSON list, to this file")
    parser.add_argument("--list", action="store_true", help="print the benchmark names")
    options = parser.parse_args(argv)
    if options.list:
        print("\n".join(names()))
        return 0
    return run_standard(options.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
