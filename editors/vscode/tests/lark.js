// The real parser, from node: finds a Python with lark and runs
// tests/lark_tokens.py (grammar/jiuze.lark, the project's parser settings).
'use strict';
const path = require('path');
const { execFileSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..', '..');

/** JIUZE_PYTHON, else the repository's .venv, else python3 — the first that imports lark. */
function findPython() {
  const candidates = [process.env.JIUZE_PYTHON, path.join(REPO, '.venv', 'bin', 'python'), 'python3'];
  for (const python of candidates.filter(Boolean)) {
    try {
      execFileSync(python, ['-c', 'import lark'], { stdio: 'ignore' });
      return python;
    } catch (_) {
      // try the next one
    }
  }
  return null;
}

/** [{file, error, tokens}] for each file, as tests/lark_tokens.py reports them. */
function larkTokens(python, files) {
  const script = path.join(__dirname, 'lark_tokens.py');
  const grammar = path.join(REPO, 'grammar', 'jiuze.lark');
  return JSON.parse(execFileSync(python, [script, grammar, ...files], { maxBuffer: 1 << 28, encoding: 'utf8' }));
}

module.exports = { REPO, findPython, larkTokens };
