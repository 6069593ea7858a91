"""How long the semantic Art 28 check takes (issue 14: national rulebook + the example overlays, "a few
seconds"): candidates planned and tried, violations, seconds per overlay.

    .venv/bin/python bench/conformity.py [OVERLAY_DIR…]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jiuze.conformity.check import semantic_check
from jiuze.rulebook.rulebook import sources_at

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "logic" / "provinces" / name for name in ("example-province", "example-province-b", "example-city")]


def main(folders: list[Path]) -> None:
    for folder in folders:
        started = time.perf_counter()
        result = semantic_check(sources_at(folder), str(folder))
        seconds = time.perf_counter() - started
        search = result.result
        print(
            f"{folder.name}: {search.tried}/{search.planned} candidates, "
            f"{len(result.counterexamples)} violations, {seconds:.2f} s (search {search.seconds:.2f} s)"
        )


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or EXAMPLES)
