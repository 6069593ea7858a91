"""Evaluation on clingo: the same `Program`, translated to ASP (asp.py), many cases per call.

One clingo call grounds a chunk of cases (~1,000: every call adds and prepares the whole
rule set again, 20–70 ms with freeing it, so small chunks pay that per case).  Every predicate
carries the case number, so cases in one call never see each other.

Never a wrong answer: a case with a value clingo cannot represent, or whose int
arithmetic leaves 32 bits, is evaluated on pyDatalog instead, with a note in
`notes`; a program clingo cannot run safely (a constant it cannot represent,
arithmetic inside recursion) raises `UnsupportedProgram`, and the caller uses
pyDatalog for it.

Time bound: clingo's grounding cannot be interrupted, so the bound is checked
after each call; grounding ends because recursion never computes new values here
(asp.recursion_with_arithmetic).
"""

from __future__ import annotations

import datetime
import operator
from typing import TYPE_CHECKING, Iterable, Sequence

import clingo
from clingo.ast import ProgramBuilder, parse_string

from jiuze.compile.program import Fact, Program
from jiuze.evaluate.asp import CASE, DATE, Translator, Unrepresentable, asp_value, recursion_with_arithmetic
from jiuze.evaluate.bounded import DEFAULT_SECONDS, Deadline
from jiuze.evaluate.evaluators import Evaluation, case_name
from jiuze.evaluate.firings import head_reader

if TYPE_CHECKING:
    from jiuze.evaluate.pydatalog import DatalogEngine

