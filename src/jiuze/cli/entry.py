"""The `jiuze` console command: the process runs one command and ends.

Owning the whole process, it can spare the cyclic garbage collector work that finds nothing:
jiuze's modules are imported with collection paused and then frozen (no later collection
rescans them), and at the end everything is frozen, so the collection Python runs while
shutting down scans nothing.  Together ≈13 ms of a ≈140 ms `jiuze explain`.  Library code and
tests call `jiuze.cli.main.main` directly and keep the collector as it is.
"""

from __future__ import annotations

import gc


def run() -> None:
    enabled = gc.isenabled()
    gc.disable()
    import jiuze.cli.common as common
    import jiuze.cli.main as command_line

    command_line.freeze_imports = True  # the command's own modules too, when they are imported
    common.owns_process = True  # and what a one-case command made (common.one_case)
    gc.freeze()
    if enabled:
        gc.enable()
    try:
        command_line.main()
    finally:
        gc.freeze()
