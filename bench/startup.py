"""`jiuze explain` as a whole process: median wall time with the caches warm, without them
(--no-cache), the first run after a change (empty cache), and the imports alone.

    python bench/startup.py --runs 7
    python bench/startup.py --runs 7 --src /tmp/main-src   # another tree (e.g. `git archive main src`)

jiuze's modules are byte-compiled first and PYTHONDONTWRITEBYTECODE is dropped for the runs, as
for an installed wheel (pip compiles it): otherwise every run compiles ~60 modules from source
(≈50 ms), which no user pays.  `--source` measures that way anyway.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# `jiuze` as its console script starts it, for a source tree given with --src (older trees have no cli.entry)
LAUNCH = """import sys
try:
    from jiuze.cli.entry import run
except ImportError:
    from jiuze.cli.main import main as run
sys.argv[0] = "jiuze"
sys.exit(run())
"""
ARGS = ["explain", str(REPO / "examples" / "coerced-confession.jz"), "应当追究(P, C)"]


def wall(command: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of the process; CPU (user + system) is what a shared machine's load distorts least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def after_a_change(jiuze: str, env: dict, folder: str, runs: int) -> list[tuple[float, float]]:
    """A drafter's edit: a copy of the national rulebook as --rules, one file changed before each run."""
    rules = Path(folder) / "rules"
    rules.mkdir()
    for source in (REPO / "logic" / "national").glob("*.jz"):
        (rules / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    edited = sorted(rules.glob("*.jz"))[-1]
    command = [jiuze, ARGS[0], "--rules", str(rules), *ARGS[1:]]
    # the caches before the edit
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for run in range(runs):
        with edited.open("a", encoding="utf-8") as out:
            out.write(f"\n# 修改 {run}\n")
        times.append(wall(command, env))
    return times


def _launcher(python: str, folder: str) -> str:
    """A script that starts jiuze from PYTHONPATH the way the console script does."""
    path = os.path.join(folder, "jiuze")
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"#!{python}\n{LAUNCH}")
    os.chmod(path, 0o700)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", action="store_true", help="do not byte-compile first (every run compiles)")
    parser.add_argument("--src", help="measure the jiuze package under this directory instead of the installed one")
    args = parser.parse_args()
    jiuze = str(Path(sys.executable).with_name("jiuze"))
    base = dict(os.environ)
    package_dir = None
    if args.src:
        base["PYTHONPATH"] = os.path.abspath(args.src)
        package_dir = Path(args.src, "jiuze")
    if not args.source:
        if package_dir is None:
            import jiuze as package

            package_dir = Path(package.__file__).parent
        compileall.compile_dir(package_dir, quiet=1)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import machine_line

    print(machine_line())
    print(f"load average at the start {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        if args.src:
            jiuze = _launcher(sys.executable, folder)
        env = dict(base, JIUZE_CACHE_DIR=os.path.join(folder, "cache"))
        first = []
        for _ in range(args.runs):  # an empty cache each time: the first run after a change
            env["JIUZE_CACHE_DIR"] = tempfile.mkdtemp(dir=folder)
            first.append(wall([jiuze, *ARGS], env))
        warm = [wall([jiuze, *ARGS], env) for _ in range(args.runs)]
        changed = after_a_change(jiuze, env, folder, args.runs)
        uncached = [wall([jiuze, ARGS[0], "--no-cache", *ARGS[1:]], env) for _ in range(args.runs)]
        imports = [wall([sys.executable, "-c", "import jiuze"], env) for _ in range(args.runs)]
        command = [wall([sys.executable, "-c", "import jiuze.cli.main"], env) for _ in range(args.runs)]
    print(f"load average {os.getloadavg()}; median of {args.runs} runs each")
    print("| process | wall (median) | CPU user+sys (median) |")
    print("|---|---:|---:|")
    for label, times in (
        ("jiuze explain, warm cache", warm),
        ("jiuze explain, --no-cache", uncached),
        ("jiuze explain, first run after editing one rule file (other caches warm)", changed),
        ("jiuze explain, first run (empty cache, writes it)", first),
        ("python -c 'import jiuze'", imports),
        ("python -c 'import jiuze.cli.main' (what every command imports)", command),
    ):
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(f"| {label} | {1000 * statistics.median(walls):.0f} ms | {1000 * statistics.median(cpus):.0f} ms |")


if __name__ == "__main__":
    main()
