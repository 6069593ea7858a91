"""Write vscode-tmgrammar-test assertion lines under source lines.

Why: an assertion's carets must sit at the same UTF-16 column as the token
above, and with Chinese text the columns do not line up on screen, so writing
them by hand is error-prone.  This was used to write tests/unit/*.test.jz.

Input: the test file's lines, each source line followed by lines of the form
    @@ TEXT SCOPE...        TEXT (its first occurrence) has SCOPE
    @@ TEXT#2 SCOPE...      the second occurrence
    @@ TEXT - SCOPE         TEXT does not have SCOPE
(`\\s` in TEXT stands for a space; ASCII words match whole words only).
Usage: python3 tools/assertion_lines.py spec.txt > tests/unit/NAME.test.jz
"""

import re
import sys


def find(source, target, occurrence):
    """Column of the given occurrence of target in source."""
    pattern = re.escape(target)
    if target[0].isascii() and re.match(r"\w", target[0]):
        pattern = r"(?<![A-Za-z0-9_])" + pattern
    if target[-1].isascii() and re.match(r"\w", target[-1]):
        pattern += r"(?![A-Za-z0-9_])"
    found = [m.start() for m in re.finditer(pattern, source)]
    if len(found) < occurrence:
        raise SystemExit(f"找不到第 {occurrence} 个「{target}」：{source}")
    return found[occurrence - 1]


def assertion(source, spec):
    """One assertion line for `spec` (the text after '@@ ')."""
    target, _, scopes = spec.partition(" ")
    occurrence = 1
    m = re.match(r"(.+)#(\d+)$", target)
    if m:
        target, occurrence = m.group(1), int(m.group(2))
    target = target.replace("\\s", " ")
    column = find(source, target, occurrence)
    if column == 0:
        return "# <" + "-" * len(target) + " " + scopes
    if column < 2:
        raise SystemExit(f"「{target}」在第 {column} 列，放不下 '#'：{source}")
    return "#" + " " * (column - 1) + "^" * len(target) + " " + scopes


def main(path):
    out, source = [], None
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("@@ "):
                out.append(assertion(source, line[3:]))
            else:
                source = line
                out.append(line)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
