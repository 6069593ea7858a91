"""The language server for .jz files (`jiuze lsp`): diagnostics, hover, navigation, completion, formatting."""
