"""Batch: many cases → one JSONL results file, locally or on a Dask cluster.

Reads inputs (directories, JSONL), assesses chunks of cases on workers, writes one result line per case
in input order, and resumes a torn file.
"""