Relations = dict[str, set[tuple]]
DEFAULT_CHUNK = 1000
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class UnsupportedProgram(Exception):
    """This program cannot go to clingo safely; `where` and the Chinese message say why."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}：{message}")


class ClingoEngine:
    """A compiled program as one ASP text; `evaluate_many` grounds chunks of cases with it."""

    name = "clingo"

    def __init__(self, program: Program, time_limit: float | None = DEFAULT_SECONDS, chunk: int = DEFAULT_CHUNK):
        self.program = program
        self.time_limit = time_limit
        self.chunk = chunk
        self.notes: list[str] = []  # one line per case that went to pyDatalog instead, and why
        self._fallback: DatalogEngine | None = None
        self.translator = Translator(program)
        self._names = {predicate: name.encode() for predicate, name in self.translator.names.items()}
        self.text = _program_text(program, self.translator)
        self.outputs = self._outputs()
        self.text += _shows(self.outputs, self.translator)
        self._numbers = _shown_numbers(self.outputs, self.translator)
        self._firing_text: str | None = None  # the same program reporting rule firings, built when asked for
        self._heads: dict[int, tuple] = {}  # rule number -> (head predicate, firing values -> head row)
        self._parsed: dict[bool, list] = {}  # with firings or not -> the text parsed (`_statements`)
        self._from_firings: set[str] = set()  # relations read from the firings' heads, not shown
        self._empty = {a.relation: set() for a in program.aggregates} | {
            a.items_relation: set() for a in program.aggregates
        }

    def _outputs(self) -> list[str]:
        """Every derived relation and count table, as the pyDatalog engine returns them."""
        derived = {r.head.predicate for r in self.program.rules}
        derived |= {a.relation for a in self.program.aggregates} | {a.items_relation for a in self.program.aggregates}
        return sorted(p for p in derived if p in self.translator.names)

    # ------------------------------------------------------------ evaluating

    def evaluate(self, facts: Iterable[Fact]) -> Relations:
        return self.evaluate_many([list(facts)])[0]

    def evaluate_many(self, cases: Sequence[Iterable[Fact]], firings: bool = False) -> list[Relations]:
        """Relations per case, in order; chunks of `chunk` cases per clingo call.  With `firings`, each
        case's relations are an `Evaluation` that also lists which rule fired with which values (for
        proofs; the grounding then costs more, so only when asked for)."""
        cases = [list(facts) for facts in cases]
        results: list[Relations | None] = [None] * len(cases)
        encoded: list[tuple[int, list]] = []
        for index, facts in enumerate(cases):
            try:
                encoded.append((index, self._encode(facts)))
            except Unrepresentable as problem:
                results[index] = self._on_pydatalog(facts, f"值 {problem}")
        size = self.chunk or max(1, len(encoded))
        for start in range(0, len(encoded), size):
            batch = encoded[start : start + size]
            solved, overflowed = self._solve([facts for _, facts in batch], firings)
            for position, (index, _) in enumerate(batch):
                if position in overflowed:
                    note = "整数运算的结果超出 clingo 的 32 位整数范围"
                    results[index] = self._on_pydatalog(cases[index], note)
                else:
                    results[index] = solved[position]
                    if firings:
                        self._add_facts(results[index], cases[index])
        return results  # type: ignore[return-value]

    def _encode(self, facts: list[Fact]) -> list[tuple[bytes, list[int]]]:
        """The case's facts as (ASP name, its values' clingo symbol numbers), handed to clingo as
        symbols (`_state_facts`): formatting them as text cost as much as clingo parsing it again.
        A fact no rule reads is dropped, as pyDatalog does."""
        names = self._names
        remembered = _SYMBOLS.get
        return [
            (names[f.predicate], [remembered(v) or _symbol(v) for v in f.values]) for f in facts if f.predicate in names
        ]

    def _solve(self, cases: list[list], firings: bool = False) -> tuple[list[Relations], set[int]]:
        """One clingo call: the rules and every case's facts tagged with its position; one model.
        A shown predicate numbered past the outputs (`shown_runs`) is a firing: len(outputs) + rule number."""
        deadline = Deadline(self.time_limit, self.name)
        arithmetic = _Arithmetic()
        control = clingo.Control(["--warn=none"])
        with ProgramBuilder(control) as builder:
            for statement in self._statements(firings):
                builder.add(statement)
        _state_facts(control, cases, self.translator.uses_case)
        control.ground([("base", [])], context=arithmetic)
        deadline.check()
        results: list = [_copy(self._empty, firings) for _ in cases]
        width = len(self.outputs)

        def read(model: clingo.Model) -> None:
            for number, rows in shown_runs(model, self._numbers):
                if number < width:
                    _add_rows(results, self.outputs[number], rows)
                else:
                    _add_firings(results, number - width, *self._heads[number - width], rows)

        control.solve(on_model=read)
        deadline.check()
        return results, arithmetic.overflowed

    def _statements(self, firings: bool) -> list:
        """The program text parsed once (clingo.ast), added to each call's control as it is: parsing
        the text again cost twice as much (11 ms a call against 6)."""
        parsed = self._parsed.get(firings)
        if parsed is None:
            parsed = self._parsed[firings] = []
            parse_string(self._with_firings() if firings else self.text, parsed.append)
        return parsed

    def _with_firings(self) -> str:
        """The program deriving heads through firing atoms.  A relation all of whose rules report
        firings is not shown: its rows are the firings' heads (plus the facts stated for it, added
        by `_add_facts`), which spares decoding every row twice."""
        if self._firing_text is None:
            text = _program_text(self.program, self.translator, firings=True)
            laid_out = self.translator.firings
            self._heads = {
                number: (rule.head.predicate, head_reader(rule.head, laid_out[number]))
                for number, rule in enumerate(self.program.rules)
                if number in laid_out
            }
            lacking = {r.head.predicate for n, r in enumerate(self.program.rules) if n not in laid_out}
            self._from_firings = {r.head.predicate for r in self.program.rules} - lacking
            shown = [p if p not in self._from_firings else None for p in self.outputs]
            self._firing_text = text + _shows(shown, self.translator) + _firing_shows(self)
        return self._firing_text

    def _add_facts(self, evaluation: Relations, facts: list[Fact]) -> None:
        """The rows of relations read from firings that no rule derived: facts of the rulebook or the case."""
        for fact in (*self.program.facts, *facts):
            if fact.predicate in self._from_firings:
                evaluation.setdefault(fact.predicate, set()).add(fact.values)

    def _on_pydatalog(self, facts: list[Fact], why: str) -> Relations:
        if self._fallback is None:  # imported here: pyDatalog costs every clingo worker ≈ 3 MB otherwise
            from jiuze.evaluate.pydatalog import DatalogEngine

            self._fallback = DatalogEngine(self.program, self.time_limit)
        self.notes.append(f"案件 {case_name(facts)}：{why}，已改用 pyDatalog 求值")
        return self._fallback.evaluate(facts)


def _add_rows(results: list, name: str, rows: list[tuple]) -> None:
    """A shown relation's rows (case position, values…) into their cases' relations."""
    for row in rows:
        relations = results[row[0]]
        found = relations.get(name)  # (setdefault would make a set per row)
        if found is None:
            relations[name] = {row[1:]}
        else:
            found.add(row[1:])


def _add_firings(results: list, rule: int, predicate: str, reader, rows: list[tuple]) -> None:
    """A rule's firings (case position, firing values…) into their cases' firings; each head read
    once, as a row of its relation."""
    for row in rows:
        relations = results[row[0]]
        values = row[1:]
        head = reader(values)
        key = (predicate, head)
        fired = relations.firings.get(key)
        if fired is not None:  # another firing of a head already read
            fired.append((rule, values))
            continue
        relations.firings[key] = [(rule, values)]
        found = relations.get(predicate)
        if found is None:
            relations[predicate] = {head}
        else:
            found.add(head)


def _copy(relations: Relations, firings: bool = False) -> Relations:
    if firings:
        return Evaluation((name, set()) for name in relations)
    return {name: set() for name in relations}


def _state_facts(control: clingo.Control, cases: list[list], uses_case: bool) -> None:
    """The chunk's facts as clingo atoms, each case's (`_encode`) numbered by its position: atoms made
    from symbols and stated as facts through clingo's backend, before grounding.  The model is the
    one the same facts as text gave (rule firings listed in the same order); only the order of
    the relations in a case's dict can differ, and nothing reads that order (pyDatalog's differs too)."""
    with control.backend() as backend:
        if _lib is None:
            for k, facts in enumerate(cases):
                case = clingo.Number(k)
                stated = [("case", [])] if uses_case else []
                for name, values in [*stated, *((n.decode(), v) for n, v in facts)]:
                    atom = backend.add_atom(clingo.Function(name, [case, *map(clingo.Symbol, values)]))
                    backend.add_rule([atom])
            return
        _state_with_c_api(backend._rep, cases, uses_case)


def _state_with_c_api(backend, cases: list[list], uses_case: bool) -> None:
    """`_state_facts` through clingo's C API: three calls a fact, the arguments in one reused array."""
    create, add_atom, rule = _lib.clingo_symbol_create_function, _lib.clingo_backend_add_atom, _lib.clingo_backend_rule
    symbol, atom, none = _ffi.new("clingo_symbol_t*"), _ffi.new("clingo_atom_t*"), _ffi.NULL
    widest = max((len(values) for facts in cases for _, values in facts), default=0)
    arguments = _ffi.new("clingo_symbol_t[]", widest + 1)
    for k, facts in enumerate(cases):
        _lib.clingo_symbol_create_number(k, symbol)
        arguments[0] = symbol[0]
        if uses_case:
            _check(create(b"case", arguments, 1, True, symbol) and add_atom(backend, symbol, atom))
            _check(rule(backend, False, atom, 1, none, 0))
        for name, values in facts:
            arguments[1 : len(values) + 1] = values
            _check(create(name, arguments, len(values) + 1, True, symbol) and add_atom(backend, symbol, atom))
            _check(rule(backend, False, atom, 1, none, 0))


