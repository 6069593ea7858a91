"""Text → AST.  Lark (LALR, contextual lexer) building AST nodes as it reduces (reduce.py).

Errors never stop the parse at the first one: after a syntax error the
parser skips to the end of the statement (。 or .) and resumes from the last
statement boundary, so a drafter sees every error of a file in one run.
"""

from __future__ import annotations

import datetime
import functools
import threading
from dataclasses import replace
from importlib import resources
from sys import intern  # names recur in every rule that uses them: one string each

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from jiuze.language import ast, lexing, parser_tables, reduce
from jiuze.language.articles import ArticleRef, LabelError, parse_label
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span

# Terminal names → words a drafter understands (never `__ANON_3`).
TOKEN_WORDS = {
    "_END": "句号“。”",
    "_COMMA": "逗号“，”",
    "_COLON": "冒号“：”",
    "_LPAR": "左括号“（”",
    "_RPAR": "右括号“）”",
    "_LBRACE": "左花括号“｛”",
    "_RBRACE": "右花括号“｝”",
    "_IF_ZH": "“若”",
    "_IF_EN": "“若”",
    "_AND_ZH": "“且”",
    "_AND_EN": "“且”",
    "_NOT_ZH": "“并非”",
    "_NOT_EN": "“并非”",
    "_PREDICATE_ZH": "“谓词”",
    "_PREDICATE_EN": "“谓词”",
    "_READS_ZH": "“读作”",
    "_READS_EN": "“读作”",
    "_COUNT_ZH": "“计数”",
    "_COUNT_EN": "“计数”",
    "_SCENARIO_ZH": "“场景”",
    "_SCENARIO_EN": "“场景”",
    "_EXPECT_ZH": "“应有”",
    "_EXPECT_EN": "“应有”",
    "_EXPECT_NOT": "“应无”",
    "_OVER_ZH": "“优先于”",
    "_OVER_EN": "“优先于”",
    "STRICT_ZH": "“严格”",
    "STRICT_EN": "“严格”",
    "DEFEASIBLE_ZH": "“可废”",
    "DEFEASIBLE_EN": "“可废”",
    "DEFEATER_ZH": "“阻却”",
    "DEFEATER_EN": "“阻却”",
    "MUST_ZH": "“应当”",
    "MUST_EN": "“应当”",
    "MAY_ZH": "“可以”",
    "MAY_EN": "“可以”",
    "MUST_NOT_ZH": "“不得”",
    "MUST_NOT_EN": "“不得”",
    "_ARTICLE_ZH": "“条文”",
    "_ARTICLE_EN": "“条文”",
    "_VALID_ZH": "“有效”",
    "_VALID_EN": "“有效”",
    "_UNTIL_ZH": "“至”",
    "_UNTIL_EN": "“至”",
    "WHOLE": "“全部”",
    "DECLARATORY": "“宣示性”",
    "_BASE_ZH": "“依据”",
    "_AMEND_ZH": "“修改”",
    "_REPEAL_ZH": "“废止”",
    "_ADD_ZH": "“增加”",
    "_DEVIATION_ZH": "“偏离”",
    "NATIONAL_ZH": "“全国”",
    "_CONTRARY_ZH": "“互斥”",
    "_CONTRARY_EN": "“互斥”",
    "_WITH_ZH": "“与”",
    "_WITH_EN": "“与”",
    "COMPARE": "比较符",
    "EQUALS": "等号“=”",
    "ADDOP": "运算符",
    "MULOP": "运算符",
    "ARTICLE": "条文标签（如 第六条）",
    "DATE": "值",
    "INT": "值",
    "VAR": "变量",
    "NAME": "名称",
    "STRING": "值",
    "$END": "文件结尾",
}


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    text = resources.files("jiuze.grammar").joinpath("jiuze.lark").read_text(encoding="utf-8")
    return parser_tables.build(
        text, parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=True
    )


@functools.lru_cache(maxsize=1)
def _conf():
    """The parse tables with reduce callbacks that build AST nodes (one per process)."""
    return reduce.parse_conf(_parser(), _AstBuilder)


_CONF_LOCK = threading.Lock()  # the callbacks read the builder of the parse in progress


