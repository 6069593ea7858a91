"""`python -m jiuze.lsp`: the language server on stdio (what `jiuze lsp` runs)."""

from jiuze.lsp.server import serve

serve()
