// `npm test`: every check of the extension, in order, with its time.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');

const EXT = path.resolve(__dirname, '..');
const bin = (name) => path.join(EXT, 'node_modules', '.bin', name);

// The same bundle `npm run package` puts into the .vsix (package.json "bundle").
const BUNDLE_ARGS = require('../package.json').scripts.bundle.split(' ').slice(1);

const STEPS = [
  ['语法文件与 syntaxes/build.js 一致', process.execPath, ['syntaxes/build.js', '--check']],
  ['作用域断言（vscode-tmgrammar-test）', bin('vscode-tmgrammar-test'), ['tests/unit/*.test.jz']],
  ['快照（vscode-tmgrammar-snap）', bin('vscode-tmgrammar-snap'), ['tests/snap/*.jz']],
  ['服务器命令的查找（node:test）', process.execPath, ['--test', 'tests/server.test.js']],
  ['与解析器逐记号一致（全部 .jz 文件）', process.execPath, ['tests/agreement.js']],
  ['代码片段展开后能解析', process.execPath, ['tests/snippets.js']],
  ['与 jiuze lsp 握手（stdio）', process.execPath, ['tests/handshake.js']],
  ['打包客户端（esbuild）', bin('esbuild'), BUNDLE_ARGS],
  ['打包后的客户端启动 jiuze lsp（VS Code 的替身）', process.execPath, ['tests/host.js']],
];

let failed = 0;
for (const [title, command, args] of STEPS) {
  const started = Date.now();
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: EXT, stdio: 'inherit' });
  const ok = result.status === 0;
  if (!ok) failed += 1;
  console.log(`-- ${ok ? '通过' : '失败'}（${((Date.now() - started) / 1000).toFixed(1)} s）`);
}
console.log(`\n${STEPS.length - failed}/${STEPS.length} 组通过`);
process.exitCode = failed ? 1 : 0;
