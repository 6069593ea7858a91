"""Compile: checked syntax trees → one engine-neutral `Program`.

In: `ast.Module`s (national rulebook, then overlays applied by `overlay`). Out: `Program` — rules, facts,
declarations, strata, the defeasible layer expanded into stratified Datalog (`defeasible`), and the
per-case relevance index (`relevance`). Knows no evaluator.
"""
