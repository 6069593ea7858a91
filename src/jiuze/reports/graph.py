"""A proof (its JSON form, docs/proof-json.md) drawn as a graph: Graphviz DOT, or a
self-contained SVG laid out here (a top-down tree; no Graphviz needed).

Drawing from the JSON, not from Proof objects, keeps the web page, the HTML
report and `jiuze explain --format svg` on the one documented shape.  Every
node shows its conclusion or condition, its reading, and the article with the
rule's file and line; hovering shows the article's text and the fact's place
in the case file (an SVG <title>).  Defeated counter-arguments and failed
conditions are drawn dashed in red, missing facts dashed in orange.
Output is deterministic: the same proof gives the same bytes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from jiuze.reports.regulation import article_text

KIND_ZH = {
    "query": "查询",
    "derived": "推出",
    "fact": "事实",
    "absent": "不存在",
    "check": "比较",
    "count": "计数",
    "item": "计入项",
    "rebutted": "被驳回的反驳",
    "why-not": "不成立",
    "holds": "成立",
    "missing": "缺少的事实",
    "failed": "不适用",
    "defeated": "被排除",
}
# kind → (stroke, fill, dashed)
STYLE = {
    "derived": ("#1f5fa8", "#eef4fb", False),
    "fact": ("#2e7d32", "#eef7ee", False),
    "absent": ("#666666", "#f5f5f5", True),
    "check": ("#666666", "#f5f5f5", False),
    "count": ("#6a4ca3", "#f3effa", False),
    "item": ("#6a4ca3", "#ffffff", False),
    "query": ("#333333", "#ffffff", False),
    "rebutted": ("#b3261e", "#fdeeee", True),
    "why-not": ("#c46a00", "#fff5e6", False),
    "holds": ("#2e7d32", "#eef7ee", False),
    "missing": ("#c46a00", "#fffaf2", True),
    "failed": ("#b3261e", "#fdeeee", False),
    "defeated": ("#b3261e", "#fdeeee", True),
}
FONT_SIZE, LINE_HEIGHT, PAD, GAP_X, GAP_Y = 13, 18, 8, 16, 36
WRAP = 26  # display columns of CJK text per line (13 CJK characters)


# ---------------------------------------------------------------- node content


def node_lines(node: dict) -> list[str]:
    """What a node shows: its text, its reading (wrapped), and where its rule or fact comes from."""
    lines = [f"【{KIND_ZH.get(node['kind'], node['kind'])}】{node['text']}"]
    if node.get("reading"):
        lines += wrap(node["reading"], WRAP * 2)
    rule = node.get("rule")
    if rule:
        lines.append(f"依据 {rule.get('article') or '未标条文'}（{rule['file']}:{rule['line']}）")
    if node.get("source"):
        lines += wrap(f"来源：{node['source']}", WRAP * 2)
    return lines


def node_tooltip(node: dict) -> str:
    """The hover text: reading, the article's words, the rule's place, the fact's place."""
    parts = [node["text"]]
    if node.get("reading"):
        parts.append(node["reading"])
    rule = node.get("rule")
    if rule:
        article = rule.get("article")
        parts.append(f"依据 {article or '未标条文的规则'}，规则在 {rule['file']} 第 {rule['line']} 行")
        words = article_text(article)
        if words:
            parts.append(words)
    if node.get("source"):
        parts.append(f"来源：{node['source']}")
    return "\n".join(parts)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    lines, line, width = [], "", 0
    for char in text:
        w = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width + w > columns and line:
            lines.append(line)
            line, width = "", 0
        line += char
        width += w
    return lines + [line] if line else lines


def query_graph(query: str, proofs: list[dict], fmt: str) -> str:
    """`jiuze explain --format dot|svg`: one proof as it is; several instances under one query node."""
    root = proofs[0] if len(proofs) == 1 else {"kind": "query", "text": query, "premises": proofs}
    return proof_svg(root, query) if fmt == "svg" else proof_dot(root, query)


# ---------------------------------------------------------------- DOT


