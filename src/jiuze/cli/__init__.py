"""The `jiuze` command line: click commands only.

Each command parses its options, calls the library below and prints; no logic of its own.
"""
