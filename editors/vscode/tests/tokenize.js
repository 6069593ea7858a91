// Tokenizes .jz text with the extension's TextMate grammar, the way VS Code
// does (vscode-textmate + the Oniguruma regex engine compiled to wasm).
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', 'syntaxes', 'jiuze.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.jiuze'
        ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR)
        : null,
  });
  return registry.loadGrammar('source.jiuze');
}

/** Tokens of each line: [{line, start, end, text, scopes}] (columns in UTF-16 units). */
function tokenizeText(grammar, text) {
  const out = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, lineIndex) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      out.push({
        line: lineIndex,
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes,
      });
    }
    state = result.ruleStack;
  });
  return out;
}

module.exports = { loadGrammar, tokenizeText };

if (require.main === module) {
  // node tests/tokenize.js FILE: print each token with its innermost scope.
  loadGrammar().then((grammar) => {
    const text = fs.readFileSync(process.argv[2], 'utf8');
    for (const t of tokenizeText(grammar, text)) {
      if (t.text.trim()) console.log(`${t.line + 1}:${t.start}\t${t.text}\t${t.scopes.slice(1).join(' ')}`);
    }
  });
}
