"""Predicate dependencies: which predicate's rules read which, and how.

Stratified evaluation needs two things from this graph: that no negation or
count runs through recursion (a predicate may not, even indirectly, depend
on the negation or count of itself), and an evaluation order in which every
negated or counted predicate is complete before it is read.  Both come from
the strongly connected components of the graph `head -> body predicate`.

The components are found iteratively (Tarjan's algorithm with an explicit
stack), so a chain of thousands of predicates cannot hit Python's recursion
limit.  Everything here is a pure function of the clauses; the graph of the last
clause lists is kept (`_analysed`), as checking and compiling ask for it several times.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Iterable, Iterator

from jiuze.language import ast

POSITIVE = "positive"
NEGATION = "negation"
COUNT = "count"

Edge = tuple[str, str, bool]


def body_dependencies(body: Iterable[ast.Literal], inside_count: bool = False) -> Iterator[tuple[str, str]]:
    """(predicate, kind) for every atom a body reads, kind ∈ positive/negation/count.

    Everything inside a count is `count`, whatever its sign: the count needs
    the complete relation, just as a negation does.
    """
    for literal in body:
        if isinstance(literal, ast.Atom):
            yield literal.predicate, COUNT if inside_count else POSITIVE
        elif isinstance(literal, ast.Negation):
            yield literal.atom.predicate, COUNT if inside_count else NEGATION
        elif isinstance(literal, ast.Count):
            yield from body_dependencies(literal.body, inside_count=True)


def dependency_edges(clauses: Iterable[ast.Clause]) -> set[Edge]:
    """(head predicate, body predicate, negative) for every dependency of every rule."""
    return {
        (clause.head.predicate, predicate, kind != POSITIVE)
        for clause in clauses
        for predicate, kind in body_dependencies(clause.body)
    }


def negative_cycles(clauses: Iterable[ast.Clause]) -> list[list[str]]:
    """One cycle per component that contains a negative edge, e.g. ["p", "q", "p"].

    The cycle runs through the component's smallest negative edge and back by
    a shortest path, and is rotated to start at its smallest name, so the same
    rules always give the same report.
    """
    edges, graph, components = _analysed(clauses, with_heads=False)
    number = {node: i for i, component in enumerate(components) for node in component}
    negative: dict[int, list[tuple[str, str]]] = {}  # one pass over the edges, not one per component
    for h, b, neg in edges:
        if neg and number.get(h) is not None and number.get(h) == number.get(b):
            negative.setdefault(number[h], []).append((h, b))
    cycles = []
    for i, edges_inside in negative.items():
        cycles.append(_cycle_through(graph, set(components[i]), *min(edges_inside)))
    return sorted(cycles)


def strata(clauses: Iterable[ast.Clause]) -> dict[str, int]:
    """Stratum per predicate: positive deps at most as high, negative ones strictly lower.

    Predicates without rules are 0.  Each stratum is as low as possible.
    Raises ValueError on a negative cycle (check `negative_cycles` first).
    """
    edges, graph, components = _analysed(clauses, with_heads=True)
    negative = {(h, b) for h, b, neg in edges if neg}
    level: dict[str, int] = {}
    # Components come out dependencies first, so every dependency is levelled.
    for component in components:
        members = set(component)
        stratum = 0
        for head in component:
            for body in graph[head]:
                step = 1 if (head, body) in negative else 0
                if body in members:
                    if step:
                        raise ValueError(f"negation or count through recursion at {head} -> {body}")
                    continue
                stratum = max(stratum, level[body] + step)
        for head in component:
            level[head] = stratum
    return level


# the last graphs: (with_heads, edges, heads) → (edges, graph, components); names only, no clauses
_ANALYSED: dict[tuple, tuple] = {}
_KEPT = 2
_ANALYSED_LOCK = threading.Lock()


def _analysed(clauses: Iterable[ast.Clause], with_heads: bool) -> tuple[set[Edge], dict, list[list[str]]]:
    """Edges, graph and components of these clauses, computed once for the same dependencies.

    Checking a rulebook asks for the components of the same clauses twice (arithmetic
    recursion, negation cycles); for a 100,000-rule file each time cost about a second.
    The key is the dependencies themselves (predicate names), so an entry keeps no clause
    alive.  Callers only read the result.  `with_heads`: every head is a node even without
    dependencies (strata needs a level for it)."""
    clauses = list(clauses)
    edges = dependency_edges(clauses)
    heads = frozenset(clause.head.predicate for clause in clauses) if with_heads else frozenset()
    key = (with_heads, frozenset(edges), heads)
    with _ANALYSED_LOCK:
        entry = _ANALYSED.get(key)
    if entry is None:
        graph = _graph(edges, heads)
        entry = (edges, graph, strongly_connected_components(graph))
        with _ANALYSED_LOCK:
            while len(_ANALYSED) >= _KEPT:
                _ANALYSED.pop(next(iter(_ANALYSED)))
            _ANALYSED[key] = entry
    return entry


def strongly_connected_components(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion; each component sorted.

    A component is listed after every component it can reach (dependencies
    first).  `graph` must have a key for every node, successors included.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        work.append((node, iter(graph[node])))

    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = []
        visit(root)
        while work:
            node, successors = work[-1]
            child = next((s for s in successors if _descend(s, node, index, low, on_stack)), None)
            if child is not None:
                visit(child)
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                result.append(_pop_component(node, stack, on_stack))
    return result


def _descend(successor: str, node: str, index, low, on_stack) -> bool:
    """True if `successor` is unvisited; otherwise fold it into `node`'s low link."""
    if successor not in index:
        return True
    if successor in on_stack:
        low[node] = min(low[node], index[successor])
    return False


def _pop_component(node: str, stack: list[str], on_stack: set[str]) -> list[str]:
    component = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == node:
            return sorted(component)


def _graph(edges: set[Edge], nodes: Iterable[str] = ()) -> dict[str, list[str]]:
    """Adjacency lists (sorted, for determinism) with a key for every node."""
    graph: dict[str, set[str]] = {node: set() for node in nodes}
    for head, body, _negative in edges:
        graph.setdefault(head, set()).add(body)
        graph.setdefault(body, set())
    return {node: sorted(successors) for node, successors in graph.items()}


def _cycle_through(graph: dict[str, list[str]], members: set[str], head: str, body: str) -> list[str]:
    """head -> body, then the shortest way back to head inside the component."""
    back = _shortest_path(graph, members, body, head)
    loop = [head] + back[:-1]  # back ends at head
    start = loop.index(min(loop))
    loop = loop[start:] + loop[:start]
    return loop + [loop[0]]


def _shortest_path(graph: dict[str, list[str]], members: set[str], source: str, target: str) -> list[str]:
    """Breadth-first, neighbours in sorted order; [source, …, target]."""
    parent: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            break
        for successor in graph[node]:
            if successor in members and successor not in parent:
                parent[successor] = node
                queue.append(successor)
    path = [target]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    return path[::-1]


def recursive_components(clauses: Iterable[ast.Clause]) -> dict[str, int]:
    """Component number of every predicate that is recursive (alone or with others).

    The pyDatalog engine evaluates each component itself, by semi-naive rounds
    (evaluate/pydatalog.py): pyDatalog 0.22.4 can loop forever on recursion
    (p :- e, p over cyclic data; r(Y,Z) :- r(Y,X), r(Z,Y); a 3-cycle).
    """
    _, graph, components = _analysed(clauses, with_heads=False)
    result: dict[str, int] = {}
    for number, component in enumerate(components):
        if len(component) > 1 or component[0] in graph.get(component[0], ()):
            for predicate in component:
                result[predicate] = number
    return result
