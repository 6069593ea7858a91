"""Checks: static findings on a rulebook before anyone evaluates it.

In: `ast.Module`s. Out: `Finding`s (errors and warnings): undeclared or mis-used predicates, arity, safety,
negation through recursion, priorities and contrary pairs. Sits above `compile` because some checks ask
questions about the compiled form (a conflict through recursion exists only in the expanded program).
"""
