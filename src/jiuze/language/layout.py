"""Rule file → its canonical layout, comments kept (`jiuze fmt`, LSP formatting).

`printer.format_module` prints an AST, which has neither comments nor the
drafter's article blocks; a formatter must keep both.  So this prints Lark's
concrete tree instead: blocks, labels, strings, names and numbers exactly as
written, with one canonical choice for everything else — Chinese keywords
(`若`, `且` → `，`, `并非`, …), full-width `，。：｛｝` where the rulebooks use them,
one statement per line, two spaces per block level, at most one blank line.

Kept as the drafter had them: comments (own-line ones in place, end-of-line
ones after their statement), blank lines between paragraphs, line breaks
between the literals of a long rule, and which facts of a scenario share a
line.  The output parses to the same AST as the input (tests check this on
every shipped file), and formatting it again changes nothing.
"""

from __future__ import annotations

import difflib
import functools
import os
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.parser import parse_text
from jiuze.language.source import Span

INDENT = "  "
CONTINUATION = "    "

_STRENGTH = {"strict": "严格", "defeasible": "可废", "defeater": "阻却"}
_MODALITY = {"must": "应当", "may": "可以", "must_not": "不得"}


@dataclass
class _Line:
    """One output line: `depth` block levels deep, from source line `line` (0: synthetic)."""

    depth: int
    text: str
    line: int
    end_line: int


