"""Evaluate: a `Program` and case facts → relations.

Each evaluator (today `pydatalog`, the reference semantics) takes a `Program` and a list of `Fact`s and
returns the relations as sets of rows, nothing else. `facts` and `values` are the value model every
evaluator shares; `parallel` maps evaluations over worker processes in input order.
"""
