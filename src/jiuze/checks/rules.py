"""Checks run on parsed modules before anything is compiled.

A rulebook is only compiled when it passes: every predicate declared once and
used with its declared arity, every rule safe (each variable gets its value
from a positive condition, so evaluation never meets an unknown), facts and
scenarios ground, and no negation or count through recursion (else there is
no stratified meaning).  Warnings point at likely slips: declarations nobody
uses, variables written only once.  Every finding of every file is reported
in one run, sorted by place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from jiuze.checks.defeasible import check_defeasible
from jiuze.compile.dependencies import NEGATION, POSITIVE, body_dependencies, negative_cycles, recursive_components
from jiuze.language import ast
from jiuze.language.errors import WARNING, Finding

# Longest first, so a glued name is split at the longest keyword.
# (应当 / 可以 / 不得 start many legitimate names such as 应当追究, so they are not listed.)
KEYWORDS = (
    "优先于",
    "并非",
    "谓词",
    "读作",
    "计数",
    "场景",
    "应有",
    "应无",
    "互斥",
    "严格",
    "可废",
    "阻却",
    "若",
    "且",
)
# ASCII keywords start many ordinary words (note, android), so a name glued
# to one is only suspected when the rest is a declared predicate.
ASCII_KEYWORDS = ("predicate", "overrides", "scenario", "expect", "count", "reads", "and", "not")


def check_modules(modules: list[ast.Module]) -> list[Finding]:
    """All findings (errors and warnings) of all modules, sorted by place."""
    statements = [s for module in modules for s in module.statements]
    declarations = [s for s in statements if isinstance(s, ast.Declaration)]
    clauses = [s for s in statements if isinstance(s, ast.Clause)]
    scenarios = [s for s in statements if isinstance(s, ast.Scenario)]
    uses = [atom for clause in clauses for atom in clause_atoms(clause)]
    uses += [atom for scenario in scenarios for atom in scenario_atoms(scenario)]
    declared, findings = _declarations(declarations)
    findings += _predicate_uses(uses, declared)
    findings += _unused(declared, uses)
    for clause in clauses:
        findings += _clause_variables(clause)
    for scenario in scenarios:
        findings += _ground(scenario_atoms(scenario), _SCENARIO_WORDS)
    findings += _negation_cycles(clauses)
    findings += _arithmetic_recursion(clauses)
    contraries = [s for s in statements if isinstance(s, ast.Contrary)]
    uses_contrary = [atom for c in contraries for atom in (c.left, c.right)]
    findings += _predicate_uses(uses_contrary, declared)
    findings += check_defeasible(statements)
    return sorted(findings)


# ---------------------------------------------------------------- atoms


def clause_atoms(clause: ast.Clause) -> Iterator[ast.Atom]:
    """The head and every atom of the body, count bodies included."""
    yield clause.head
    yield from body_atoms(clause.body)


def body_atoms(body: Iterable[ast.Literal]) -> Iterator[ast.Atom]:
    for literal in body:
        if isinstance(literal, ast.Atom):
            yield literal
        elif isinstance(literal, ast.Negation):
            yield literal.atom
        elif isinstance(literal, ast.Count):
            yield from body_atoms(literal.body)


def scenario_atoms(scenario: ast.Scenario) -> list[ast.Atom]:
    return [*scenario.facts, *scenario.expect_holds, *scenario.expect_absent]


# ---------------------------------------------------------------- declarations


def _declarations(declarations: list[ast.Declaration]) -> tuple[dict[str, ast.Declaration], list[Finding]]:
    """The first declaration of each name, and a finding for every later one."""
    first: dict[str, ast.Declaration] = {}
    findings = []
    for declaration in declarations:  # load order: files as loaded, then source order
        earlier = first.setdefault(declaration.name, declaration)
        if earlier is not declaration:
            findings.append(_duplicate(declaration, earlier))
    return first, findings


def _duplicate(declaration: ast.Declaration, earlier: ast.Declaration) -> Finding:
    message = f"谓词“{declaration.name}”重复声明；第一次声明在 {earlier.span.where}"
    if declaration.arity != earlier.arity:
        message += f"（那里有 {earlier.arity} 个参数，这里有 {declaration.arity} 个）"
    return Finding(
        declaration.span,
        "duplicate-declaration",
        message,
        "每个谓词只声明一次：删除其中一条；若两者含义不同，请给其中一个换个名称。",
    )


def _predicate_uses(atoms: list[ast.Atom], declared: dict[str, ast.Declaration]) -> list[Finding]:
    findings = []
    for atom in atoms:
        declaration = declared.get(atom.predicate)
        if declaration is None:
            findings.append(_undeclared(atom, declared))
        elif declaration.arity != atom.arity:
            findings.append(_arity_mismatch(atom, declaration))
    return findings


def _undeclared(atom: ast.Atom, declared: dict[str, ast.Declaration]) -> Finding:
    return Finding(
        atom.span, "undeclared-predicate", f"谓词“{atom.predicate}”没有声明", _undeclared_hint(atom, declared)
    )


def _undeclared_hint(atom: ast.Atom, declared: dict[str, ast.Declaration]) -> str:
    """A missing space after a keyword, else a near-miss spelling, else how to declare."""
    name = atom.predicate
    words = split_keywords(name)
    if len(words) == 1 and split_keywords(name, ASCII_KEYWORDS)[-1] in declared:
        words = split_keywords(name, ASCII_KEYWORDS)
    if len(words) > 1:
        return f"是否漏了空格？关键词与名称之间要有空格或标点：“{name}”被读成了一个名称，应写成“{' '.join(words)}”。"
    similar = similar_name(name, atom.arity, declared)
    if similar is not None:
        return f"是否想写“{similar}”？若确是新的谓词，请先声明它。"
    params = ", ".join(f"参数{i + 1}" for i in range(atom.arity))
    return f'先声明这个谓词，例如：谓词 {name}({params}) 读作 "…"。（声明可以写在规则库的任何文件中）'


def _arity_mismatch(atom: ast.Atom, declaration: ast.Declaration) -> Finding:
    params = ", ".join(declaration.params)
    message = (
        f"谓词“{atom.predicate}”在 {declaration.span.where} 声明为 {declaration.arity} 个参数"
        f"（{params}），这里却有 {atom.arity} 个"
    )
    hint = f"按声明写成 {atom.predicate}({params})；若声明有误，请修改 {declaration.span.where} 的声明。"
    return Finding(atom.span, "arity-mismatch", message, hint)


def _unused(declared: dict[str, ast.Declaration], uses: list[ast.Atom]) -> list[Finding]:
    used = {atom.predicate for atom in uses}
    undeclared = {atom.predicate: atom.arity for atom in uses if atom.predicate not in declared}
    findings = []
    for name, declaration in declared.items():
        if name in used:
            continue
        hint = "删除这条声明，或检查使用处的名称是否写错。"
        similar = similar_name(name, declaration.arity, undeclared)
        if similar is not None:
            hint = f"规则中用到了未声明的“{similar}”，是否本应是这个谓词？否则删除这条声明。"
        findings.append(
            Finding(
                declaration.span,
                "unused-predicate",
                f"谓词“{name}”已声明，但没有在任何规则、事实或场景中使用",
                hint,
                WARNING,
            )
        )
    return findings


def split_keywords(name: str, keywords: tuple[str, ...] = KEYWORDS) -> list[str]:
    """'且并非未成年人' -> ['且', '并非', '未成年人']: the keywords glued to the front."""
    words = []
    while True:
        keyword = next((k for k in keywords if name.startswith(k) and len(name) > len(k)), None)
        if keyword is None:
            return words + [name]
        words.append(keyword)
        name = name[len(keyword) :]


def similar_name(name: str, arity: int, candidates) -> str | None:
    """The candidate most like `name`: one edit apart, or one containing the other.

    `candidates` maps names to declarations or arities; a candidate with the
    same arity is preferred, then the closer spelling, then the smaller name.
    """
    ranked = []
    for candidate, info in candidates.items():
        distance = _closeness(name, candidate)
        if distance is not None:
            same_arity = (info if isinstance(info, int) else info.arity) == arity
            ranked.append((not same_arity, distance, candidate))
    return min(ranked)[2] if ranked else None


def _closeness(a: str, b: str) -> int | None:
    """Edit distance if ≤ 1, else the length difference if one contains the other."""
    if a == b:
        return None
    if max(len(a), len(b)) >= 2 and abs(len(a) - len(b)) <= 1 and _within_one_edit(a, b):
        return 1
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 2 and shorter in longer:
        return len(longer) - len(shorter)
    return None


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


# ---------------------------------------------------------------- variables


@dataclass(frozen=True)
class _Words:
    """How ground-atom findings name the place (facts vs scenarios)."""

    where: str
    hint: str


_FACT_WORDS = _Words("事实", "事实必须是确定的：把它换成具体的名称或数值；若要表达一般规律，请写成带“若”的规则。")
_SCENARIO_WORDS = _Words("场景", "场景的事实和期望都必须是确定的：把它换成具体的名称或数值。")


def _ground(atoms: Iterable[ast.Atom], words: _Words) -> list[Finding]:
    """Facts and scenario atoms: no variables, no arithmetic (only constants)."""
    findings = []
    for atom in atoms:
        for arg in atom.args:
            if isinstance(arg, ast.Arithmetic):
                findings.append(
                    Finding(
                        arg.span,
                        "arithmetic-in-fact",
                        f"{words.where}中不能有算式“{arg}”",
                        "这里的参数必须是常量：请直接写出算式的结果。",
                    )
                )
            for variable in ast.variables_of(arg):
                findings.append(
                    Finding(variable.span, "unsafe-variable", f"{words.where}中不能有变量“{variable}”", words.hint)
                )
    return findings


def _clause_variables(clause: ast.Clause) -> list[Finding]:
    if clause.is_fact:
        return _ground([clause.head], _FACT_WORDS)
    safety = _Safety()
    unsafe = safety.check(clause)
    return unsafe + _singletons(clause, safety.names)


def all_variables(node) -> list[ast.Variable]:
    """Every variable of a clause, literal or term, including counted ones."""
    if isinstance(node, ast.Clause):
        return all_variables(node.head) + [v for lit in node.body for v in all_variables(lit)]
    if isinstance(node, ast.Count):
        inner = [v for lit in node.body for v in all_variables(lit)]
        return [node.result, *node.counted, *inner]
    return ast.variables_of(node)


def _singletons(clause: ast.Clause, unsafe: set[str]) -> list[Finding]:
    variables = all_variables(clause)
    counts = Counter(v.name for v in variables)
    return [
        Finding(
            v.span,
            "singleton-variable",
            f"变量“{v}”在这条规则中只出现一次",
            "若不关心它的值，写成 _（或以 _ 开头的名称，如 _X）；否则检查是否拼错。",
            WARNING,
        )
        for v in variables
        if counts[v.name] == 1 and not v.name.startswith("_") and v.name not in unsafe
    ]


def bound_variables(body: Iterable[ast.Literal]) -> set[str]:
    """Names a body binds: positive atom arguments, counts, then `=` to a fixpoint.

    A count binds its result and its group (the body's bound variables that
    also occur outside it: the count's table has a row per group).  `X = e`
    binds X once every variable of e is bound, on either side of the `=`.
    """
    body = list(body)
    bound: set[str] = set()
    for literal in body:
        if isinstance(literal, ast.Atom):
            bound |= {a.name for a in literal.args if _is_named(a)}
        elif isinstance(literal, ast.Count):
            bound |= bound_variables(literal.body) | {literal.result.name}
    equalities = [lit for lit in body if isinstance(lit, ast.Comparison) and lit.op == "="]
    changed = True
    while changed:
        changed = False
        for equality in equalities:
            for side, other in ((equality.left, equality.right), (equality.right, equality.left)):
                if _is_named(side) and side.name not in bound and _all_bound(other, bound):
                    bound.add(side.name)
                    changed = True
    bound.discard("_")
    return bound


def _is_named(term) -> bool:
    return isinstance(term, ast.Variable) and not term.is_anonymous


def _all_bound(term, bound: set[str]) -> bool:
    return all(not v.is_anonymous and v.name in bound for v in ast.variables_of(term))


class _Safety:
    """Unsafe-variable findings for one clause; each name reported once per scope.

    The clause body is one scope and every count body is another: a count is
    evaluated on its own, so only its own positive conditions bind inside it.
    """

    def __init__(self):
        self.findings: list[Finding] = []
        self.names: set[str] = set()  # every name reported, for the singleton check

    def check(self, clause: ast.Clause) -> list[Finding]:
        scope = _Scope(bound_variables(clause.body), "规则体中")
        for variable in ast.variables_of(clause.head):
            self._need(variable, scope, _HEAD)
        self._body(clause.body, scope)
        return self.findings

    def _body(self, body, scope: "_Scope") -> None:
        for literal in body:
            if isinstance(literal, ast.Atom):
                self._arguments(literal, literal.args, scope, negated=False)
            elif isinstance(literal, ast.Negation):
                self._arguments(literal, literal.atom.args, scope, negated=True)
            elif isinstance(literal, ast.Comparison):
                for variable in ast.variables_of(literal):
                    self._need(variable, scope, _COMPARISON, literal)
            elif isinstance(literal, ast.Count):
                self._count(literal)

    def _arguments(self, literal, args, scope: "_Scope", negated: bool) -> None:
        for arg in args:
            if isinstance(arg, ast.Variable):
                if negated and not arg.is_anonymous:
                    self._need(arg, scope, _NEGATION, literal)
            else:
                for variable in ast.variables_of(arg):
                    self._need(variable, scope, _ARITHMETIC, arg)

    def _count(self, count: ast.Count) -> None:
        scope = _Scope(bound_variables(count.body), "计数体内")
        for variable in count.counted:
            self._need(variable, scope, _COUNTED, count)
        self._body(count.body, scope)

    def _need(self, variable: ast.Variable, scope: "_Scope", place: "_Place", node=None) -> None:
        if variable.is_anonymous:
            self.findings.append(
                Finding(variable.span, "unsafe-variable", f"匿名变量“_”不能出现在{place.name}中", place.anonymous_hint)
            )
            return
        if variable.name in scope.bound or variable.name in scope.reported:
            return
        scope.reported.add(variable.name)
        self.names.add(variable.name)
        message = place.message.format(v=variable, node=node, scope=scope.words)
        hint = place.hint if place is _COUNTED or scope.words == "规则体中" else _COUNT_SCOPE_HINT
        self.findings.append(Finding(variable.span, "unsafe-variable", message, hint.format(v=variable)))


@dataclass
class _Scope:
    bound: set[str]
    words: str  # where binding conditions must be: 规则体中 / 计数体内
    reported: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Place:
    name: str
    message: str
    hint: str
    anonymous_hint: str = ""


_HEAD = _Place(
    "规则头",
    "变量“{v}”出现在规则头中，但{scope}没有绑定它的肯定条件",
    "在规则体中加入一个含 {v} 的肯定条件（不带“并非”的原子），或用 {v} = 表达式 给它赋值。",
    "规则头中的每个变量都要有确定的值：换成具名变量，并在规则体中绑定它。",
)
_NEGATION = _Place(
    "否定条件",
    "变量“{v}”出现在否定条件“{node}”中，但{scope}没有绑定它的肯定条件",
    "“并非”只能检查已确定的值：先用肯定条件绑定 {v}；若表示“任意值”，写 _。",
)
_COMPARISON = _Place(
    "比较",
    "变量“{v}”出现在比较“{node}”中，但{scope}没有绑定它的肯定条件",
    "先用肯定条件绑定 {v}，或用 {v} = 表达式 给它赋值。",
    "比较的两边都要有确定的值：换成具名变量，并用肯定条件绑定它。",
)
_ARITHMETIC = _Place(
    "算式",
    "变量“{v}”出现在算式“{node}”中，但{scope}没有绑定它的肯定条件",
    "算式中的变量要先由肯定条件绑定：在规则体中加入一个含 {v} 的肯定条件。",
    "算式的值要能算出来：换成具名变量，并用肯定条件绑定它。",
)
_COUNTED = _Place(
    "计数",
    "计数的变量“{v}”在{scope}没有绑定它的肯定条件",
    "被计数的变量要出现在计数体的肯定条件中，例如 N = 计数{{C ： 执法过错(P, C)}}。",
    "计数的是具名变量的不同取值：换成具名变量，并在计数体中用肯定条件绑定它。",
)
_COUNT_SCOPE_HINT = "计数体单独求值，计数体外的条件不算：请在计数体内加入一个含 {v} 的肯定条件。"


# ---------------------------------------------------------------- recursion


def _arithmetic_recursion(clauses: list[ast.Clause]) -> list[Finding]:
    """Rules that compute a new value (`Y = X + 1`) from their own recursive conclusions:
    each round makes a value no earlier round had, so evaluation may never end (it stops at
    the engine's limit, with an error).  A warning: a bounded recursion (`X < 100`) is fine."""
    rules = [clause for clause in clauses if not clause.is_fact]
    components = recursive_components(rules)
    findings = []
    for rule in rules:
        component = components.get(rule.head.predicate)
        if component is None or not _makes_values(rule):
            continue
        recursive = [a for a in body_atoms(rule.body) if components.get(a.predicate) == component]
        if recursive:
            findings.append(
                Finding(
                    rule.span,
                    "recursion-through-arithmetic",
                    f"递归经由算术：“{rule.head.predicate}”由自身（经 {recursive[0].predicate}）加上算式得出，每一轮都产生新的值，求值可能不会结束",
                    "给递归加上界（如 X < 100），或改用计数；求值超过上限时会报错停止。",
                    WARNING,
                )
            )
    return findings


def _makes_values(rule: ast.Clause) -> bool:
    """Whether a rule can conclude a value that is not in its body's atoms: an arithmetic
    expression bound by `=`, in the head, or in an atom's arguments."""
    if any(isinstance(arg, ast.Arithmetic) for arg in rule.head.args):
        return True
    for literal in rule.body:
        if isinstance(literal, ast.Comparison) and literal.op == "=":
            if isinstance(literal.left, ast.Arithmetic) or isinstance(literal.right, ast.Arithmetic):
                return True
        elif isinstance(literal, ast.Atom) and any(isinstance(a, ast.Arithmetic) for a in literal.args):
            return True
    return False


def _negation_cycles(clauses: list[ast.Clause]) -> list[Finding]:
    rules = [clause for clause in clauses if not clause.is_fact]
    return [_cycle_finding(cycle, rules) for cycle in negative_cycles(rules)]


def _cycle_finding(cycle: list[str], rules: list[ast.Clause]) -> Finding:
    kinds = _edge_kinds(rules)
    steps = [cycle[0]]
    for head, body in zip(cycle, cycle[1:]):
        steps.append(_step(body, kinds.get((head, body), set())))
    negative = {(h, b) for h, b in zip(cycle, cycle[1:]) if kinds.get((h, b), set()) - {POSITIVE}}
    culprit = min((rule for rule in rules if _has_negative_edge(rule, negative)), key=lambda r: r.span)
    return Finding(
        culprit.span,
        "negation-cycle",
        f"否定（或计数）经由递归：{' → '.join(steps)}",
        "“并非”和“计数”只能作用于已完全求出的谓词，不能依赖于规则自身的结论；请改写其中一条规则，打破这个循环。",
    )


def _step(predicate: str, kinds: set[str]) -> str:
    if NEGATION in kinds:
        return f"并非 {predicate}"
    if kinds - {POSITIVE}:
        return f"计数 {predicate}"
    return predicate


def _edge_kinds(rules: list[ast.Clause]) -> dict[tuple[str, str], set[str]]:
    kinds: dict[tuple[str, str], set[str]] = {}
    for rule in rules:
        for predicate, kind in body_dependencies(rule.body):
            kinds.setdefault((rule.head.predicate, predicate), set()).add(kind)
    return kinds


def _has_negative_edge(rule: ast.Clause, negative: set[tuple[str, str]]) -> bool:
    return any(
        (rule.head.predicate, predicate) in negative
        for predicate, kind in body_dependencies(rule.body)
        if kind != POSITIVE
    )
