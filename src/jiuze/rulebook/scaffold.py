"""`jiuze init province|city NAME`: a new overlay directory that passes `jiuze check` and `jiuze test`
unchanged — the header, one example of every statement kind (commented out), a scenario file and a README."""

from __future__ import annotations

from pathlib import Path

from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span

KINDS = {"province": ("省", "实施办法"), "city": ("市", "细则")}

RULES = """# {title}——只写本地的变化，其余沿用{base_words}。写法见 docs/overlays.md。
依据 {base}。
办法名称 "{title}"。
制定机关 "{issuer}"。
施行日期 2000-01-01。   # 改为本办法的施行日期

# ---- 每种语句一例（去掉行首的 # 即生效；jiuze check --rules {folder} 会检查它是否符合第二十八条）
# 参数：改变全国规定中的数值，按括号中的方向（见 logic/national/00-参数.jz）
# 设定 申诉答复期限天数 = 15。
#
# 谓词声明：本地新增的事实或结论
# 谓词 超期羁押(警察, 案件) 读作 "{{警察}}在羁押环节对{{案件}}中的人员超期羁押"。
#
# 增加：新的过错情形、处理措施、条文
# 增加 第六条第（十七）项 ｛
#   执法过错情形(P, C, 17) 若 执行职务中有过错(P, C)，超期羁押(P, C)。
# ｝
#
# 修改：替换一条（或一条中某个结论）的全部规则；收窄全国规则须声明偏离
# 修改 第二十三条第（一）项 偏离 "理由" ｛
#   从轻或免予追究情形(P, C, 1) 若 执法过错(P, C)，主观过错(P, C, 轻微过失)，及时纠正(P, C)。
# ｝
#
# 废止：删除规则；废止全国规则须声明偏离
# 废止 第二十七条 申诉答复截止日期 偏离 "理由"。
#
# 阻却、优先于、互斥：只用于本地的结论；用在全国结论上会被第二十八条检查标出
# 阻却 建议处理(P, C, 诫勉谈话) 若 情节恶劣(P, C)。
# 第三十一条 优先于 第三十条。
# 互斥 建议处理(P, C, 诫勉谈话) 与 建议处理(P, C, 调离执法岗位)。
#
# 条文效力：本地条文的有效期
# 条文 第三十条 有效 2000-01-01 至 2030-01-01。
"""

SCENARIOS = """# {title}的场景：jiuze test --rules {folder} 运行它们（也运行全国场景，列出本办法改变的）。
场景 "{short}：逼供应当追究（全国规定，本办法不改变）" ｛
  人民警察(甲)。 执行职务(甲, 案1)。 主观过错(甲, 案1, 过失)。 逼供(甲, 案1)。
  应有：应当追究(甲, 案1)。
｝
"""

README = """# {title}

- `00-办法.jz`：办法正文（依据、名称、制定机关、施行日期，以及每种语句的示例，已注释）。
- `90-场景.jz`：场景（案件事实与应有 / 应无的结论）。

日常命令：

```
jiuze check --rules {folder}                      # 语法与第二十八条一致性（含寻找反例）
jiuze test --rules {folder}                       # 本办法的场景，以及被本办法改变的全国场景
jiuze diff --rules {folder} 案件.yaml             # 与{base_words}比较
```

写法见 docs/overlays.md。
"""


def scaffold(kind: str, name: str, base: str | None = None, root: str | Path = ".") -> list[Path]:
    """Write the overlay directory `root/name`; refuse to overwrite anything."""
    folder = Path(root) / name
    if folder.exists():
        raise JiuzeError(
            [Finding(Span(str(folder), 0, 0), "exists", f"“{folder}”已经存在", "换一个名称或目录，以免覆盖已有文件。")]
        )
    level, noun = KINDS[kind]
    if kind == "city" and not base:
        raise JiuzeError(
            [Finding(Span(name, 0, 0), "no-base", "市级细则要写依据的省级实施办法", "加上 --base 省级实施办法的目录。")]
        )
    base_line = "全国" if not base else f'"{_relative(base, folder)}"'
    words = {
        "title": f"{name}公安机关人民警察执法过错责任追究{noun}",
        "issuer": f"{name}公安{'厅' if kind == 'province' else '局'}",
        "short": name,
        "folder": str(folder),
        "base": base_line,
        "base_words": "全国规定" if not base else f"上一级实施办法（{base}）",
        "level": level,
    }
    files = {"00-办法.jz": RULES, "90-场景.jz": SCENARIOS, "README.md": README}
    folder.mkdir(parents=True)
    written = []
    for file_name, template in files.items():
        path = folder / file_name
        path.write_text(template.format(**words), encoding="utf-8")
        written.append(path)
    return written


def _relative(base: str, folder: Path) -> str:
    import os

    return Path(os.path.relpath(Path(base).resolve(), folder.resolve())).as_posix()
