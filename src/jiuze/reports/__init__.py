"""Reports: models → what users read.

Report data per person, renderers (text, Markdown, JSON documents of proofs), coverage of articles by
rules and scenarios, diffs between a base rulebook and an overlay, and the scenario runner.
"""