def parse_text(text: str, path: str) -> tuple[ast.Module, list[Finding]]:
    """Parse one file; return the module (what could be parsed) and all findings.

    Syntax errors come first, then what the builder found (bad labels, dates, …) in
    source order, as when the tree was transformed after parsing."""
    findings: list[Finding] = []
    builder = _AstBuilder(path)
    conf, holder = _conf()
    with _CONF_LOCK:
        holder["builder"] = builder
        try:
            result = _parse_with_recovery(text, path, findings, conf, builder)
        finally:
            holder["builder"] = None
    if result is None:  # nothing could be closed: no statements, and nothing the builder saw counts
        return ast.Module(path, text, (), ()), findings
    findings += builder.findings
    return ast.Module(path, text, tuple(result.value), tuple(builder.labels)), findings


def parse_file(path: str, display: str | None = None) -> tuple[ast.Module, list[Finding]]:
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    return parse_text(text, display or path)


@functools.lru_cache(maxsize=4096)
def parse_atom(text: str, where: str = "<查询>") -> ast.Atom:
    """Parse a query like `应当追究(P, C)`; raise JiuzeError when malformed.

    Cached: atoms are immutable, and reports ask the same few atoms per case.
    """
    typed = text.strip().rstrip("。.")
    module, findings = parse_text(typed + "。", where)
    findings = [_at_end_of_query(f, typed) for f in findings]
    clauses = module.of_type(ast.Clause)
    if findings or len(module.statements) != 1 or not clauses or clauses[0].body:
        if not findings:
            span = Span(where, 1, 1, 1, len(text) + 1)
            findings = [
                Finding(span, "bad-query", f"“{text}”不是一个原子公式", "查询应写成 谓词(参数, …)，例如 应当追究(P, C)")
            ]
        raise JiuzeError(findings, {where: text})
    return clauses[0].head


def _at_end_of_query(finding: Finding, typed: str) -> Finding:
    """An error at the "。" parse_atom appended: the query ended too early; never name a
    character the user did not type."""
    if finding.span.line != 1 or finding.span.column <= len(typed):
        return finding
    message = finding.message.replace("此处不应出现“。”", "查询在这里意外结束")
    column = len(typed) + 1
    return replace(finding, span=Span(finding.span.file, 1, column, 1, column + 1), message=message)


# ---------------------------------------------------------------- recovery


def _parse_with_recovery(text: str, path: str, findings: list[Finding], conf, builder: "_AstBuilder"):
    parser = _parser()
    lexer = parser.parse_interactive(text).lexer_thread
    state = reduce.State(conf, lexer)
    checkpoint = _snapshot(state, builder)
    tokens = lexing.tokens(lexer.lexer, lexer.state, state)
    last_token = None
    quiet = False  # a character was dropped in this statement: don't pile errors on it
    last_fed = None
    while True:
        try:
            token = next(tokens)
        except StopIteration:
            break
        except UnexpectedCharacters as error:
            findings.append(_char_error(error, text, path))
            lexer.state.line_ctr.feed(text[error.pos_in_stream])  # drop the character
            tokens, quiet = lexing.tokens(lexer.lexer, lexer.state, state), True
            continue
        except UnexpectedToken as error:  # lexable, but not in this parser state
            finding = _token_error(error, path, last_token, text)
            if not quiet:
                findings.append(finding)
            quiet = finding.code == DECIMAL  # the digits after the point are no second error
            if error.token.type != "_END":
                last_token = _skip_statement(parser, lexer, text, path, findings) or last_token
            _restore(state, checkpoint, builder)
            tokens = lexing.tokens(lexer.lexer, lexer.state, state)
            continue
        last_fed, last_token = last_token, token
        try:
            state.feed_token(token)
        except UnexpectedToken as error:
            finding = _token_error(error, path, last_fed, text)
            if not quiet:
                findings.append(finding)
            quiet = finding.code == DECIMAL
            if token.type != "_END":
                last_token = _skip_statement(parser, lexer, text, path, findings) or last_token
            _restore(state, checkpoint, builder)
            tokens = lexing.tokens(lexer.lexer, lexer.state, state)
            continue
        if token.type in ("_END", "_RBRACE"):
            checkpoint, quiet = _snapshot(state, builder), False
    end = Token.new_borrow_pos("$END", "", last_token) if last_token else Token("$END", "", 0, 1, 1)
    try:
        return state.feed_token(end, True)
    except UnexpectedToken as error:
        findings.append(_eof_error(error, text, path))
    return _close_at_eof(state, checkpoint, end, builder)


