"""What-if results (explain.what_if) as Chinese text and as JSON (`jiuze what-if`, the web API)."""

from __future__ import annotations

from jiuze.explain.proof import GroundAtom
from jiuze.explain.what_if import WhatIf
from jiuze.reports import jsondoc
from jiuze.reports.proof_text import proof_text


def what_if_data(result: WhatIf, model) -> dict:
    """Keys: query, holds, changes [{facts [{fact, reading}], proof}], complete, stopped, evaluations, limits."""
    verb = "remove" if result.holds else "add"
    return {
        "query": str(result.atom),
        "holds": result.holds,
        "change": verb,
        "changes": [
            {
                "facts": [
                    {
                        "fact": str(GroundAtom(f.predicate, f.values)),
                        "reading": model.read(f.predicate, f.values),
                        "source": f.source,
                    }
                    for f in change.facts
                ],
                "proof": jsondoc.proof_data(change.proof),
            }
            for change in result.changes
        ],
        "complete": result.complete,
        "stopped": result.stopped,
        "evaluations": result.evaluations,
        "candidates": result.candidates,
        "limits": {
            "max_size": result.limits.max_size,
            "max_evaluations": result.limits.max_evaluations,
            "max_results": result.limits.max_results,
            "seconds": result.limits.seconds,
        },
    }


def what_if_text(result: WhatIf, model) -> str:
    atom = str(result.atom)
    if result.holds:
        lines = [f"{atom} 在本案中成立。去掉下列任一组陈述的事实，它就不再成立（每组都是最小的）："]
    else:
        lines = [f"{atom} 在本案中不成立。增加下列任一组事实，它就成立（每组都是最小的）："]
    if not result.changes:
        lines.append(f"  （在 {result.limits.max_size} 个事实以内没有找到）")
    for number, change in enumerate(result.changes, start=1):
        facts = "；".join(
            f"{GroundAtom(f.predicate, f.values)}（{model.read(f.predicate, f.values)}）" for f in change.facts
        )
        lines.append("")
        lines.append(f"{number}. {'去掉' if result.holds else '增加'}：{facts}")
        lines.append("   " + ("此后为何不成立：" if result.holds else "此后的证明："))
        lines += ["     " + line for line in proof_text(change.proof).rstrip("\n").splitlines()]
    lines.append("")
    searched = (
        f"共求值 {result.evaluations} 次，考察了 {result.candidates} 个候选事实，每组至多 {result.limits.max_size} 个。"
    )
    if result.complete:
        lines.append(f"搜索完整：{searched}")
    else:
        lines.append(f"搜索提前停止（{result.stopped}），结果可能不全：{searched}")
    return "\n".join(lines) + "\n"