class _Comments:
    """Collects the comments Lark's lexer skips; one parse at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.found: list[Token] = []

    def __call__(self, token: Token) -> Token:
        self.found.append(token)
        return token


_COMMENTS = _Comments()


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """The same grammar as `parser`, plus a lexer callback that keeps comments.

    A parser of its own, so the checker's error-recovering parser is untouched.
    """
    text = resources.files("jiuze.grammar").joinpath("jiuze.lark").read_text(encoding="utf-8")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        lexer_callbacks={"COMMENT": _COMMENTS},
    )


def format_text(text: str, path: str = "<规则>") -> str:
    """The canonical layout of `text`; raises JiuzeError (located findings) if it does not parse."""
    _, findings = parse_text(text, path)
    syntax = [f for f in findings if f.is_error and f.code == "syntax"]
    if syntax:
        raise JiuzeError(syntax, {path: text})
    parser = _parser()
    with _COMMENTS.lock:
        _COMMENTS.found = []
        try:
            tree = parser.parse(text)
        except LarkError:  # the recovering parser said fine; never crash on a disagreement
            finding = Finding(Span(path, 1, 1), "syntax", "无法解析此文件，未作排版", "先用 jiuze check 修正语法错误。")
            raise JiuzeError([finding], {path: text})
        comments = list(_COMMENTS.found)
    lines = _Printer(text, comments).items(tree.children, 0)
    return _render(_place_comments(lines, comments), text)


# ---------------------------------------------------------------- comments and blank lines


def _place_comments(lines: list[_Line], comments: list[Token]) -> list[_Line]:
    """Merge comments into the code lines by source position.

    A comment on the last line of a statement stays at that line's end; any
    other comment becomes a line of its own, indented like the code after it.
    """
    out: list[_Line] = []
    pending = sorted(comments, key=lambda c: (c.line, c.column))
    for line in lines:
        while pending and pending[0].line < line.end_line:
            comment = pending.pop(0)
            depth = line.depth + 1 if line.text == "｝" else line.depth
            out.append(_Line(depth, comment.value.rstrip(), comment.line, comment.line))
        while pending and line.end_line and pending[0].line == line.end_line:
            line.text += "  " + pending.pop(0).value.rstrip()
        out.append(line)
    out += [_Line(0, c.value.rstrip(), c.line, c.line) for c in pending]
    return out


def _render(lines: list[_Line], text: str) -> str:
    """Join lines, keeping one blank line where the source had one or more."""
    blank = {i + 1 for i, raw in enumerate(text.splitlines()) if not raw.strip()}
    result: list[str] = []
    previous_end = None
    for line in lines:
        opens_or_closes = result and (result[-1].endswith("｛") or line.text == "｝")
        if previous_end is not None and line.line and not opens_or_closes:
            if any(n in blank for n in range(previous_end + 1, line.line)):
                result.append("")
        result.append(INDENT * line.depth + line.text)
        if line.end_line:
            previous_end = line.end_line
    return "\n".join(result).rstrip("\n") + "\n" if result else ""


# ---------------------------------------------------------------- the tree printer


class _Printer:
    """Lark tree → lines.  Each method returns the text of one grammar rule.

    A statement kind this printer does not know yet (the grammar grew) is kept
    as written, minus its comments (they are placed like all others), so a
    new construct never breaks `jiuze fmt` and never loses a word.
    """

    def __init__(self, text: str = "", comments: list[Token] | None = None):
        self.text = text
        self.comments = comments or []

    def items(self, children, depth: int) -> list[_Line]:
        """Statements one per line, except facts that shared a source line (a case's facts)."""
        lines: list[_Line] = []
        joinable = False
        for child in children:
            if child is None:
                continue
            fact = child.data == "clause" and child.children[3] is None
            if fact and joinable and lines[-1].end_line == child.meta.line:
                lines[-1].text += " " + self.statement(child)
                lines[-1].end_line = child.meta.end_line
                continue
            lines += self.item(child, depth)
            joinable = fact
        return lines

    def item(self, node: Tree, depth: int) -> list[_Line]:
        kind = node.data
        if kind in ("block", "amend", "add"):
            return self._block(node, depth)
        if kind == "scenario":
            return self._scenario(node, depth)
        if kind == "labelled":
            label, statement = node.children
            text = f"{label} " + self.statement(statement)
            return self._split(text, node, depth)
        return self._split(self.statement(node), node, depth)

    def _split(self, text: str, node: Tree, depth: int) -> list[_Line]:
        """A statement's lines: continuation lines (from `\\n` markers) indented once more."""
        first, *rest = text.split("\n")
        lines = [_Line(depth, first, node.meta.line, node.meta.end_line)]
        lines += [_Line(depth, CONTINUATION + part, 0, 0) for part in rest]
        if rest:
            lines[0].end_line = node.meta.line
            lines[-1].end_line = node.meta.end_line
        return lines

    def _block(self, node: Tree, depth: int) -> list[_Line]:
        label, *rest = node.children
        head = str(label)
        if node.data == "amend":
            conclusion, deviation, rest = rest[0], rest[1], rest[2:]
            head = f"修改 {label}" + self._conclusion(conclusion) + self._deviation(deviation)
        elif node.data == "add":
            deviation, rest = rest[0], rest[1:]
            head = f"增加 {label}" + self._deviation(deviation)
        open_line = _Line(depth, head + " ｛", node.meta.line, node.meta.line)
        close_line = _Line(depth, "｝", node.meta.end_line, node.meta.end_line)
        inner = self.items(rest, depth + 1)
        return [open_line, *inner, close_line]

    def _deviation(self, node) -> str:
        return "" if node is None else f" 偏离 {node.children[0].children[0]}"

    def _conclusion(self, node) -> str:
        """修改 第二十七条 申诉答复期限 ｛…｝: only that article's rules concluding this predicate."""
        return "" if node is None else f" {node.children[0]}"

    def _scenario(self, node: Tree, depth: int) -> list[_Line]:
        name, *entries = node.children
        name = self.term(name) if isinstance(name, Tree) else str(name)
        lines = [_Line(depth, f"场景 {name} ｛", node.meta.line, node.meta.line)]
        for entry in entries:
            text = self._scenario_entry(entry)
            last = lines[-1]
            if len(lines) > 1 and last.end_line == entry.meta.line and not last.text.endswith("｛"):
                last.text += " " + text
                last.end_line = entry.meta.end_line
            else:
                lines.append(_Line(depth + 1, text, entry.meta.line, entry.meta.end_line))
        lines.append(_Line(depth, "｝", node.meta.end_line, node.meta.end_line))
        return lines

    def _scenario_entry(self, entry: Tree) -> str:
        atom = self.atom(entry.children[-1])
        prefix = {"scenario_fact": "", "expect_holds": "应有：", "expect_absent": "应无："}[entry.data]
        return f"{prefix}{atom}。"

    # --- statements
    def statement(self, node: Tree) -> str:
        method = getattr(self, "_" + node.data, None)
        return method(node) if method is not None else self._verbatim(node)

    def _verbatim(self, node: Tree) -> str:
        start, end = node.meta.start_pos, node.meta.end_pos
        inside = [c for c in self.comments if start <= c.start_pos < end]
        pieces, at = [], start
        for comment in inside:
            pieces.append(self.text[at : comment.start_pos])
            at = comment.end_pos
        pieces.append(self.text[at:end])
        lines = [line.strip() for line in "".join(pieces).split("\n")]
        return "\n".join(line for line in lines if line)

    def _declaration(self, node: Tree) -> str:
        name, params, reading = node.children
        names = ", ".join(str(p) for p in (params.children if params else []))
        text = f"谓词 {name}({names})"
        if reading is not None:
            text += f" 读作 {reading.children[0]}"
        return text + "。"

    def _clause(self, node: Tree) -> str:
        strength, modality, head, body, validity = node.children
        prefix = ""
        if strength is not None:
            word = str(strength.children[0])
            prefix += _STRENGTH.get(word, word) + " "
        if modality is not None:
            word = str(modality.children[0])
            prefix += _MODALITY.get(word, word) + " "
        period = ""
        if validity is not None:  # the rule's own period (有效 … 至 …)
            start, end = validity.children
            period = f" 有效 {start} 至 {end}"
        if body is None:
            return f"{prefix}{self.atom(head)}{period}。"
        return f"{prefix}{self.atom(head)} 若 {self.body(body)}{period}。"

    def _priority(self, node: Tree) -> str:
        superior, inferior = node.children
        return f"{superior} 优先于 {inferior}。"

    def _contrary(self, node: Tree) -> str:
        left, right = node.children
        return f"互斥 {self.atom(left)} 与 {self.atom(right)}。"

    def _article_meta(self, node: Tree) -> str:
        target, declaratory, validity, note = node.children
        text = "条文 " + (str(target) if target.type == "ARTICLE" else "全部")
        if declaratory is not None:
            text += " 宣示性"
        if validity is not None:
            start, end = validity.children
            text += f" 有效 {start} 至 {end}"
        if note is not None:
            text += f" {note.children[0]}"
        return text + "。"

    def _base(self, node: Tree) -> str:
        value = node.children[0]
        return "依据 全国。" if value.data == "national" else f"依据 {value.children[0]}。"

    def _overlay_name(self, node: Tree) -> str:
        return f"办法名称 {node.children[0].children[0]}。"

    def _issuer(self, node: Tree) -> str:
        return f"制定机关 {node.children[0].children[0]}。"

    def _effective(self, node: Tree) -> str:
        return f"施行日期 {node.children[0]}。"

    def _repeal(self, node: Tree) -> str:
        label, conclusion, deviation = node.children
        return f"废止 {label}{self._conclusion(conclusion)}{self._deviation(deviation)}。"

    def _parameter(self, node: Tree) -> str:
        """参数 名称 = 30 （不得大于）。"""
        name, _, value, direction = node.children
        words = {"at_most": "不得大于", "at_least": "不得小于"}
        bound = "" if direction is None else f" （{words.get(str(direction), str(direction))}）"
        return f"参数 {name} = {value}{bound}。"

    def _setting(self, node: Tree) -> str:
        """设定 名称 = 15 ［偏离 "理由"］。"""
        name, _, value, deviation = node.children
        return f"设定 {name} = {value}{self._deviation(deviation)}。"

    # --- literals and terms
    def body(self, node: Tree) -> str:
        """Literals joined by `，`; a line break the drafter put between two is kept."""
        parts: list[str] = []
        previous = None
        for literal in node.children:
            text = self.literal(literal)
            if parts and previous is not None and literal.meta.line > previous.meta.end_line:
                parts.append("，\n" + text)
            elif parts:
                parts.append("，" + text)
            else:
                parts.append(text)
            previous = literal
        return "".join(parts)

    def literal(self, node: Tree) -> str:
        if node.data == "atom":
            return self.atom(node)
        if node.data == "negation":
            return "并非 " + self.atom(node.children[0])
        if node.data == "comparison":
            left, op, right = node.children
            return f"{self.term(left)} {op} {self.term(right)}"
        if node.data == "aggregate":
            result, _eq, counted, body = node.children
            names = ", ".join(str(v) for v in counted.children)
            return f"{self.term(result)} = 计数{{{names} ： {self.body(body)}}}"
        raise TypeError(node.data)

    def atom(self, node: Tree) -> str:
        name, args = node.children
        return f"{name}({', '.join(self.term(a) for a in (args.children if args else []))})"

    def term(self, node) -> str:
        if isinstance(node, Token):
            return str(node)
        if node.data == "arith":
            left, op, right = node.children
            return f"{self._operand(left)} {op} {self._operand(right)}"
        return str(node.children[0])

    def _operand(self, node) -> str:
        text = self.term(node)
        return f"({text})" if isinstance(node, Tree) and node.data == "arith" else text


# ---------------------------------------------------------------- files


def layout_diff(old: str, new: str, name: str) -> str:
    """What formatting would change, as a unified diff (`jiuze fmt --check`)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{name}（原文）", f"{name}（排版后）"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def rewrite_file(path: str, text: str) -> None:
    """Replace a file's text atomically: a crash mid-write never leaves half a rule file."""
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