_SYMBOLS: dict[str, int] = {}  # a name -> its clingo symbol number (only str keys: no other value equals a str)


def _symbol(value) -> int:
    """A jiuze value as a clingo symbol number, encoded as asp_value encodes it (which also refuses
    what clingo cannot hold); names remembered (a batch's cases repeat them, and clingo keeps every
    symbol for good, so a number stays valid)."""
    asp_value(value)  # raises Unrepresentable
    if isinstance(value, str):
        if len(_SYMBOLS) >= 20_000:
            _SYMBOLS.clear()
        symbol = _SYMBOLS[value] = clingo.String(value)._rep
        return symbol
    if isinstance(value, int):
        return clingo.Number(value)._rep
    return clingo.Function(DATE, [clingo.Number(value.toordinal())])._rep


def _program_text(program: Program, translator: Translator, firings: bool = False) -> str:
    """asp.Translator.text, one rule at a time, so a value clingo cannot hold is located."""
    problems = recursion_with_arithmetic(program)
    if problems:
        raise UnsupportedProgram(problems[0].id, "递归规则中含算术，clingo 的实例化可能不会终止")
    lines = []
    for fact in program.facts:
        try:
            lines.append(f"{translator.atom(fact.predicate, [asp_value(v) for v in fact.values])} :- case({CASE}).")
        except Unrepresentable as problem:
            raise UnsupportedProgram(fact.source, f"值 {problem}")
    for number, rule in enumerate(program.rules):
        lines += _located(rule.id, translator.rule, rule.head, rule.evaluated_body, number if firings else None)
    for aggregate in program.aggregates:
        lines += _located(aggregate.span.where, translator.aggregate, aggregate)
    translator.uses_case = translator.uses_case or bool(program.facts)
    return "\n".join(lines) + "\n"


