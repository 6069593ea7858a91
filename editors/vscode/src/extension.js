// The VS Code side of jiuze: starts `jiuze lsp` (stdio) for .jz files.
// Highlighting and brackets come from package.json contributions and work
// without the server; everything else (diagnostics, hover, definition,
// completion, formatting) comes from the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { resolveServer } = require('./server');

let client = null;
let output = null;

function settings() {
  const config = vscode.workspace.getConfiguration('jiuze.server');
  return { path: config.get('path'), args: config.get('args') };
}

function workspacePaths() {
  return (vscode.workspace.workspaceFolders || [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
}

async function start() {
  const server = resolveServer(settings(), workspacePaths());
  if (server.problem) {
    output.appendLine(server.problem);
    const choice = await vscode.window.showErrorMessage(server.problem, '打开设置');
    if (choice === '打开设置') {
      vscode.commands.executeCommand('workbench.action.openSettings', 'jiuze.server.path');
    }
    return;
  }
  output.appendLine(`启动：${server.command} ${server.args.join(' ')}`);
  // No `transport`: with TransportKind.stdio the client would append
  // `--stdio` to the arguments, which `jiuze lsp` does not take; without it
  // the client talks over the child's stdin/stdout all the same.
  const executable = { command: server.command, args: server.args };
  client = new LanguageClient(
    'jiuze',
    '究责语言服务器',
    { run: executable, debug: executable },
    {
      documentSelector: [
        { scheme: 'file', language: 'jiuze' },
        { scheme: 'untitled', language: 'jiuze' },
      ],
      // Whole-rulebook checks depend on the other files of the directory.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.jz') },
      outputChannel: output,
    },
  );
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`语言服务器启动失败：${error && error.message ? error.message : error}`);
    vscode.window.showErrorMessage(
      `究责语言服务器启动失败（${server.command}）：请查看“输出”面板中的“究责语言服务器”。`,
    );
    client = null;
  }
}

async function stop() {
  if (!client) return;
  const running = client;
  client = null;
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`停止语言服务器时出错：${error && error.message ? error.message : error}`);
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  output = vscode.window.createOutputChannel('究责语言服务器');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('jiuze.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('jiuze.server')) restart();
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
