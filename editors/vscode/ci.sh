#!/usr/bin/env bash
# Build and test the VS Code extension: npm ci && npm test && npm run package.
# Called by .ci/run; runnable on its own.  Optional environment:
#   JIUZE_PYTHON  a Python with lark, for the grammar agreement test
#                 (default: the repository's .venv, then python3)
#   JIUZE_SERVER  the jiuze executable whose `lsp` the client tests start
#                 (default: jiuze on PATH, then the repository's .venv)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "== VS Code 扩展：跳过——本机没有 node 或 npm（安装 Node.js 20 或更新版本后再运行 editors/vscode/ci.sh）"
  exit 0
fi
echo "node $(node --version), npm $(npm --version)"

step() {
  local title="$1"
  shift
  local start=$SECONDS
  echo "== $title"
  "$@"
  echo "-- $title：$((SECONDS - start)) s"
}

step "npm ci" npm ci --no-audit --no-fund
step "npm test" npm test
step "npm run package" npm run package
# The package must hold what package.json points at.
for entry in extension/package.json extension/dist/extension.js extension/syntaxes/jiuze.tmLanguage.json \
  extension/language-configuration.json; do
  unzip -l jiuze.vsix "$entry" >/dev/null || { echo "jiuze.vsix 中缺少 $entry" >&2; exit 1; }
done
echo "jiuze.vsix: $(wc -c <jiuze.vsix) 字节，$(unzip -Z1 jiuze.vsix | wc -l) 个文件"
