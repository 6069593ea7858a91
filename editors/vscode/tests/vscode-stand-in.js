// A stand-in for the `vscode` module, just enough for the bundled extension
// and vscode-languageclient to run under plain node (VS Code itself cannot be
// downloaded on CI).  Everything the client library and the server do is
// real; only the editor host is replaced.  Known pieces (settings, workspace
// folders, output channel, messages, Uri) behave like VS Code's; any other
// API is an inert callable that records its name in `calls`.
'use strict';
const { pathToFileURL, fileURLToPath } = require('url');

function createStandIn({ settings, workspaceFolder }) {
  const calls = [];
  const messages = [];
  const log = [];

  function inert(name) {
    return new Proxy(function () {}, {
      get(_, prop) {
        if (prop === 'then') return undefined; // not a promise
        if (prop === Symbol.iterator) return function* () {};
        if (prop === Symbol.toPrimitive) return () => name;
        if (prop === 'dispose') return () => {};
        return inert(`${name}.${String(prop)}`);
      },
      apply() {
        calls.push(name);
        return inert(`${name}()`);
      },
      construct() {
        calls.push(`new ${name}`);
        return inert(`new ${name}`);
      },
    });
  }
  const withFallback = (prefix, known) =>
    new Proxy(known, { get: (target, prop) => (prop in target ? target[prop] : inert(`${prefix}.${String(prop)}`)) });

  class Uri {
    constructor(fsPath) {
      this.scheme = 'file';
      this.fsPath = fsPath;
      this.path = fsPath;
    }
    toString() {
      return pathToFileURL(this.fsPath).href;
    }
    toJSON() {
      return this.toString();
    }
    static file(p) {
      return new Uri(p);
    }
    static parse(text) {
      return new Uri(fileURLToPath(text));
    }
  }

  const vscode = withFallback('vscode', {
    version: '1.95.0',
    Uri,
    env: { appName: 'vscode-stand-in', language: 'zh-cn', machineId: 'test', sessionId: 'test', uiKind: 1 },
    workspace: withFallback('workspace', {
      workspaceFolders: [{ uri: Uri.file(workspaceFolder), name: 'jiuze', index: 0 }],
      textDocuments: [],
      getConfiguration: (section) => ({
        get: (key, fallback) => ((settings[section] || {})[key] ?? fallback),
        has: (key) => key in (settings[section] || {}),
        inspect: () => undefined,
        update: async () => {},
      }),
    }),
    window: withFallback('window', {
      createOutputChannel: (name) => ({
        name,
        append: (text) => log.push(text),
        appendLine: (line) => log.push(line),
        replace() {},
        clear() {},
        show() {},
        hide() {},
        dispose() {},
      }),
      showErrorMessage: async (message) => {
        messages.push(message);
        return undefined;
      },
    }),
  });
  return { vscode, calls, messages, log };
}

module.exports = { createStandIn };
