"""The web workbench (`jiuze serve`): a REST API and a page over the same operations.

operations — what each request does (pure: a rulebook and JSON in, JSON out);
worker — runs operations in a separate process with a time limit;
catalog — the rulebooks the server was started with; app — the HTTP layer.
"""
