"""Rulebook: the facade that loads, checks and compiles a rulebook directory and evaluates cases.

In: a rulebook path (or the installed national rulebook). Out: a `Rulebook` whose `evaluate` returns a
`Model`; `evaluate_many` does the same for many cases on worker processes.
"""
