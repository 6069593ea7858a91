"""Conformity of an overlay with its base (第二十八条), checked by evaluating cases.

In: the base rulebook's modules, the overlay's, and the merged ones. Out: violations — a national
应当 / 不得 conclusion that holds on a counterexample case under the base but not under the overlay (or a
可以 turned 不得) — each with the overlay statement responsible and the case as ready-to-run YAML. Sits
above `rulebook` because it evaluates; the static checks of every statement kind are in
`compile.overlay_checks`.
"""
