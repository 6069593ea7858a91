// The packaged client (dist/extension.js, as it goes into the .vsix) run
// under node with tests/vscode-stand-in.js as the `vscode` module:
//   1. with jiuze.server.path pointing nowhere, activation says in Chinese
//      what to set, and the restart command is still registered;
//   2. with a real `jiuze lsp`, the real vscode-languageclient starts it,
//      completes initialize, and registers the providers the server
//      announced (hover, definition, references, completion, symbols, code
//      actions, formatting); deactivation stops it.  Skipped, with a
//      message, where no jiuze with an lsp command is installed.
'use strict';
const assert = require('assert');
const Module = require('module');
const path = require('path');
const { spawnSync } = require('child_process');
const { createStandIn } = require('./vscode-stand-in');
const { resolveServer } = require('../src/server');

const EXT = path.resolve(__dirname, '..');
const REPO = path.resolve(EXT, '..', '..');
const BUNDLE = path.join(EXT, 'dist', 'extension.js');
const EXPECTED_PROVIDERS = [
  'registerHoverProvider',
  'registerDefinitionProvider',
  'registerReferenceProvider',
  'registerCompletionItemProvider',
  'registerDocumentSymbolProvider',
  'registerCodeActionsProvider',
  'registerDocumentFormattingEditProvider',
];

/** A fresh copy of the bundle whose `require('vscode')` gets `standIn.vscode`. */
function loadExtension(standIn) {
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? standIn.vscode : original.call(this, request, ...rest);
  };
  try {
    delete require.cache[BUNDLE];
    return require(BUNDLE);
  } finally {
    Module._load = original;
  }
}

async function missingServer() {
  const standIn = createStandIn({
    settings: { 'jiuze.server': { path: '/nonexistent/jiuze', args: ['lsp'] } },
    workspaceFolder: REPO,
  });
  const extension = loadExtension(standIn);
  assert.strictEqual(typeof extension.activate, 'function');
  await extension.activate({ subscriptions: [] });
  assert.strictEqual(standIn.messages.length, 1, `应有一条错误提示：${JSON.stringify(standIn.messages)}`);
  assert.match(standIn.messages[0], /jiuze\.server\.path/);
  assert.ok(standIn.calls.includes('vscode.commands.registerCommand'), '应注册“重启语言服务器”命令');
  await extension.deactivate();
  console.log(`host: 找不到服务器时提示：${standIn.messages[0].slice(0, 40)}…`);
}

async function realServer(command) {
  const standIn = createStandIn({
    settings: { 'jiuze.server': { path: command, args: ['lsp'] } },
    workspaceFolder: REPO,
  });
  const extension = loadExtension(standIn);
  const started = Date.now();
  await extension.activate({ subscriptions: [] });
  const elapsed = Date.now() - started;
  assert.deepStrictEqual(standIn.messages, [], `不应有错误提示：${standIn.log.join('\n')}`);
  const registered = standIn.calls.filter((c) => c.startsWith('vscode.languages.register')).map((c) => c.split('.').pop());
  const missing = EXPECTED_PROVIDERS.filter((p) => !registered.includes(p));
  assert.deepStrictEqual(missing, [], `客户端没有注册：${missing.join('、')}；日志：\n${standIn.log.join('\n')}`);
  await extension.deactivate();
  console.log(`host: 扩展启动 ${command} lsp 并完成初始化 ${elapsed} ms；注册了 ${registered.join('、')}`);
}

async function main() {
  await missingServer();
  const server = resolveServer({ path: process.env.JIUZE_SERVER || 'jiuze' }, [REPO]);
  const help = server.command && spawnSync(server.command, ['lsp', '--help'], { encoding: 'utf8' });
  if (!help || help.status !== 0) {
    console.log('host: 跳过真实服务器部分：没有可用的 jiuze lsp（设置 JIUZE_SERVER 或安装 jiuze[lsp]）');
    return;
  }
  await realServer(server.command);
}

// Inside VS Code an unhandled rejection in the client is only logged; here it
// is a failure with the reason, not a crash with a minified stack.
process.on('unhandledRejection', (reason) => {
  console.error(`host: 失败：客户端出现未处理的异常：${reason && reason.message ? reason.message : reason}`);
  process.exit(1);
});

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`host: 失败：${error.message}`);
    process.exit(1);
  },
);