def _located(where: str, translate, *args) -> list[str]:
    try:
        return translate(*args)
    except Unrepresentable as problem:
        raise UnsupportedProgram(where, f"值 {problem}")


def _shows(outputs: list, translator: Translator) -> str:
    """Show each output relation by its signature (`#show p3/4.`): showing tuples such as
    `(3, K, X0, X1) : p3(K, X0, X1)` made gringo build a term per row, ~45% of the grounding.
    An output given as None is not shown (its rows come from the firings)."""
    lines = ["#show."]
    for predicate in outputs:
        if predicate is not None:
            lines.append(f"#show {translator.names[predicate]}/{translator.arity[predicate] + 1}.")
    return "\n".join(lines) + "\n"


def _firing_shows(engine: ClingoEngine) -> str:
    """Show each firing atom `f<n>(case, firing variables…)` by its signature."""
    lines = [
        f"#show f{number}/{len(layout.names) + 1}." for number, layout in sorted(engine.translator.firings.items())
    ]
    return "\n".join(lines) + "\n"


def _shown_numbers(outputs: list[str], translator: Translator) -> dict[bytes, int]:
    """ASP name of a shown predicate -> its number: an output's index, or len(outputs) + rule number for `f<n>`."""
    numbers = {translator.names[p].encode(): index for index, p in enumerate(outputs)}
    numbers.update({f"f{n}".encode(): len(outputs) + n for n in range(len(translator.program.rules))})
    return numbers


class _Arithmetic:
    """The int ⊕ int functions the ASP text calls (asp.ARITH_FUNCTIONS), exact in Python.

    A result beyond 32 bits is not returned (the rule instance is dropped) and its case is
    recorded, to be evaluated again on pyDatalog.  A non-int operand: no result, as jiuze."""

    def __init__(self):
        self.overflowed: set[int] = set()

    def jz_add(self, case, left, right):
        return self._apply(case, left, right, operator.add)

    def jz_sub(self, case, left, right):
        return self._apply(case, left, right, operator.sub)

    def jz_mul(self, case, left, right):
        return self._apply(case, left, right, operator.mul)

    def _apply(self, case, left, right, op):
        if left.type != clingo.SymbolType.Number or right.type != clingo.SymbolType.Number:
            return []
        value = op(left.number, right.number)
        if _INT_MIN <= value <= _INT_MAX:
            return clingo.Number(value)
        self.overflowed.add(case.number)
        return []


# ---------------------------------------------------------------- reading a model


