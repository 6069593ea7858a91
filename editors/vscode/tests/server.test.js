// How the extension finds the server command (src/server.js), on real files.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { resolveServer } = require('../src/server');

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jiuze-vscode-'));
}

function executable(file, mode = 0o755) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, mode);
  return file;
}

test('the default name is looked up on PATH and started with `lsp`', () => {
  const bin = tempDir();
  const jiuze = executable(path.join(bin, 'jiuze'));
  assert.deepStrictEqual(resolveServer({}, [], { PATH: bin }), { command: jiuze, args: ['lsp'] });
});

test('configured arguments replace the default', () => {
  const bin = tempDir();
  executable(path.join(bin, 'jiuze'));
  const server = resolveServer({ path: 'jiuze', args: ['lsp', '--verbose'] }, [], { PATH: bin });
  assert.deepStrictEqual(server.args, ['lsp', '--verbose']);
});

test('a file on PATH that is not executable is not taken', () => {
  const bin = tempDir();
  executable(path.join(bin, 'jiuze'), 0o644);
  const server = resolveServer({}, [], { PATH: bin });
  assert.match(server.problem, /在 PATH 中找不到 jiuze/);
});

test('without jiuze on PATH, the workspace .venv is used', () => {
  const workspace = tempDir();
  const jiuze = executable(path.join(workspace, '.venv', 'bin', 'jiuze'));
  assert.strictEqual(resolveServer({}, [workspace], { PATH: '' }).command, jiuze);
});

test('a configured bare name does not fall back to the workspace .venv', () => {
  const workspace = tempDir();
  executable(path.join(workspace, '.venv', 'bin', 'jiuze'));
  const server = resolveServer({ path: 'jiuze-dev' }, [workspace], { PATH: '' });
  assert.match(server.problem, /在 PATH 中找不到 jiuze-dev/);
  assert.match(server.problem, /jiuze\.server\.path/);
});

test('${workspaceFolder} and relative paths resolve against the first workspace folder', () => {
  const workspace = tempDir();
  const jiuze = executable(path.join(workspace, 'env', 'bin', 'jiuze'));
  assert.strictEqual(resolveServer({ path: '${workspaceFolder}/env/bin/jiuze' }, [workspace]).command, jiuze);
  assert.strictEqual(resolveServer({ path: 'env/bin/jiuze' }, [workspace]).command, jiuze);
});

test('~ is the home directory', () => {
  const home = tempDir();
  const jiuze = executable(path.join(home, 'bin', 'jiuze'));
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    assert.strictEqual(resolveServer({ path: '~/bin/jiuze' }).command, jiuze);
  } finally {
    process.env.HOME = saved;
  }
});

test('a missing configured file is reported in Chinese with the path', () => {
  const server = resolveServer({ path: '/nonexistent/jiuze' });
  assert.strictEqual(server.command, undefined);
  assert.match(server.problem, /文件 \/nonexistent\/jiuze 不存在或不可执行/);
});
