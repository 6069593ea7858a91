// The server the extension would start, spoken to the way the extension's
// client speaks to it: JSON-RPC over the child's stdin/stdout (vscode-jsonrpc,
// the transport under vscode-languageclient).  It starts the command that
// src/server.js resolves (JIUZE_SERVER or jiuze.server.path's default, with
// the workspace .venv fallback), initializes, opens a file with a syntax error
// and a file of the national rulebook, and checks the diagnostics.
//
// Skipped, with a message, where no `jiuze` with an `lsp` command is installed
// (the language server is a separate part of jiuze: pip install 'jiuze[lsp]').
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');
const { resolveServer } = require('../src/server');

const REPO = path.resolve(__dirname, '..', '..', '..');
const TIMEOUT_MS = 60000;

function skip(message) {
  console.log(`handshake: 跳过：${message}`);
}

async function openAndWait(connection, diagnosticsByUri, file, text) {
  const uri = pathToFileURL(file).href;
  const arrived = diagnosticsByUri(uri);
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'jiuze', version: 1, text },
  });
  return arrived;
}

async function session(server) {
  const child = spawn(server.command, server.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  // The LSP says the server exits after `exit`; the extension's stop relies on it.
  const ended = new Promise((resolve) => child.on('exit', () => resolve(true)));
  const exitsWithin = (ms) =>
    Promise.race([ended, new Promise((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const resolve = waiting.get(params.uri);
    if (resolve) {
      waiting.delete(params.uri);
      resolve(params.diagnostics);
    }
  });
  const diagnosticsFor = (uri) => new Promise((resolve) => waiting.set(uri, resolve));
  connection.listen();
  const problems = [];
  try {
    const started = Date.now();
    const init = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(REPO).href,
      workspaceFolders: [{ uri: pathToFileURL(REPO).href, name: 'jiuze' }],
      capabilities: { textDocument: { publishDiagnostics: {}, hover: {}, completion: {} } },
    });
    connection.sendNotification('initialized', {});
    console.log(`handshake: 初始化 ${Date.now() - started} ms，服务器：${(init.serverInfo || {}).name || '（未报名称）'}`);
    if (!init.capabilities || init.capabilities.textDocumentSync === undefined) {
      problems.push('服务器没有声明 textDocumentSync');
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuze-handshake-'));
    const bad = path.join(dir, '缺句号.jz');
    const badText = '谓词 办案人(警察, 案件)。\n办案人(张三, 案1)\n';
    fs.writeFileSync(bad, badText);
    const badDiagnostics = await openAndWait(connection, diagnosticsFor, bad, badText);
    const errors = badDiagnostics.filter((d) => d.severity === 1);
    if (!errors.length) problems.push(`缺句号的文件没有错误诊断：${JSON.stringify(badDiagnostics)}`);
    else if (!/[\u4e00-\u9fff]/.test(errors[0].message)) problems.push(`诊断不是中文：${errors[0].message}`);
    else console.log(`handshake: 缺句号 → ${errors[0].range.start.line + 1}:${errors[0].range.start.character + 1} ${errors[0].message.split('\n')[0]}`);

    const good = path.join(REPO, 'logic', 'national', '02-执法过错.jz');
    const goodDiagnostics = await openAndWait(connection, diagnosticsFor, good, fs.readFileSync(good, 'utf8'));
    const goodErrors = goodDiagnostics.filter((d) => d.severity === 1);
    if (goodErrors.length) problems.push(`全国规则库文件报告了错误：${JSON.stringify(goodErrors)}`);
    else console.log(`handshake: logic/national/02-执法过错.jz → ${goodDiagnostics.length} 条诊断，无错误`);

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    if (!(await exitsWithin(5000))) problems.push('服务器收到 exit 后 5 秒内没有退出');
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
  return problems;
}

async function main() {
  const configured = process.env.JIUZE_SERVER;
  const server = resolveServer({ path: configured || 'jiuze' }, [REPO]);
  if (server.problem) return skip(server.problem);
  const help = spawnSync(server.command, [...server.args, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return skip(`${server.command} 没有 lsp 命令或缺少组件：${(help.stderr || '').trim().split('\n').pop()}`);
  const timer = setTimeout(() => {
    console.error(`handshake: ${TIMEOUT_MS / 1000} 秒内没有完成`);
    process.exit(1);
  }, TIMEOUT_MS);
  const problems = await session(server);
  clearTimeout(timer);
  problems.forEach((p) => console.log(`  ${p}`));
  console.log(`handshake: ${problems.length ? '失败' : '通过'}（${server.command} ${server.args.join(' ')}）`);
  if (problems.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