def python_value(symbol: clingo.Symbol):
    """An ASP term of our encoding back to the jiuze value."""
    kind = symbol.type
    if kind == clingo.SymbolType.String:
        return symbol.string
    if kind == clingo.SymbolType.Number:
        return symbol.number
    return datetime.date.fromordinal(symbol.arguments[0].number)


try:  # the C API under clingo's own wrapper: one call per shown tuple instead of ~4 per value
    from clingo._internal import _ffi, _lib
except ImportError:  # another clingo layout: the public API, about 10x slower to decode
    _ffi = _lib = None


class _Values(dict):
    """Symbol number -> jiuze value, for the whole process: clingo never frees a symbol, so a number
    always stands for the same term, and the names, dates and numbers of a batch's cases repeat
    across chunks.  A number not yet seen is decoded on lookup (`__missing__`), so rows are mapped
    through the table at C speed.  Emptied now and then: each case brings a new case name."""

    LIMIT = 20_000

    def __missing__(self, rep: int):
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[rep] = python_value(clingo.Symbol(rep))
        return value


_VALUES = _Values()


def shown_runs(model: clingo.Model, numbers: dict[bytes, int]) -> list[tuple[int, list[tuple]]]:
    """The shown atoms of a model, a run per predicate: (number of the predicate in `numbers`,
    [its atoms' arguments as tuples of Python values, …]), in the model's order.

    clingo lists the atoms shown by signature (`#show p/n.`) predicate by predicate (it walks each
    shown predicate's atoms in turn), so a run's end is found by halving (`_run_end`): a few
    name look-ups a predicate instead of one an atom.  Each atom's arguments come out as one list of
    symbol numbers (`ffi.unpack`), mapped to values through `_VALUES`."""
    if _lib is None:
        runs: list[tuple[int, list[tuple]]] = []
        for symbol in model.symbols(shown=True):
            number = numbers[symbol.name.encode()]
            if not runs or runs[-1][0] != number:
                runs.append((number, []))
            runs[-1][1].append(tuple(python_value(arg) for arg in symbol.arguments))
        return runs
    show = _lib.clingo_show_type_shown
    size = _ffi.new("size_t*")
    _check(_lib.clingo_model_symbols_size(model._rep, show, size))
    count = size[0]
    symbols = _ffi.new("clingo_symbol_t[]", count)
    _check(_lib.clingo_model_symbols(model._rep, show, symbols, count))
    args, width = _ffi.new("clingo_symbol_t**"), _ffi.new("size_t*")
    arguments, unpack, value = _lib.clingo_symbol_arguments, _ffi.unpack, _VALUES.__getitem__
    runs = []
    start = 0
    while start < count:
        name = _name(symbols[start])
        end = _run_end(symbols, start, count, name)
        _check(arguments(symbols[start], args, width))
        arity = width[0]  # the run's: one predicate
        rows = [tuple(map(value, unpack(args[0], arity))) for s in symbols[start:end] if arguments(s, args, width)]
        if len(rows) != end - start:
            _check(False)
        runs.append((numbers[_ffi.string(name)], rows))
        start = end
    return runs


def _name(symbol: int):
    """The name of a function symbol, as clingo's pointer (the same for every symbol of one name)."""
    name = _ffi.new("char**")
    _check(_lib.clingo_symbol_name(symbol, name))
    return name[0]


def _run_end(symbols, start: int, count: int, name) -> int:
    """The first position after `start` whose symbol is not named `name` (or `count`): the run's
    length doubled until past it, then halved down to it."""
    low, step = start, 1  # symbols[low] has the name
    while low + step < count and _name(symbols[low + step]) == name:
        low += step
        step *= 2
    high = min(low + step, count)  # symbols[high] has another name, or is past the end
    while high - low > 1:
        middle = (low + high) // 2
        if _name(symbols[middle]) == name:
            low = middle
        else:
            high = middle
    return high


def _check(ok: bool) -> None:
    if not ok:
        raise RuntimeError(_ffi.string(_lib.clingo_error_message()).decode())