def _close_at_eof(state, checkpoint, end: Token, builder: "_AstBuilder"):
    """Keep what parsed before a truncated ending: close open blocks, then end.

    None when that fails too: the checkpoint can sit inside a rule (after the ｝ of a
    计数{…}), where a ｝ is expected but cannot be taken (a file ending `N = 计数{C ： r(C)}，N`
    used to end in a traceback)."""
    _restore(state, checkpoint, builder)
    for _ in range(64):
        try:
            return state.feed_token(end, True)
        except UnexpectedToken as error:
            if "_RBRACE" not in error.expected:
                return None
        try:
            state.feed_token(Token.new_borrow_pos("_RBRACE", "}", end))
        except UnexpectedToken:
            return None
    return None


def _skip_statement(parser: Lark, lexer, text: str, path: str, findings: list[Finding]):
    """Drop tokens up to and including the next 。 (any lexable token is fine here)."""
    root = parser.parser.lexer.root_lexer
    last = None
    while lexer.state.line_ctr.char_pos < len(text):
        try:
            token = root.next_token(lexer.state)
        except UnexpectedCharacters as error:
            findings.append(_char_error(error, text, path))
            lexer.state.line_ctr.feed(text[error.pos_in_stream])
            continue
        except EOFError:
            break
        last = token
        if token.type == "_END":
            break
    return last


def _snapshot(state, builder: "_AstBuilder"):
    """A checkpoint of the parser state that later parsing cannot disturb, in time
    independent of the file's length.

    A left-recursive list (`_item*`) grows in place (reduce.py); nodes below are never
    edited.  So a checkpoint is the two stacks (a few entries: the statement nesting),
    each list on the value stack with the length it had, and how much the builder had
    recorded (labels, findings); restoring truncates those back, which also undoes what
    a statement reduced after the checkpoint recorded.  (Copying every list made each
    statement cost as much as all before it: 59k statements took 16 s, 116k 66 s.)
    """
    copy = state.copy(deepcopy_values=False)
    return copy, reduce.list_lengths(copy.value_stack), builder.mark()


def _restore(state, checkpoint, builder: "_AstBuilder") -> None:
    """Put the parser back at the last statement boundary (the checkpoint stays reusable)."""
    saved, lengths, mark = checkpoint
    for children, length in lengths:
        del children[length:]
    state.state_stack[:] = saved.state_stack
    state.value_stack[:] = saved.value_stack
    builder.rewind(mark)


def _expected_words(expected) -> str:
    words = sorted({TOKEN_WORDS.get(name, name) for name in expected if not name.startswith("__")})
    return "、".join(words) if words else "（无）"


def _token_error(error: UnexpectedToken, path: str, previous: Token | None = None, text: str = "") -> Finding:
    token = error.token
    if previous is not None and "_END" in error.expected and token.line > (previous.end_line or 0):
        return _missing_period(previous, token, path)
    if _is_decimal_point(token, previous, text):
        span = Span(path, previous.line, previous.column, token.line, token.column + 2)
        return Finding(
            span,
            DECIMAL,
            "不支持小数：数值只能是整数",
            "把数量换成整数的单位（如 天、元），或写成文字并加引号。",
        )
    span = Span(
        path,
        token.line or 1,
        token.column or 1,
        token.end_line or token.line or 1,
        token.end_column or (token.column or 1) + 1,
    )
    shown = str(token) or TOKEN_WORDS.get(token.type, token.type)
    message = f"语法错误：此处不应出现“{shown}”；这里应为 {_expected_words(error.expected)}"
    return Finding(span, "syntax", message, _hint_for(token, error.expected))


DECIMAL = "decimal"
MAX_DIGITS = 1000  # an integer literal's digits; Python converts at most 4,300
MAX_TERMS = 100  # terms of one arithmetic expression


def _is_decimal_point(token: Token, previous: Token | None, text: str) -> bool:
    """`1.5`: an integer, then a period read as the end of a statement, then a digit."""
    if previous is None or previous.type != "INT" or str(token) not in (".", "．"):
        return False
    at = getattr(token, "end_pos", None)
    return at is not None and at < len(text) and text[at].isdigit()


