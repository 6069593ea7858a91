// Which command starts the language server.  Kept free of the `vscode` module
// so that it can be tested with plain node (tests/server.test.js).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const DEFAULT_PATH = 'jiuze';
const DEFAULT_ARGS = ['lsp'];

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch (_) {
    return false;
  }
}

/** `~` and `${workspaceFolder}` in a configured path, as VS Code users write them. */
function expand(configured, workspaceFolder) {
  let out = configured.trim();
  if (out === '~' || out.startsWith('~/')) out = path.join(os.homedir(), out.slice(1));
  if (workspaceFolder) out = out.split('${workspaceFolder}').join(workspaceFolder);
  return out;
}

/** A bare name looked up on PATH, as the operating system would (PATHEXT on Windows). */
function onPath(name, env) {
  const dirs = (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** The project's own virtual environment: where a drafter working in a clone of jiuze has it. */
function inWorkspaceVenv(workspaceFolders) {
  const rel = process.platform === 'win32' ? ['.venv', 'Scripts', 'jiuze.exe'] : ['.venv', 'bin', 'jiuze'];
  for (const folder of workspaceFolders) {
    const candidate = path.join(folder, ...rel);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/**
 * The server command from the settings.
 *
 * settings: { path, args } as in `jiuze.server.*`; workspaceFolders: file-system paths.
 * Returns { command, args } when an executable was found, or { problem } with a
 * Chinese message saying what was tried and how to fix it.
 */
function resolveServer(settings, workspaceFolders = [], env = process.env) {
  const configured = (settings && settings.path) || DEFAULT_PATH;
  const args = settings && Array.isArray(settings.args) ? settings.args.map(String) : DEFAULT_ARGS;
  const expanded = expand(configured, workspaceFolders[0]);
  const hasDir = expanded.includes('/') || expanded.includes('\\');
  let command = null;
  if (hasDir) {
    const absolute = path.resolve(workspaceFolders[0] || process.cwd(), expanded);
    command = isExecutableFile(absolute) ? absolute : null;
  } else {
    command = onPath(expanded, env);
    if (!command && configured === DEFAULT_PATH) command = inWorkspaceVenv(workspaceFolders);
  }
  if (command) return { command, args };
  const tried = hasDir ? `文件 ${expanded} 不存在或不可执行` : `在 PATH 中找不到 ${expanded}`;
  return {
    problem:
      `无法启动究责语言服务器：${tried}。` +
      '请安装 jiuze（pip install "jiuze[lsp]"），或在设置 jiuze.server.path 中填写 jiuze 可执行文件的完整路径。' +
      '语法高亮不受影响。',
  };
}

module.exports = { resolveServer, DEFAULT_ARGS, DEFAULT_PATH };
