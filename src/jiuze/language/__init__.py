"""Language: rule and case text → syntax tree.

In: source text (rule files, fact files, query atoms). Out: `ast.Module` / `ast.Atom` with a `Span` on every
node, or `Finding`s (located, Chinese) wrapped in `JiuzeError`. Also the canonical printer, article labels
(`ArticleRef`) and predicate readings. Imports nothing of jiuze above it.
"""