def _missing_period(previous: Token, token: Token, path: str) -> Finding:
    """The statement before a line break never ended: point where the 。 belongs."""
    line, column = previous.end_line, previous.end_column
    span = Span(path, line, column, line, column + 1)
    return Finding(
        span,
        "syntax",
        f"语法错误：这里缺少句号“。”（下一行的“{token}”开始了新的一句）",
        "每条规则、事实和声明都以“。”结尾。",
    )


def _hint_for(token: Token, expected) -> str:
    if "_RPAR" in expected and "_COMMA" in expected and token.type in ("NAME", "VAR", "INT", "STRING", "DATE"):
        return "参数之间是否漏了逗号“，”？"
    if "_END" in expected and token.type in ("NAME", "VAR", "ARTICLE", "_PREDICATE_ZH", "_SCENARIO_ZH"):
        return "上一句是否漏了句号“。”？每条规则、事实和声明都以“。”结尾。"
    if token.type == "NAME" and "_IF_ZH" in expected:
        return "规则的头和体之间要写“若”（或“:-”），关键词前后要有空格或标点。"
    if "_RPAR" in expected:
        return "检查括号是否成对，参数之间用逗号分隔。"
    return "对照 docs/language.md 中的语法检查这一句。"


def _char_error(error: UnexpectedCharacters, text: str, path: str) -> Finding:
    char = text[error.pos_in_stream]
    span = Span(path, error.line, error.column, error.line, error.column + 1)
    shown = char if char.isprintable() else "控制字符"  # never echo NUL or ESC raw to a terminal
    message = f"语法错误：无法识别的字符“{shown}”（U+{ord(char):04X}）"
    return Finding(
        span, "syntax", message, "删除该字符；名称只能由汉字、字母、数字和下划线组成，字符串请用引号括起来。"
    )


def _eof_error(error: UnexpectedToken, text: str, path: str) -> Finding:
    lines = text.splitlines() or [""]
    span = Span(path, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)
    if "_RBRACE" in error.expected:
        message = "语法错误：文件意外结束；条文块或场景缺少右花括号“｝”"
    else:
        message = f"语法错误：文件意外结束；这里应为 {_expected_words(error.expected)}"
    return Finding(span, "syntax", message, "检查最后一句是否完整，花括号“｛ ｝”是否成对。")


# ---------------------------------------------------------------- tree → AST


def _span(path: str, meta_or_token) -> Span:
    m = meta_or_token
    return Span(path, m.line, m.column, getattr(m, "end_line", m.line), getattr(m, "end_column", m.column))


