// Renders a .jz file to HTML with the extension's grammar and a Dark+-like
// theme, the way VS Code colours TextMate tokens (vscode-textmate's own theme
// matching).  Used for docs/images/vscode-highlight.png:
//   node tools/render.js tools/sample.jz > /tmp/sample.html
//   chromium --headless --screenshot=../../docs/images/vscode-highlight.png \
//     --window-size=1400,760 /tmp/sample.html
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', 'syntaxes', 'jiuze.tmLanguage.json');
// Colours of VS Code's Dark+ theme for the scopes the grammar uses.
const THEME = {
  name: 'dark-plus-like',
  settings: [
    { settings: { foreground: '#D4D4D4', background: '#1E1E1E' } },
    { scope: 'comment', settings: { foreground: '#6A9955' } },
    { scope: 'string', settings: { foreground: '#CE9178' } },
    { scope: 'constant.numeric', settings: { foreground: '#B5CEA8' } },
    { scope: 'constant.language', settings: { foreground: '#569CD6' } },
    { scope: 'constant.other.placeholder', settings: { foreground: '#9CDCFE' } },
    { scope: 'keyword', settings: { foreground: '#569CD6' } },
    { scope: 'keyword.control', settings: { foreground: '#C586C0' } },
    { scope: 'keyword.operator', settings: { foreground: '#D4D4D4' } },
    { scope: 'keyword.operator.wordlike', settings: { foreground: '#569CD6' } },
    { scope: 'storage', settings: { foreground: '#569CD6' } },
    { scope: 'entity.name.function', settings: { foreground: '#DCDCAA' } },
    { scope: 'entity.name.type', settings: { foreground: '#4EC9B0' } },
    { scope: 'variable', settings: { foreground: '#9CDCFE' } },
    { scope: 'variable.language', settings: { foreground: '#569CD6' } },
  ],
};

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
    theme: THEME,
  });
  const grammar = await registry.loadGrammar('source.jiuze');
  const colors = registry.getColorMap();
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let state = vsctm.INITIAL;
  const rows = fs
    .readFileSync(process.argv[2], 'utf8')
    .replace(/\n$/, '')
    .split('\n')
    .map((line, i) => {
      const { tokens, ruleStack } = grammar.tokenizeLine2(line, state);
      state = ruleStack;
      let html = '';
      for (let k = 0; k < tokens.length; k += 2) {
        const start = tokens[k];
        const end = k + 2 < tokens.length ? tokens[k + 2] : line.length;
        const fg = colors[(tokens[k + 1] >>> 15) & 0x1ff]; // foreground bits of the encoded token (vscode-textmate 7)
        html += `<span style="color:${fg}">${escape(line.slice(start, end))}</span>`;
      }
      return `<div><span class="n">${i + 1}</span>${html}</div>`;
    });
  process.stdout.write(`<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#1E1E1E;color:#D4D4D4;font:15px/1.55 "WenQuanYi Micro Hei Mono","Noto Sans Mono CJK SC",monospace;padding:12px 0}
div{white-space:pre}.n{display:inline-block;width:3.2em;text-align:right;margin-right:1.4em;color:#858585}
</style>${rows.join('\n')}\n`);
}

main();
