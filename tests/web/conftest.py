"""Where the browser test left its screenshots, printed in the closing summary (visible under -q)."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = getattr(config, "jiuze_screenshots", None)
    if folder is not None:
        terminalreporter.write_line(f"web workbench screenshots: {folder}")