class _AstBuilder:
    """Builds AST nodes as the parser reduces (one method per grammar rule, given the
    rule's position and its children's values); article labels are resolved here, with
    findings for bad ones.

    Called by the LALR parser, never recursively, so a deeply nested input cannot end in
    RecursionError here; expressions are limited to MAX_TERMS terms so that no later stage
    (checks, compiler, evaluators, proofs) recurses deeper than that either."""

    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []
        self.labels: list[ast.Label] = []
        self._depth: dict[int, tuple[int, ast.Arithmetic]] = {}  # id → (nesting depth, the node, kept alive)

    def mark(self) -> tuple[int, int]:
        return len(self.findings), len(self.labels)

    def rewind(self, mark: tuple[int, int]) -> None:
        """Forget what was recorded after `mark` (its statements were dropped or are reduced again)."""
        del self.findings[mark[0] :]
        del self.labels[mark[1] :]

    def start(self, meta, items):
        statements = list(_flatten(items))
        for statement in statements:
            article = getattr(statement, "article", None)
            if article is not None and article.is_relative:
                self.findings.append(
                    Finding(
                        statement.span,
                        "bad-label",
                        f"条文标签“{article}”没有所属的条",
                        "只写“第（二）项”时，要放在“第六条 ｛ … ｝”这样的条文块里；否则写全，如 第六条第（二）项。",
                    )
                )
        return statements

    # --- labels
    def _label(self, token: Token) -> ast.Label:
        span = _span(self.path, token)
        try:
            ref = parse_label(str(token))
        except LabelError as error:
            self.findings.append(
                Finding(
                    span,
                    "bad-label",
                    f"条文标签有误：{error}",
                    "标签应写成 第六条、第六条第（二）项 或 第十三条第二款。",
                )
            )
            ref = None
        label = ast.Label(str(token), ref, span)
        self.labels.append(label)
        return label

    def labelled(self, meta, items):
        label = self._label(items[0])
        return [_with_article(s, label, self) for s in _flatten(items[1:])]

    def block(self, meta, items):
        label = self._label(items[0])
        return [_with_article(s, label, self) for s in _flatten(items[1:])]

    # --- statements
    def declaration(self, meta, items):
        name, params, reading = items
        names = tuple(intern(str(p)) for p in (params or []))
        text = reading.value if isinstance(reading, ast.Constant) else None
        return ast.Declaration(intern(str(name)), names, text, None, _span(self.path, meta))

    def params(self, meta, items):
        return items

    def clause(self, meta, items):
        strength, modality, head, body, validity = items
        start, end = validity if validity else (None, None)
        span = _span(self.path, meta)
        return ast.Clause(head, tuple(body or ()), None, span, strength or ast.DEFEASIBLE, modality, start, end)

    def strength(self, meta, items):
        return {
            "严格": ast.STRICT,
            "strict": ast.STRICT,
            "可废": ast.DEFEASIBLE,
            "defeasible": ast.DEFEASIBLE,
            "阻却": ast.DEFEATER,
            "defeater": ast.DEFEATER,
        }[str(items[0])]

    def modality(self, meta, items):
        return {
            "应当": ast.REQUIRED,
            "must": ast.REQUIRED,
            "可以": ast.PERMITTED,
            "may": ast.PERMITTED,
            "不得": ast.FORBIDDEN,
            "must_not": ast.FORBIDDEN,
        }[str(items[0])]

    # --- overlays (第二十八条)
    def base(self, meta, items):
        value = items[0].value if isinstance(items[0], ast.Constant) else None
        return ast.OverlayHeader("base", value, _span(self.path, meta))

    def national(self, meta, items):
        return None

    def overlay_name(self, meta, items):
        return ast.OverlayHeader("name", items[0].value, _span(self.path, meta))

    def issuer(self, meta, items):
        return ast.OverlayHeader("issuer", items[0].value, _span(self.path, meta))

    def effective(self, meta, items):
        return ast.OverlayHeader("effective", self.date(meta, items).value, _span(self.path, meta))

    def deviation(self, meta, items):
        return items[0].value

    def _amendment(self, kind, meta, items):
        label = self._label(items[0])
        conclusion, deviation = (items[1], items[2]) if kind != "add" else (None, items[1])
        rest = items[3:] if kind != "add" else items[2:]
        inner = [_with_article(s, label, self) for s in _flatten(rest)]
        return ast.Amendment(kind, label, deviation, tuple(inner), _span(self.path, meta), conclusion)

    def conclusion(self, meta, items):
        return str(items[0])

    def parameter(self, meta, items):
        name, _, value, direction = items
        words = {"不得大于": "at_most", "at_most": "at_most", "不得小于": "at_least", "at_least": "at_least"}
        return ast.Parameter(
            str(name), int(value), words.get(str(direction)) if direction else None, _span(self.path, meta)
        )

    def setting(self, meta, items):
        name, _, value, deviation = items
        return ast.Setting(str(name), int(value), deviation, _span(self.path, meta))

    def amend(self, meta, items):
        return self._amendment("amend", meta, items)

    def repeal(self, meta, items):
        return self._amendment("repeal", meta, items)

    def add(self, meta, items):
        return self._amendment("add", meta, items)

    def article_meta(self, meta, items):
        target, declaratory, validity, note = items
        label = self._label(target) if target.type == "ARTICLE" else None
        start, end = validity if validity else (None, None)
        return ast.ArticleMeta(
            label,
            declaratory is not None,
            start,
            end,
            note.value if isinstance(note, ast.Constant) else None,
            _span(self.path, meta),
        )

    def validity(self, meta, items):
        return tuple(self.date(meta, [token]).value for token in items)

    def contrary(self, meta, items):
        return ast.Contrary(items[0], items[1], _span(self.path, meta))

    def priority(self, meta, items):
        return ast.Priority(self._label(items[0]), self._label(items[1]), _span(self.path, meta))

    def body(self, meta, items):
        return list(items)

    def negation(self, meta, items):
        return ast.Negation(items[0], _span(self.path, meta))

    def comparison(self, meta, items):
        left, op, right = items
        op = {"≠": "!=", "≤": "<=", "≥": ">=", "＝": "="}.get(str(op), str(op))
        return ast.Comparison(op, left, right, _span(self.path, meta))

    def aggregate(self, meta, items):
        result, _eq, counted, body = items
        if not isinstance(result, ast.Variable):
            self.findings.append(
                Finding(
                    result.span,
                    "syntax",
                    f"计数的结果必须是变量，而不是“{result}”",
                    "写成 N = 计数{C ： …}，再用 N 作比较。",
                )
            )
            result = ast.Variable("_", result.span)
        return ast.Count(result, tuple(counted), tuple(body), _span(self.path, meta))

    def var_list(self, meta, items):
        return [ast.Variable(str(t), _span(self.path, t)) for t in items]

    def atom(self, meta, items):
        name, args = items
        return ast.Atom(intern(str(name)), tuple(args or ()), _span(self.path, meta))

    def args(self, meta, items):
        return list(items)

    # --- terms
    def arith(self, meta, items):
        left, op, right = items
        depth = max(self._depth.get(id(left), (0,))[0], self._depth.get(id(right), (0,))[0]) + 1
        node = ast.Arithmetic(str(op), left, right, _span(self.path, meta))
        if depth == MAX_TERMS:
            self.findings.append(
                Finding(
                    _span(self.path, meta),
                    "too-long-expression",
                    f"算式过长（超过 {MAX_TERMS} 项）",
                    "把算式拆成几条规则，每条算一部分，用中间谓词传递结果。",
                )
            )
        self._depth[id(node)] = (depth, node)
        return node

    def variable(self, meta, items):
        token = items[0]
        name = str(token)
        if name[0] == "？":
            name = "?" + name[1:]
        return ast.Variable(intern(name), _span(self.path, token))

    def name(self, meta, items):
        return ast.Constant(intern(str(items[0])), _span(self.path, items[0]))

    def string(self, meta, items):
        token = items[0]
        return ast.Constant(str(token)[1:-1], _span(self.path, token))

    def integer(self, meta, items):
        token = items[0]
        if len(token) > MAX_DIGITS:  # Python refuses to convert more than 4,300 digits
            self.findings.append(
                Finding(
                    _span(self.path, token),
                    "too-many-digits",
                    f"数字过长（{len(token)} 位，最多 {MAX_DIGITS} 位）",
                    "规则中的数字应是天数、次数这样的整数；编号请写成文字。",
                )
            )
            return ast.Constant(0, _span(self.path, token))
        return ast.Constant(int(token), _span(self.path, token))

    def date(self, meta, items):
        token = items[0]
        span = _span(self.path, token)
        try:
            return ast.Constant(datetime.date.fromisoformat(str(token)), span)
        except ValueError:
            self.findings.append(
                Finding(span, "bad-date", f"日期“{token}”不存在", "日期写成 年-月-日，如 1999-06-02。")
            )
            return ast.Constant(str(token), span)

    # --- scenarios
    def scenario(self, meta, items):
        name = items[0]
        name = name.value if isinstance(name, ast.Constant) else str(name)
        parts = {"scenario_fact": [], "expect_holds": [], "expect_absent": []}
        for kind, atom in items[1:]:
            parts[kind].append(atom)
        return ast.Scenario(
            name,
            tuple(parts["scenario_fact"]),
            tuple(parts["expect_holds"]),
            tuple(parts["expect_absent"]),
            _span(self.path, meta),
        )

    def scenario_fact(self, meta, items):
        return ("scenario_fact", items[0])

    def expect_holds(self, meta, items):
        return ("expect_holds", items[-1])

    def expect_absent(self, meta, items):
        return ("expect_absent", items[-1])


def _with_article(statement, label: ast.Label, builder: _AstBuilder):
    """Attach `label` to a statement that has no article yet (inner labels win)."""
    if label.ref is None or not isinstance(statement, (ast.Clause, ast.Declaration)):
        return statement
    if statement.article is None:
        return _replace_article(statement, label.ref)
    if statement.article.is_relative:
        return _replace_article(statement, statement.article.within(label.ref))
    return statement


def _replace_article(statement, ref: ArticleRef):
    return replace(statement, article=ref)


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        elif item is not None:
            yield item
