"""Cases: case files (.jz facts, facts JSON, structured YAML/JSON) → `Case` (a list of `Fact`s).

Also the vocabulary a case may use (input predicates, their readings and the articles that read them).
Every problem is a located `Finding`.
"""
