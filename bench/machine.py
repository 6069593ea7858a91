"""How fast this machine runs plain Python, so figures from different machines can be compared.

The same commit measured 1.34 ms CPU per case on one 2-core machine and 3.2 ms on another
(issue 12): the sandboxes differ by 2x and more from day to day.  Every benchmark prints this
index next to its figures; divide a figure by the index to compare runs on different machines.

The workload is what jiuze's batch does most: tuples built and hashed into dicts and sets,
short strings joined, a JSON line encoded.  Fixed, seeded-free and deterministic.
"""

from __future__ import annotations

import json
import mmap
import os
import platform
import time

ROUNDS = 20_000


def _workload() -> int:
    """One pass: ~20k rows into sets keyed by predicate, their text joined, a JSON line per 100."""
    relations: dict[str, set] = {}
    written = 0
    for i in range(ROUNDS):
        name = f"p{i % 37}"
        row = (i, i % 7, f"c{i % 101}")
        rows = relations.get(name)
        if rows is None:
            relations[name] = rows = set()
        rows.add(row)
        text = ",".join([name, str(row[0]), row[2]])
        if i % 100 == 0:
            written += len(json.dumps({"atom": text, "n": len(rows)}, ensure_ascii=False))
    return written + sum(len(rows) for rows in relations.values())


def python_speed_ms(repeat: int = 9) -> float:
    """CPU milliseconds of one workload pass, best of `repeat` (the best is what the machine can do)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        _workload()
        best = min(best, time.process_time() - started)
    return 1000 * best


def page_fault_us(megabytes: int = 64, repeat: int = 5) -> float:
    """CPU microseconds per first touch of a fresh 4 KiB page, best of `repeat`.  A forked batch
    worker copies the pages it writes and a new worker faults in its whole working set: on a
    nested VM a fault costs ~7 us (bare metal ~0.2), which made batch's worker recycling visible."""
    size, page = megabytes << 20, mmap.PAGESIZE
    best = float("inf")
    for _ in range(repeat):
        memory = mmap.mmap(-1, size)
        first, again = _touch(memory, size, page), _touch(memory, size, page)  # again: the loop alone
        best = min(best, first - again)
        memory.close()
    return 1e6 * best / (size // page)


def _touch(memory: mmap.mmap, size: int, page: int) -> float:
    started = time.process_time()
    for offset in range(0, size, page):
        memory[offset] = 1
    return time.process_time() - started


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    """One line for a report: the CPU, its core count and the Python speed index."""
    return (
        f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"speed index {python_speed_ms():.1f} ms CPU (bench/machine.py; lower is faster), "
        f"{page_fault_us():.2f} us CPU per page fault"
    )


if __name__ == "__main__":
    print(machine_line())
