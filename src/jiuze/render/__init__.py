"""Renderers: proofs and results as Chinese text and as JSON."""
