"""AST → canonical rule text (Chinese surface).

Used for golden files and round-trip tests: parse(print(parse(x))) must equal
parse(x), whichever surface x was written in.
"""

from __future__ import annotations

from jiuze.language import ast


def format_module(module: ast.Module) -> str:
    return "".join(format_statement(s) + "\n" for s in module.statements)


def format_statement(statement) -> str:
    if isinstance(statement, ast.Declaration):
        return _label(statement.article) + _declaration(statement)
    if isinstance(statement, ast.Clause):
        return _label(statement.article) + str(statement)
    if isinstance(statement, ast.Priority):
        return f"{statement.superior.text} 优先于 {statement.inferior.text}。"
    if isinstance(statement, ast.Contrary):
        return str(statement)
    if isinstance(statement, ast.ArticleMeta):
        return _article_meta(statement)
    if isinstance(statement, ast.OverlayHeader):
        return _overlay_header(statement)
    if isinstance(statement, ast.Amendment):
        return _amendment(statement)
    if isinstance(statement, ast.Parameter):
        direction = {"at_most": " （不得大于）", "at_least": " （不得小于）"}.get(statement.direction, "")
        return f"参数 {statement.name} = {statement.value}{direction}。"
    if isinstance(statement, ast.Setting):
        deviation = f" 偏离 “{statement.deviation}”" if statement.deviation is not None else ""
        return f"设定 {statement.name} = {statement.value}{deviation}。"
    if isinstance(statement, ast.Scenario):
        return _scenario(statement)
    raise TypeError(statement)


def _label(article) -> str:
    return f"{article} " if article else ""


def _declaration(declaration: ast.Declaration) -> str:
    text = f"谓词 {declaration.name}({', '.join(declaration.params)})"
    if declaration.reading is not None:
        text += f" 读作 “{declaration.reading}”"
    return text + "。"


def _scenario(scenario: ast.Scenario) -> str:
    lines = [f"场景 “{scenario.name}” ｛"]
    lines += [f"  {atom}。" for atom in scenario.facts]
    lines += [f"  应有：{atom}。" for atom in scenario.expect_holds]
    lines += [f"  应无：{atom}。" for atom in scenario.expect_absent]
    lines.append("｝")
    return "\n".join(lines)


def _article_meta(meta: ast.ArticleMeta) -> str:
    text = f"条文 {meta.label.text if meta.label else '全部'}"
    if meta.declaratory:
        text += " 宣示性"
    if meta.valid_from and meta.valid_until:
        text += f" 有效 {meta.valid_from.isoformat()} 至 {meta.valid_until.isoformat()}"
    if meta.note is not None:
        text += f" “{meta.note}”"
    return text + "。"


def _overlay_header(header: ast.OverlayHeader) -> str:
    if header.kind == "base":
        return "依据 全国。" if header.value is None else f"依据 “{header.value}”。"
    if header.kind == "effective":
        return f"施行日期 {header.value.isoformat()}。"
    keyword = {"name": "办法名称", "issuer": "制定机关"}[header.kind]
    return f"{keyword} “{header.value}”。"


def _amendment(amendment: ast.Amendment) -> str:
    verb = {"amend": "修改", "repeal": "废止", "add": "增加"}[amendment.kind]
    text = f"{verb} {amendment.label.text}"
    if amendment.conclusion is not None:
        text += f" {amendment.conclusion}"
    if amendment.deviation is not None:
        text += f" 偏离 “{amendment.deviation}”"
    if amendment.kind == "repeal":
        return text + "。"
    inner = "\n".join("  " + format_statement(s) for s in amendment.statements)
    return f"{text} ｛\n{inner}\n｝"
