"""A case report as HTML, drawn from the report's JSON (`report_data`, docs/case-format.md),
so it follows whatever the report says: `jiuze report --format html` writes one
self-contained file (styles inline, proof graphs as inline SVG, no script, no
network), and the web workbench shows the same fragment with buttons added
(`interactive=True`) for why-not and what-if.

Every proof is a collapsible tree (<details>) and a drawn graph; an article
label shows the regulation's words on hover, a rule its file and line, a
case fact its place in the case file.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from jiuze.reports.graph import KIND_ZH, proof_svg

LIABLE = "应当追究"
# Keys this renderer lays out; any other key the report's JSON gains (a new section) is still shown,
# generically, so the HTML never silently drops what the text report says.
REPORT_KEYS = {
    "title",
    "file",
    "cases",
    "date",
    "validity",
    "rulebook",
    "overlay",
    "persons",
    "case_conclusions",
    "other",
}
PERSON_KEYS = {"name", "unit", "roles", "summary", "conclusions", "excluded", "conflicts"}


def report_css() -> str:
    return resources.files("jiuze.reports").joinpath("report.css").read_text(encoding="utf-8")


def report_html(data: dict, texts: dict[str, str]) -> str:
    """A whole HTML document: one file, nothing fetched."""
    title = escape(f"执法过错责任追究报告：{data['title']}")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{report_css()}</style>\n</head>\n<body>\n"
        f"{report_fragment(data, texts)}</body>\n</html>\n"
    )


def report_fragment(data: dict, texts: dict[str, str], interactive: bool = False) -> str:
    r = _Renderer(texts, interactive)
    out = [f'<article class="report">\n<h1>执法过错责任追究报告：{escape(data["title"])}</h1>']
    out.append(r.header(data))
    out.append(r.summary(data))
    if data["persons"]:
        out.append("<h2>人员</h2>")
        out += [r.person(p) for p in data["persons"]]
    cases = [c for c in data["case_conclusions"] if c["conclusions"] or c["excluded"]]
    if cases:
        out.append("<h2>案件</h2>")
        for case in cases:
            out.append(f'<section class="case"><h3>{escape(str(case["case"]))}</h3>')
            out.append(r.conclusions(case["conclusions"]) + r.excluded(case["excluded"]) + "</section>")
    if data["other"]:
        out.append("<h2>其他结论</h2>" + r.conclusions(data["other"]))
    out += [r.extra(key, data[key], "h2") for key in sorted(set(data) - REPORT_KEYS) if data[key]]
    out.append("</article>\n")
    return "\n".join(out)


class _Renderer:
    def __init__(self, texts: dict[str, str], interactive: bool):
        self.texts, self.interactive = texts, interactive

    # ------------------------------------------------------------ pieces

    def article(self, label: str | None) -> str:
        if not label:
            return "未标条文"
        text = self.texts.get(label)
        if text:
            return f'<abbr class="article" title="{escape(text)}">{escape(label)}</abbr>'
        return f'<span class="article">{escape(label)}</span>'

    def articles(self, labels) -> str:
        return "、".join(self.article(a) for a in labels)

    def buttons(self, atom: str, why_not: bool) -> str:
        if not self.interactive:
            return ""
        quoted = escape(atom)
        out = f' <button type="button" class="ask" data-ask="what-if" data-atom="{quoted}">假如…（what-if）</button>'
        if why_not:
            out = f' <button type="button" class="ask" data-ask="why-not" data-atom="{quoted}">为什么不</button>' + out
        return out

    # ------------------------------------------------------------ sections

    def header(self, data: dict) -> str:
        rows = []
        if data["file"] != data["title"]:
            rows.append(("案件文件", escape(data["file"])))
        if data["cases"]:
            date = f"（发生日期 {escape(str(data['date']))}）" if data["date"] else ""
            rows.append(("案件", escape("、".join(map(str, data["cases"]))) + date))
        rows.append(("人员", escape("、".join(str(p["name"]) for p in data["persons"]) or "无")))
        book = data.get("rulebook")
        if book:
            rows.append(("规则库", escape(f"{book['name']}（{book['path']}，摘要 {book['digest']}）")))
        overlay = data.get("overlay")
        if overlay:
            made = "，".join(str(v) for v in (overlay.get("issuer"), overlay.get("effective")) if v)
            rows.append(
                ("适用的实施办法", escape((overlay.get("name") or "（未命名）") + (f"（{made}）" if made else "")))
            )
        out = ['<dl class="header">'] + [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows] + ["</dl>"]
        if overlay and overlay.get("deviations"):
            items = "".join(f"<li>{escape(d)}</li>" for d in overlay["deviations"])
            out.append(f'<div class="deviations"><strong>声明的偏离</strong><ul>{items}</ul></div>')
        out += [f'<p class="warning">注意：{escape(note)}</p>' for note in data.get("validity", ())]
        return "\n".join(out)

    def summary(self, data: dict) -> str:
        rows = []
        for person in data["persons"]:
            for s in person["summary"]:
                roles = "、".join(r["role"] for r in person["roles"] if r["case"] == s["case"]) or "—"
                rows.append(
                    f'<tr data-person="{escape(str(person["name"]))}"><td>{escape(str(person["name"]))}</td>'
                    f"<td>{escape(str(s['case']))}</td><td>{escape(roles)}</td><td>{self.verdict(s)}</td>"
                    f"<td>{escape('；'.join(s['headlines'])) or '—'}</td></tr>"
                )
        if not rows:
            return ""
        head = "<tr><th>人员</th><th>案件</th><th>职责</th><th>应当追究</th><th>其他结论</th></tr>"
        return f'<h2>摘要</h2>\n<table class="summary">\n{head}\n' + "\n".join(rows) + "\n</table>"

    def verdict(self, s: dict) -> str:
        if s["liable"] is None:
            return "—"
        if s["liable"]:
            return f'<span class="liable">是</span>（{self.articles(s["articles"])}）' if s["articles"] else "是"
        if s["excluded_by"]:
            return f'<span class="not-liable">否</span>（被 {self.articles(s["excluded_by"])} 排除）'
        return '<span class="not-liable">否</span>'

    def person(self, person: dict) -> str:
        name = str(person["name"])
        details = [person["unit"]] if person.get("unit") else []
        if person["roles"]:
            details.append("、".join(f"{r['case']} {r['role']}" for r in person["roles"]))
        out = [f'<section class="person" data-person="{escape(name)}">']
        out.append(
            f"<h3>{escape(name)}" + (f"<small>（{escape('；'.join(details))}）</small>" if details else "") + "</h3>"
        )
        for s in person["summary"]:
            if s["liable"] is None:
                continue
            atom = f"{LIABLE}({name}, {s['case']})"
            out.append(
                f'<p class="verdict" data-atom="{escape(atom)}">【{escape(str(s["case"]))}】应当追究：{self.verdict(s)}'
                + self.buttons(atom, why_not=not s["liable"])
                + "</p>"
            )
        out.append('<div class="answer"></div>')
        if person["conclusions"]:
            out.append("<h4>结论</h4>" + self.conclusions(person["conclusions"]))
        else:
            out.append('<p class="none">结论：无（本案事实不能推出关于此人的任何结论）</p>')
        if person["excluded"]:
            out.append("<h4>被排除的结论</h4>" + self.excluded(person["excluded"]))
        if person["conflicts"]:
            out.append("<h4>冲突</h4>" + self.conflicts(person["conflicts"]))
        out += [self.extra(key, person[key], "h4") for key in sorted(set(person) - PERSON_KEYS) if person[key]]
        out.append("</section>")
        return "\n".join(out)

    def conclusions(self, items: list[dict]) -> str:
        out = ['<ol class="conclusions">']
        for c in items:
            modality = {"required": "应当", "permitted": "可以", "forbidden": "不得"}.get(c.get("modality"))
            others = [a for a in c["articles"] if a not in c["basis"]]
            basis = f"依据：{self.articles(c['basis']) or '未标条文的规则'}"
            if others:
                basis += f"；证明中还引用：{self.articles(others)}"
            if modality:
                basis += f"；模态：{modality}"
            out.append(
                f'<li class="conclusion" data-atom="{escape(c["conclusion"])}"><code>{escape(c["conclusion"])}</code>：'
                f"{escape(c['reading'])}{self.buttons(c['conclusion'], why_not=False)}"
                f'<div class="basis">{basis}</div>{self.proof_views(c["proof"], c["conclusion"])}</li>'
            )
        return "\n".join(out) + "\n</ol>"

    def excluded(self, items: list[dict]) -> str:
        if not items:
            return ""
        out = ['<ol class="excluded">']
        for e in items:
            by = f"被 {self.articles(e['excluded_by'])} 排除" if e["excluded_by"] else "不成立"
            out.append(
                f'<li data-atom="{escape(e["conclusion"])}"><code>{escape(e["conclusion"])}</code>（{escape(e["reading"])}）：{by}'
                f"{self.proof_views(e['why_not'], e['conclusion'], 'why-not')}</li>"
            )
        return "\n".join(out) + "\n</ol>"

    def conflicts(self, items: list[dict]) -> str:
        out = ['<ul class="conflicts">']
        for c in items:
            winner = {"required": "“应当”优先", "permitted": "“可以”优先", "neither": "未决"}.get(c["winner"], "")
            out.append(
                f"<li><code>{escape(c['required']['conclusion'])}</code> 与 <code>{escape(c['permitted']['conclusion'])}</code>"
                f"冲突（{winner}）{self.proof_views(c['required']['proof'], c['required']['conclusion'])}"
                f"{self.proof_views(c['permitted']['proof'], c['permitted']['conclusion'])}</li>"
            )
        return "\n".join(out) + "\n</ul>"

    def extra(self, key: str, value, heading: str) -> str:
        """A section this renderer does not know yet: text items as they are, conclusions and facts with
        their reading, proofs as trees and graphs, anything else as compact JSON."""
        items = value if isinstance(value, list) else [value]
        out = [f'<{heading} class="extra">{escape(key)}</{heading}><ul class="extra" data-key="{escape(key)}">']
        for item in items:
            if isinstance(item, dict):
                name = item.get("conclusion") or item.get("fact") or item.get("text")
                line = f"<code>{escape(str(name))}</code>" if name else ""
                if item.get("reading"):
                    line += f"：{escape(str(item['reading']))}"
                if item.get("source"):
                    line += f' <span class="source">来源：{escape(str(item["source"]))}</span>'
                proof = item.get("proof") or item.get("why_not")
                if isinstance(proof, dict) and "kind" in proof:
                    line += self.proof_views(proof, str(name or key))
                out.append(f"<li>{line or escape(json.dumps(item, ensure_ascii=False, sort_keys=True))}</li>")
            else:
                out.append(f"<li>{escape(str(item))}</li>")
        return "\n".join(out) + "</ul>"

    # ------------------------------------------------------------ proofs

    def proof_views(self, proof: dict, title: str, kind: str = "证明") -> str:
        label = "为什么不成立" if kind == "why-not" else "证明"
        return (
            f'<details class="proof-tree"><summary>{label}（树）</summary>{self.tree(proof)}</details>'
            f'<details class="proof-graph"><summary>{label}（图）</summary>'
            f'<div class="graph">{proof_svg(proof, title)}</div></details>'
        )

    def tree(self, proof: dict) -> str:
        return f'<ul class="tree">{self.node(proof)}</ul>'

    def node(self, node: dict) -> str:
        kind = node["kind"]
        parts = [f'<span class="kind">{KIND_ZH.get(kind, kind)}</span> <code>{escape(node["text"])}</code>']
        if node.get("reading"):
            parts.append(f"：{escape(node['reading'])}")
        rule = node.get("rule")
        if rule:
            parts.append(
                f' <span class="rule">依据 {self.article(rule.get("article"))}'
                f'<span class="where">（{escape(rule["file"])}:{rule["line"]}）</span></span>'
            )
        if node.get("source"):
            parts.append(f' <span class="source">来源：{escape(node["source"])}</span>')
        head = "".join(parts)
        premises = node.get("premises") or []
        if not premises:
            return f'<li class="node {escape(kind)}"><div class="leaf">{head}</div></li>'
        children = "".join(self.node(p) for p in premises)
        return (
            f'<li class="node {escape(kind)}"><details open><summary>{head}</summary><ul>{children}</ul></details></li>'
        )