def proof_dot(proof: dict, title: str = "证明") -> str:
    """Graphviz DOT: one node per proof node, edges from conclusion to premise."""
    out = [f"digraph {_dot_quote(title)} {{", "  rankdir=TB;", '  node [shape=box, fontname="sans-serif"];']
    counter = iter(range(1_000_000))

    def visit(node: dict) -> str:
        name = f"n{next(counter)}"
        stroke, fill, dashed = STYLE.get(node["kind"], STYLE["check"])
        label = "\\n".join(_dot_escape(line) for line in node_lines(node))
        style = '"rounded,filled,dashed"' if dashed else '"rounded,filled"'
        tooltip = _dot_escape(node_tooltip(node)).replace("\\n", "&#10;")
        out.append(
            f'  {name} [label="{label}", color="{stroke}", fillcolor="{fill}", style={style}, tooltip="{tooltip}"];'
        )
        for child in node.get("premises", []):
            out.append(f"  {name} -> {visit(child)};")
        return name

    visit(proof)
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_quote(text: str) -> str:
    return '"' + _dot_escape(text) + '"'


# ---------------------------------------------------------------- SVG


@dataclass
class _Box:
    node: dict
    lines: list[str]
    width: int
    height: int
    children: list["_Box"] = field(default_factory=list)
    span: int = 0  # width the subtree needs
    x: float = 0.0
    y: float = 0.0


def _boxes(node: dict) -> _Box:
    lines = node_lines(node)
    width = max(display_width(line) for line in lines) * FONT_SIZE // 2 + 2 * PAD + 4
    box = _Box(node, lines, width, len(lines) * LINE_HEIGHT + 2 * PAD)
    box.children = [_boxes(child) for child in node.get("premises", [])]
    children = sum(c.span for c in box.children) + GAP_X * max(0, len(box.children) - 1)
    box.span = max(box.width, children)
    return box


def _place(box: _Box, left: float, top: float, depth_heights: list[int], depth: int) -> None:
    box.x = left + (box.span - box.width) / 2
    box.y = top
    children = sum(c.span for c in box.children) + GAP_X * max(0, len(box.children) - 1)
    x = left + (box.span - children) / 2
    below = top + depth_heights[depth] + GAP_Y
    for child in box.children:
        _place(child, x, below, depth_heights, depth + 1)
        x += child.span + GAP_X


def _depth_heights(box: _Box, depth: int, heights: list[int]) -> list[int]:
    if len(heights) <= depth:
        heights.append(0)
    heights[depth] = max(heights[depth], box.height)
    for child in box.children:
        _depth_heights(child, depth + 1, heights)
    return heights


def proof_svg(proof: dict, title: str = "证明") -> str:
    """A standalone SVG document of the proof, laid out top-down."""
    root = _boxes(proof)
    heights = _depth_heights(root, 0, [])
    _place(root, PAD, PAD, heights, 0)
    width = int(root.span + 2 * PAD)
    height = int(sum(heights) + GAP_Y * (len(heights) - 1) + 2 * PAD)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="proof-graph" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="{FONT_SIZE}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    _edges(root, out)
    _nodes(root, out)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edges(box: _Box, out: list[str]) -> None:
    for child in box.children:
        x1, y1 = box.x + box.width / 2, box.y + box.height
        x2, y2 = child.x + child.width / 2, child.y
        middle = (y1 + y2) / 2
        out.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}" '
            'fill="none" stroke="#999999"/>'
        )
        _edges(child, out)


def _nodes(box: _Box, out: list[str]) -> None:
    node = box.node
    stroke, fill, dashed = STYLE.get(node["kind"], STYLE["check"])
    dash = ' stroke-dasharray="5,3"' if dashed else ""
    out.append(f'<g class="node {escape(node["kind"])}" data-text="{escape(node["text"], {chr(34): "&quot;"})}">')
    out.append(f"<title>{escape(node_tooltip(node))}</title>")
    out.append(
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width}" height="{box.height}" rx="6" '
        f'fill="{fill}" stroke="{stroke}"{dash}/>'
    )
    for i, line in enumerate(box.lines):
        y = box.y + PAD + (i + 1) * LINE_HEIGHT - 5
        weight = ' font-weight="bold"' if i == 0 else ""
        out.append(f'<text x="{box.x + PAD:.1f}" y="{y:.1f}"{weight}>{escape(line)}</text>')
    out.append("</g>")
    for child in box.children:
        _nodes(child, out)
