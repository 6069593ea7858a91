// Grammar agreement: the TextMate grammar must colour every token of every
// .jz file in the repository the way the real parser reads it.
//
// tests/lark_tokens.py parses each file with grammar/jiuze.lark (Lark, LALR,
// contextual lexer: the project's own settings) and says what each token is;
// here each token must line up with TextMate tokens (same start and end) that
// carry the scope expected for it.  Files that do not parse (deliberately bad
// test inputs) are counted and left out.
'use strict';
const fs = require('fs');
const path = require('path');
const { loadGrammar, tokenizeText } = require('./tokenize');
const { findPython, larkTokens } = require('./lark');

const EXT = path.resolve(__dirname, '..');
const REPO = path.resolve(EXT, '..', '..');

/** Lark token role (terminal name, or what a NAME is) → the scope it must carry. */
const SCOPE = {
  ARTICLE: 'entity.name.type.article',
  DATE: 'constant.numeric.date',
  INT: 'constant.numeric.integer',
  VAR: 'variable.other',
  parameter: 'variable.parameter',
  predicate: 'entity.name.function.predicate',
  declared: 'entity.name.function.predicate.declaration',
  constant: 'constant.other.symbol',
  scenario: 'entity.name.section.scenario',
  STRING: 'string.quoted',
  COMMENT: 'comment.line',
  COMPARE: 'keyword.operator.comparison',
  EQUALS: 'keyword.operator.assignment',
  ADDOP: 'keyword.operator.arithmetic',
  MULOP: 'keyword.operator.arithmetic',
  _END: 'punctuation.terminator.statement',
  _COMMA: 'punctuation.separator.comma',
  _COLON: 'punctuation.separator.colon',
  _LPAR: 'punctuation.section.parens.begin',
  _RPAR: 'punctuation.section.parens.end',
  _LBRACE: 'punctuation.section.block.begin',
  _RBRACE: 'punctuation.section.block.end',
  WHOLE: 'constant.language.all',
  DECLARATORY: 'keyword.other.article-meta',
  DIRECTION: 'keyword.other.parameter.direction',
  _EXPECT_NOT: 'keyword.control.expect',
};
const KEYWORD_SCOPE = {
  IF: 'keyword.control.conditional',
  AND: 'keyword.operator.wordlike.logical',
  NOT: 'keyword.operator.wordlike.logical',
  PREDICATE: 'keyword.other.declaration',
  READS: 'keyword.other.reads',
  COUNT: 'keyword.other.aggregate',
  SCENARIO: 'keyword.other.scenario',
  EXPECT: 'keyword.control.expect',
  OVER: 'keyword.other.priority',
  CONTRARY: 'keyword.other.contrary',
  WITH: 'keyword.other.contrary',
  ARTICLE: 'keyword.other.article',
  VALID: 'keyword.other.article-meta',
  UNTIL: 'keyword.other.article-meta',
  STRICT: 'storage.modifier.strength',
  DEFEASIBLE: 'storage.modifier.strength',
  DEFEATER: 'storage.modifier.strength',
  MUST: 'storage.modifier.modality',
  MAY: 'storage.modifier.modality',
  MUST_NOT: 'storage.modifier.modality',
  BASE: 'keyword.other.overlay',
  OVERLAY_NAME: 'keyword.other.overlay',
  ISSUER: 'keyword.other.overlay',
  EFFECTIVE: 'keyword.other.overlay',
  AMEND: 'keyword.other.overlay',
  REPEAL: 'keyword.other.overlay',
  ADD: 'keyword.other.overlay',
  DEVIATION: 'keyword.other.overlay',
  PARAMETER: 'keyword.other.parameter',
  SETTING: 'keyword.other.parameter',
  NATIONAL: 'constant.language.national',
};

function expectedScope(token) {
  if (token.role === 'VAR' && token.text === '_') return 'variable.language.anonymous';
  if (SCOPE[token.role]) return SCOPE[token.role];
  const m = /^_?(.*)_(ZH|EN)$/.exec(token.role);
  return m ? KEYWORD_SCOPE[m[1]] : undefined;
}

function jzFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // build/ and dist/ hold copies made by pip (build/lib/jiuze/logic/...).
    if (['node_modules', '.venv', '.git', 'build', 'dist'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jzFiles(full));
    else if (entry.name.endsWith('.jz')) out.push(full);
  }
  return out;
}

/** Problems with one Lark token against the TextMate tokens of its line. */
function compare(token, tmByLine) {
  const want = `${expectedScope(token)}.jiuze`;
  const overlapping = (tmByLine[token.line] || []).filter((t) => t.start < token.end && t.end > token.start);
  const whole = token.role === 'STRING' || token.role === 'COMMENT';
  const has = (t) => t.scopes.some((s) => (whole ? s.startsWith(want.replace(/\.jiuze$/, '')) : s === want));
  if (!overlapping.every(has)) {
    return `应有 ${want}，实际 ${overlapping.map((t) => `「${t.text}」${t.scopes.at(-1)}`).join(' ')}`;
  }
  const first = overlapping[0];
  const last = overlapping[overlapping.length - 1];
  if (first.start !== token.start || last.end !== token.end) {
    return `范围不一致：解析器 ${token.start}-${token.end}，TextMate ${first.start}-${last.end}`;
  }
  return null;
}

async function main() {
  const python = findPython();
  if (!python) {
    const message = '找不到装有 lark 的 Python（设置 JIUZE_PYTHON，或在仓库根目录建立 .venv）';
    if (process.env.CI) throw new Error(message);
    console.log(`agreement: 跳过：${message}`);
    return;
  }
  const files = jzFiles(REPO).sort();
  const dump = larkTokens(python, files);
  const grammar = await loadGrammar();
  let checked = 0;
  let parsedFiles = 0;
  const problems = [];
  // A terminal added to grammar/jiuze.lark after this table was written is
  // reported, not failed: highlighting lagging behind the language should not
  // block a change to the language.  Every known kind must still agree.
  const unknownKinds = new Map();
  for (const file of dump) {
    if (file.error) continue;
    parsedFiles += 1;
    const tm = [];
    for (const t of tokenizeText(grammar, fs.readFileSync(file.file, 'utf8'))) (tm[t.line] ||= []).push(t);
    for (const token of file.tokens) {
      if (!expectedScope(token)) {
        unknownKinds.set(token.role, `${path.relative(REPO, file.file)}:${token.line + 1}:${token.start + 1}`);
        continue;
      }
      checked += 1;
      const problem = compare(token, tm);
      const where = `${path.relative(REPO, file.file)}:${token.line + 1}:${token.start + 1}`;
      if (problem) problems.push(`${where} 「${token.text}」(${token.role})：${problem}`);
    }
  }
  const skipped = dump.length - parsedFiles;
  console.log(
    `agreement: ${parsedFiles} 个文件、${checked} 个记号与解析器一致性检查；` +
      `${skipped} 个有语法错误的文件未比较；${problems.length} 处不一致`,
  );
  dump
    .filter((file) => file.error)
    .forEach((file) => console.log(`  未比较（语法错误）：${path.relative(REPO, file.file)}`));
  for (const [kind, where] of unknownKinds) {
    console.log(`  注意：解析器有本测试不认识的记号种类 ${kind}（例如 ${where}）：请在 syntaxes/build.js 与 tests/agreement.js 中补上`);
  }
  problems.slice(0, 40).forEach((p) => console.log(`  ${p}`));
  // Not vacuous: every file of the national rulebook must have been compared.
  const national = path.join(REPO, 'logic', 'national') + path.sep;
  const nationalDump = dump.filter((file) => file.file.startsWith(national));
  if (!nationalDump.length || nationalDump.some((file) => file.error || !file.tokens.length)) {
    problems.push(`全国规则库的文件没有全部参与比较（${nationalDump.length} 个）`);
    console.log(`  ${problems[problems.length - 1]}`);
  }
  if (problems.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
