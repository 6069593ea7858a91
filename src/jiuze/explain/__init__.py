"""Explain: relations → a `Model` that answers questions with proofs.

In: a `Program` and the relations an evaluator returned. Out: answers to queries, `Proof` trees citing
articles and case facts, arguments (rebuttals, why-not, conflicts) and modality.
"""
